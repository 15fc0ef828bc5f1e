// Layout 'chunks': documents grouped to records of at most CHUNK_SIZE documents and about
// CHUNK_BYTES, keyed by chunk number (chunk-placement.ts decides which chunk holds which document).
// A write rewrites only the chunks holding touched keys, from memory.
//
// A write of only a few documents writes delta records instead (see chunk-deltas.ts); the chunks
// they make stale are rewritten later, all at once.
//
// In memory: key → chunk number, and each chunk's keys. The documents themselves are only in the
// store; a chunk's record is rebuilt from them when it is written.
import type { Key } from '@ramify-db/core';
import type { CollectionChanges } from './changes';
import { DELTA_COMPACT_AT, DELTA_WRITE_LIMIT, DELTAS_FROM, deltaKey, readDeltas } from './chunk-deltas';
import { createChunkPlacement } from './chunk-placement';
import { show } from './errors';
import { META_STORE, type MetaRow } from './internal-stores';
import { fieldOf, isKey, keyOf, type LayoutAdapter, type LoadBatch, type StoredDocument } from './layout';
import { readByRanges, retryRead } from './read-store';
import type { CollectionLike } from './types';
import { createUndoLog } from './undo-log';

export { CHUNK_BYTES, CHUNK_SIZE } from './chunk-placement';
/** Chunk numbers are integers from 0 up to this (exclusive): `nextChunk + 1` stays exact. */
const CHUNK_NUMBERS = 2 ** 32;
/** `at` of a document read from a delta record, and of one read from a misplaced record. */
const FROM_DELTA = -1;
const MOVING = -2;
const READ_CHUNKS = 2;

export function isChunkNumber(key: IDBValidKey): key is number {
  return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < CHUNK_NUMBERS;
}

