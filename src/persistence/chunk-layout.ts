// Layout 'chunks': documents grouped ~500 to a record, keyed by chunk number. A write rewrites only
// the chunks holding touched keys, from memory. Freed room is reused by later inserts (chunks the
// same write rewrites anyway first), and a chunk that falls below a quarter full is merged into
// another sparse one, so deletions do not leave thousands of tiny records behind.
//
// A write of only a few documents writes delta records instead (see chunk-deltas.ts); the chunks
// they make stale are rewritten later, all at once.
//
// In memory: key → chunk number, and each chunk's keys. The documents themselves are only in the
// store; a chunk's record is rebuilt from them when it is written.
import type { Key } from '@ramify-db/core';
import type { CollectionChanges } from './changes';
import { DELTA_COMPACT_AT, DELTA_WRITE_LIMIT, DELTAS_FROM, deltaKey, readDeltas } from './chunk-deltas';
import { META_STORE, type MetaRow } from './internal-stores';
import { show } from './errors';
import { isKey, keyOf, type LayoutAdapter, type StoredDocument } from './layout';
import { readByRanges, retryRead } from './read-store';
import type { CollectionLike } from './types';
import { createUndoLog } from './undo-log';

export const CHUNK_SIZE = 500;
/** Chunk numbers are integers from 0 up to this (exclusive): `nextChunk + 1` stays exact. */
const CHUNK_NUMBERS = 2 ** 32;
/** `at` of a document read from a delta record, and of one read from a misplaced record. */
const FROM_DELTA = -1;
const MOVING = -2;
const SPARSE = CHUNK_SIZE / 4;
const READ_CHUNKS = 4;

export function isChunkNumber(key: IDBValidKey): key is number {
  return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < CHUNK_NUMBERS;
}

interface Chunk {
  keys: Set<Key>;
  /** Stored documents memory rejected at hydration, written back as they were. */
  kept: StoredDocument[];
}

export function createChunkLayout(collection: CollectionLike): LayoutAdapter {
  const name = collection.collectionName;
  const primaryKey = String(collection.primaryKey);
  // Every change a write makes to what follows goes through `log`, so a failed write is undone.
  const log = createUndoLog();
  let chunks = new Map<number, Chunk>();
  let chunkOf = new Map<Key, number>();
  /** Kept documents that still have a usable key: a newer write of that key replaces them. */
  let keptChunkOf = new Map<Key, number>();
  /** Chunks with room for more documents. */
  let room = new Set<number>();
  /** Chunks to rewrite; only a committed write empties it. */
  let dirty = new Set<number>();
  /** Keys that may have a delta record on disk; every one of them holds the key's state in memory. */
  let deltaKeys = new Set<Key>();
  /** Deltas memory rejected at hydration: left on disk as they are until their key is written. */
  let keptDeltas = new Set<Key>();
  /** Chunks whose record is out of date for keys with a delta; rewritten when deltas are compacted. */
  let owed = new Set<number>();
  /** Documents loaded from deltas or misplaced records while hydrating, not yet given a chunk. */
  const unplaced = new Map<Key, typeof FROM_DELTA | typeof MOVING>();
  /** Rejected documents of misplaced records while hydrating, not yet given a chunk. */
  let homeless: StoredDocument[] = [];
  /** Records under keys that are not chunk numbers: their documents were moved, the next write deletes them. */
  let misplaced: IDBValidKey[] = [];
  /** What the last stage() did, for settle(). */
  let staged: { rewritten: number[]; compacted: Key[] } = { rewritten: [], compacted: [] };
  let nextChunk = 0;
  let total = 0;

  const sizeOf = (chunk: Chunk) => chunk.keys.size + chunk.kept.length;

  function chunkAt(at: number): Chunk {
    let chunk = chunks.get(at);
    if (chunk === undefined) {
      chunk = { keys: new Set(), kept: [] };
      log.set(chunks, at, chunk);
      log.add(room, at);
      if (at >= nextChunk) nextChunk = at + 1;
    }
    return chunk;
  }

  function noteRoom(at: number, chunk: Chunk): void {
    if (sizeOf(chunk) < CHUNK_SIZE) log.add(room, at);
    else log.delete(room, at);
  }

  function setKept(chunk: Chunk, kept: StoredDocument[]): void {
    const old = chunk.kept;
    chunk.kept = kept;
    log.step(() => {
      chunk.kept = old;
    });
  }

  function insert(key: Key, at: number): void {
    const chunk = chunkAt(at);
    log.add(chunk.keys, key);
    log.set(chunkOf, key, at);
    total++;
    noteRoom(at, chunk);
  }

  function remove(key: Key, at: number): void {
    const chunk = chunks.get(at) as Chunk;
    log.delete(chunk.keys, key);
    log.unset(chunkOf, key);
    total--;
    log.add(room, at);
  }

  function dropKept(key: Key): void {
    const at = keptChunkOf.get(key);
    if (at === undefined) return;
    log.unset(keptChunkOf, key);
    const chunk = chunks.get(at) as Chunk;
    const before = chunk.kept.length;
    setKept(chunk, chunk.kept.filter((stored) => stored.key !== key));
    total -= before - chunk.kept.length;
    log.add(room, at);
    log.add(dirty, at);
  }

  /** Where a new key goes: a chunk this write rewrites anyway, else any with room, else a new one. */
  function pickChunk(): number {
    let any: number | undefined;
    for (const at of room) {
      if (dirty.has(at)) return at;
      any ??= at;
    }
    return any ?? nextChunk;
  }

  /** Forgets every chunk and delta: the store is being cleared. */
  function reset(): void {
    const old = { chunks, chunkOf, keptChunkOf, room, dirty, deltaKeys, keptDeltas, owed, misplaced };
    log.step(() => ({ chunks, chunkOf, keptChunkOf, room, dirty, deltaKeys, keptDeltas, owed, misplaced } = old));
    chunks = new Map();
    chunkOf = new Map();
    keptChunkOf = new Map();
    room = new Set();
    dirty = new Set();
    deltaKeys = new Set();
    keptDeltas = new Set();
    owed = new Set();
    misplaced = [];
    nextChunk = 0;
    total = 0;
  }

  /** A stored document memory rejected, written back in chunk `at` as it was. */
  function keepIn(at: number, stored: StoredDocument): void {
    const chunk = chunkAt(at);
    chunk.kept.push(stored);
    total++;
    noteRoom(at, chunk);
    if (isKey(stored.key)) keptChunkOf.set(stored.key, at);
  }

  function compact(): void {
    for (const at of [...dirty]) {
      const chunk = chunks.get(at);
      if (chunk === undefined) continue;
      const size = sizeOf(chunk);
      if (size === 0 || size >= SPARSE) continue;
      let into: number | undefined;
      for (const other of room) {
        if (other === at) continue;
        const otherSize = sizeOf(chunks.get(other) as Chunk);
        if (otherSize > 0 && otherSize < SPARSE) {
          into = other;
          break;
        }
      }
      if (into === undefined) continue;
      const target = chunks.get(into) as Chunk;
      for (const key of chunk.keys) {
        log.add(target.keys, key);
        log.set(chunkOf, key, into);
      }
      for (const stored of chunk.kept) if (isKey(stored.key)) log.set(keptChunkOf, stored.key, into);
      setKept(target, [...target.kept, ...chunk.kept]);
      setKept(chunk, []);
      const moved = chunk.keys;
      chunk.keys = new Set();
      log.step(() => {
        chunk.keys = moved;
      });
      noteRoom(into, target);
      log.add(dirty, into);
    }
  }

  function recordOf(chunk: Chunk): unknown[] {
    const docs: unknown[] = [];
    for (const key of chunk.keys) {
      const doc = collection.get(key);
      if (doc !== undefined) docs.push(doc);
    }
    for (const stored of chunk.kept) docs.push(stored.doc);
    return docs;
  }

  return {
    collection,
    scope: [name, META_STORE],
    async count(_db, row: MetaRow | undefined) {
      return row?.count ?? 0;
    },
    async *read(db) {
      // Deltas first: they are the newest writes, and decide which chunk copies are out of date.
      // The chunks are already being read meanwhile, in their own transaction: one round trip, not two.
      const chunkBatches = readByRanges(db, name, READ_CHUNKS, DELTAS_FROM);
      const firstChunks = chunkBatches.next();
      // Awaited below unless reading the deltas fails first: not an unhandled rejection then.
      firstChunks.catch(() => undefined);
      try {
        const { deltas, bad } = await retryRead(db, name, () => readDeltas(db, name, primaryKey));
        const first: StoredDocument[] = bad.map((delta) => ({ doc: delta.value, key: undefined, at: FROM_DELTA, problem: delta.problem, delta: true }));
        for (const [key, doc] of deltas) {
          deltaKeys.add(key);
          if (doc !== null) first.push({ doc, key, at: FROM_DELTA, delta: true });
        }
        if (first.length > 0) yield first;
        for (let next = await firstChunks; next.done !== true; next = await chunkBatches.next()) {
          const records = next.value;
          const batch: StoredDocument[] = [];
          for (const [recordKey, value] of records) {
            const numbered = isChunkNumber(recordKey);
            if (numbered && recordKey >= nextChunk) nextChunk = recordKey + 1;
            if (!Array.isArray(value)) {
              // Not ours to rewrite: its number is never reused, and nothing else touches it.
              batch.push({ doc: value, key: undefined, at: MOVING, problem: `record ${show(recordKey)} is not an array of documents` });
              continue;
            }
            // Documents under any other key (written by hand, a damaged store) are loaded, then moved
            // into numbered chunks by the next write, which deletes the record.
            if (!numbered) misplaced.push(recordKey);
            const at = numbered ? recordKey : MOVING;
            for (const doc of value) {
              const key = keyOf(doc, primaryKey);
              if (!isKey(key) || !deltas.has(key)) {
                batch.push({ doc, key, at });
                continue;
              }
              if (!numbered) continue;
              owed.add(at);
              // A loaded delta's document lives in the first chunk holding an old copy of it.
              if (unplaced.get(key) === FROM_DELTA) {
                unplaced.delete(key);
                insert(key, at);
              }
            }
          }
          yield batch;
        }
        // Only a delta (owed: the delta stands for them until compaction) or a misplaced record
        // (dirty: moved at the next write) holds these: chunks with room take them.
        for (const [key, from] of unplaced) {
          const at = pickChunk();
          (from === FROM_DELTA ? owed : dirty).add(at);
          insert(key, at);
        }
        unplaced.clear();
        for (const stored of homeless) {
          const at = pickChunk();
          dirty.add(at);
          keepIn(at, stored);
        }
        homeless = [];
      } finally {
        // Stops the chunk read if this one ends early (the deltas could not be read).
        void chunkBatches.return(undefined);
      }
    },
    placed(key, at) {
      if (chunkOf.has(key) || unplaced.has(key)) {
        // A second stored copy (a damaged store): its chunk is rewritten without it at the next write.
        if (at >= 0) dirty.add(at);
        return;
      }
      // A rejected copy read earlier is stale now that a good one is loaded.
      dropKept(key);
      // From a delta or a misplaced record: given a chunk once every chunk is read.
      if (at < 0) unplaced.set(key, at === FROM_DELTA ? FROM_DELTA : MOVING);
      else insert(key, at);
    },
    keep(stored) {
      if (stored.problem !== undefined) return;
      if (stored.delta === true) {
        const key = stored.key as Key;
        deltaKeys.delete(key);
        keptDeltas.add(key);
        return;
      }
      if (stored.at < 0) homeless.push(stored);
      else keepIn(stored.at, stored);
    },
    stage(tx, changes: CollectionChanges) {
      log.begin();
      const before = { total, nextChunk };
      log.step(() => ({ total, nextChunk } = before));
      const store = tx.objectStore(name);
      if (changes.cleared) {
        store.clear();
        reset();
      }
      // A few documents: one small delta each instead of their chunks.
      const small = !changes.cleared && changes.keys.size < DELTA_WRITE_LIMIT;
      const stale = small ? owed : dirty;
      let target: number | undefined;
      for (const key of changes.keys) {
        dropKept(key);
        const at = chunkOf.get(key);
        const doc = collection.get(key);
        if (doc !== undefined) {
          if (at !== undefined) {
            log.add(stale, at);
          } else {
            if (target === undefined || !room.has(target)) target = pickChunk();
            insert(key, target);
            log.add(stale, target);
          }
        } else if (at !== undefined) {
          remove(key, at);
          log.add(stale, at);
        } else if (!deltaKeys.has(key) && !keptDeltas.has(key)) {
          continue;
        }
        // An existing delta would override the rewritten chunk: it always follows memory.
        if (small || deltaKeys.has(key) || keptDeltas.has(key)) {
          store.put(doc ?? null, deltaKey(key));
          log.add(deltaKeys, key);
          log.delete(keptDeltas, key);
        }
      }
      const compacted = deltaKeys.size > DELTA_COMPACT_AT ? [...deltaKeys] : [];
      if (compacted.length > 0) for (const at of owed) log.add(dirty, at);
      compact();
      const rewritten: number[] = [];
      for (const at of dirty) {
        rewritten.push(at);
        const chunk = chunks.get(at);
        if (chunk === undefined || sizeOf(chunk) === 0) {
          store.delete(at);
          log.unset(chunks, at);
          log.delete(room, at);
        } else {
          store.put(recordOf(chunk), at);
        }
      }
      for (const key of compacted) store.delete(deltaKey(key));
      for (const key of misplaced) store.delete(key);
      staged = { rewritten, compacted };
      const row: MetaRow = { collection: name, layout: 'chunks', primaryKey, count: total };
      tx.objectStore(META_STORE).put(row);
    },
    settle(committed) {
      if (!committed) {
        log.rollback();
        return;
      }
      log.commit();
      // A chunk rewritten from memory is up to date whatever deltas say.
      for (const at of staged.rewritten) owed.delete(at);
      for (const key of staged.compacted) deltaKeys.delete(key);
      dirty = new Set();
      misplaced = [];
    },
  };
}