export function createChunkLayout(collection: CollectionLike): LayoutAdapter {
  const name = collection.collectionName;
  const keyPath = collection.primaryKey;
  // Every change a write makes to the bookkeeping goes through `log`, so a failed write is undone.
  const log = createUndoLog();
  const placement = createChunkPlacement(collection, log);
  /** Keys that may have a delta record on disk; every one of them holds the key's state in memory. */
  let deltaKeys = new Set<Key>();
  /** Deltas memory rejected at hydration: left on disk as they are until their key is written. */
  let keptDeltas = new Set<Key>();
  /** Chunks whose record is out of date for keys with a delta; rewritten when deltas are compacted. */
  let owed = new Set<number>();
  /** Records under keys that are not chunk numbers: their documents were moved, the next write deletes them. */
  let misplaced: IDBValidKey[] = [];
  /** Documents loaded from deltas or misplaced records while hydrating, not yet given a chunk. */
  const unplaced = new Map<Key, typeof FROM_DELTA | typeof MOVING>();
  /** Rejected documents of misplaced records while hydrating, not yet given a chunk. */
  let homeless: StoredDocument[] = [];
  /** What the last stage() did, for settle(). */
  let staged: { rewritten: number[]; compacted: Key[] } = { rewritten: [], compacted: [] };

  /**
   * A chunk's documents but those a delta replaces (read with the deltas, they are loaded from
   * there). Their chunk is out of date until the deltas are compacted into it.
   */
  function withoutDeltas(docs: unknown[], at: number, deltas: ReadonlyMap<Key, unknown>): unknown[] {
    let kept: unknown[] | undefined;
    for (let i = 0; i < docs.length; i++) {
      const key = keyOf(docs[i], keyPath);
      if (!isKey(key) || !deltas.has(key)) {
        kept?.push(docs[i]);
        continue;
      }
      kept ??= docs.slice(0, i);
      if (at < 0) continue;
      owed.add(at);
      // A loaded delta's document lives in the first chunk holding an old copy of it.
      if (unplaced.get(key) === FROM_DELTA) {
        unplaced.delete(key);
        placement.load(key, at);
      }
    }
    return kept ?? docs;
  }

  /**
   * What only a delta (owed: the delta stands for them until compaction) or a misplaced record
   * (dirty: moved at the next write) holds goes into chunks with room. Done by the first write, not
   * at hydration: placing needs the maps of every chunk, which hydration does not build.
   */
  function placeLoose(): void {
    for (const [key, from] of unplaced) {
      const at = placement.add(key);
      if (from === FROM_DELTA) owed.add(at);
      else placement.markDirty(at);
    }
    unplaced.clear();
    for (const stored of homeless) placement.keep(stored, undefined);
    homeless = [];
  }

  /** Forgets every chunk and delta: the store is being cleared. */
  function reset(): void {
    placement.reset();
    const old = { deltaKeys, keptDeltas, owed, misplaced };
    log.step(() => ({ deltaKeys, keptDeltas, owed, misplaced } = old));
    deltaKeys = new Set();
    keptDeltas = new Set();
    owed = new Set();
    misplaced = [];
  }

  return {
    collection,
    scope: [name, META_STORE],
    async count(_db, row: MetaRow | undefined) {
      // Saved by the last write, for progress only: a damaged row counts nothing.
      const count = fieldOf(row, 'count');
      return Number.isSafeInteger(count) && (count as number) >= 0 ? (count as number) : 0;
    },
    async *read(db) {
      // Deltas first: they are the newest writes, and decide which chunk copies are out of date.
      // The chunks are already being read meanwhile, in their own transaction: one round trip, not two.
      const chunkBatches = readByRanges(db, name, READ_CHUNKS, DELTAS_FROM);
      const firstChunks = chunkBatches.next();
      // Awaited below unless reading the deltas fails first: not an unhandled rejection then.
      firstChunks.catch(() => undefined);
      try {
        const { deltas, bad } = await retryRead(db, name, () => readDeltas(db, name, keyPath));
        const first: LoadBatch[] = bad.map((delta) => ({ docs: [delta.value], at: FROM_DELTA, delta: true, problem: delta.problem }));
        const docs: unknown[] = [];
        for (const [key, doc] of deltas) {
          deltaKeys.add(key);
          if (doc !== null) docs.push(doc);
        }
        if (docs.length > 0) first.push({ docs, at: FROM_DELTA, delta: true });
        if (first.length > 0) yield first;
        for (let next = await firstChunks; next.done !== true; next = await chunkBatches.next()) {
          const batches: LoadBatch[] = [];
          const { keys, values } = next.value;
          const records = values();
          for (let i = 0; i < keys.length; i++) {
            const recordKey = keys[i];
            const value = records[i];
            const numbered = isChunkNumber(recordKey);
            if (numbered) placement.seen(recordKey);
            if (!Array.isArray(value)) {
              // Not ours to rewrite: its number is never reused, and nothing else touches it.
              batches.push({ docs: [value], at: MOVING, problem: `record ${show(recordKey)} is not an array of documents` });
              continue;
            }
            // Documents under any other key (written by hand, a damaged store) are loaded, then moved
            // into numbered chunks by the next write, which deletes the record.
            if (!numbered) misplaced.push(recordKey);
            const at = numbered ? recordKey : MOVING;
            // The chunk's array itself goes to the core, unless deltas replace some of its documents.
            batches.push({ docs: deltas.size === 0 ? value : withoutDeltas(value, at, deltas), at });
          }
          yield batches;
        }
      } finally {
        // Stops the chunk read if this one ends early (the deltas could not be read).
        void chunkBatches.return(undefined);
      }
    },
    loaded(keys, batch) {
      if (batch.at >= 0) {
        // A rejected copy read earlier is stale now that a good one is loaded.
        for (const key of keys) placement.dropKept(key);
        placement.loadAll(keys, batch.at);
        return;
      }
      // From a delta or a misplaced record: given a chunk once every chunk is read.
      for (const key of keys) {
        placement.dropKept(key);
        unplaced.set(key, batch.at === FROM_DELTA ? FROM_DELTA : MOVING);
      }
    },
    placed(key, at) {
      if (placement.chunkOf(key) !== undefined || unplaced.has(key)) {
        // A second stored copy (a damaged store): its chunk is rewritten without it at the next write.
        if (at >= 0) placement.markDirty(at);
        return;
      }
      placement.dropKept(key);
      if (at < 0) unplaced.set(key, at === FROM_DELTA ? FROM_DELTA : MOVING);
      else placement.load(key, at);
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
      else placement.keep(stored, stored.at);
    },
    stage(tx, changes: CollectionChanges) {
      // Not part of this write: outside the undo log, so a failed write does not undo it.
      placeLoose();
      log.begin();
      placement.startWrite();
      const store = tx.objectStore(name);
      if (changes.cleared) {
        store.clear();
        reset();
      }
      // A few documents: one small delta each instead of their chunks.
      const small = !changes.cleared && changes.keys.size < DELTA_WRITE_LIMIT;
      const stale = (at: number) => (small ? log.add(owed, at) : placement.markDirty(at));
      for (const key of changes.keys) {
        placement.dropKept(key);
        const at = placement.chunkOf(key);
        const doc = collection.get(key);
        if (doc !== undefined) {
          if (at === undefined) stale(placement.add(key));
          else {
            placement.update(key, at);
            stale(at);
          }
        } else if (at !== undefined) {
          placement.remove(key, at);
          stale(at);
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
      if (compacted.length > 0) for (const at of owed) placement.markDirty(at);
      const rewritten = placement.write(
        (at, docs) => store.put(docs, at),
        (at) => store.delete(at),
      );
      for (const key of compacted) store.delete(deltaKey(key));
      for (const key of misplaced) store.delete(key);
      staged = { rewritten, compacted };
      const row: MetaRow = { collection: name, layout: 'chunks', primaryKey: keyPath, count: placement.total };
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
      placement.clean();
      misplaced = [];
    },
  };
}
