// Layout 'chunks': documents grouped ~500 to a record, keyed by chunk number. A write rewrites only
// the chunks holding touched keys, from memory. Freed room is reused by later inserts (chunks the
// same write rewrites anyway first), and a chunk that falls below a quarter full is merged into
// another sparse one, so deletions do not leave thousands of tiny records behind.
//
// In memory: key → chunk number, and each chunk's keys. The documents themselves are only in the
// store; a chunk's record is rebuilt from them when it is written.
import type { Key } from '@ramify-db/core';
import type { CollectionChanges } from './changes';
import { META_STORE, type MetaRow } from './internal-stores';
import { isKey, keyOf, type LayoutAdapter, type StoredDocument } from './layout';
import { readByRanges } from './read-store';
import type { CollectionLike } from './types';

export const CHUNK_SIZE = 500;
const SPARSE = CHUNK_SIZE / 4;
const READ_CHUNKS = 4;

interface Chunk {
  keys: Set<Key>;
  /** Stored documents memory rejected at hydration, written back as they were. */
  kept: StoredDocument[];
}

export function createChunkLayout(collection: CollectionLike): LayoutAdapter {
  const name = collection.collectionName;
  const primaryKey = String(collection.primaryKey);
  const chunks = new Map<number, Chunk>();
  const chunkOf = new Map<Key, number>();
  /** Kept documents that still have a usable key: a newer write of that key replaces them. */
  const keptChunkOf = new Map<Key, number>();
  /** Chunks with room for more documents. */
  const room = new Set<number>();
  /** Chunks to rewrite; only a committed write empties it. */
  let dirty = new Set<number>();
  let nextChunk = 0;
  let total = 0;

  const sizeOf = (chunk: Chunk) => chunk.keys.size + chunk.kept.length;

  function chunkAt(at: number): Chunk {
    let chunk = chunks.get(at);
    if (chunk === undefined) {
      chunk = { keys: new Set(), kept: [] };
      chunks.set(at, chunk);
      room.add(at);
      if (at >= nextChunk) nextChunk = at + 1;
    }
    return chunk;
  }

  function noteRoom(at: number, chunk: Chunk): void {
    if (sizeOf(chunk) < CHUNK_SIZE) room.add(at);
    else room.delete(at);
  }

  function insert(key: Key, at: number): void {
    const chunk = chunkAt(at);
    chunk.keys.add(key);
    chunkOf.set(key, at);
    total++;
    noteRoom(at, chunk);
  }

  function remove(key: Key, at: number): void {
    const chunk = chunks.get(at) as Chunk;
    chunk.keys.delete(key);
    chunkOf.delete(key);
    total--;
    room.add(at);
    dirty.add(at);
  }

  function dropKept(key: Key): void {
    const at = keptChunkOf.get(key);
    if (at === undefined) return;
    keptChunkOf.delete(key);
    const chunk = chunks.get(at) as Chunk;
    const before = chunk.kept.length;
    chunk.kept = chunk.kept.filter((stored) => stored.key !== key);
    total -= before - chunk.kept.length;
    room.add(at);
    dirty.add(at);
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

  function reset(): void {
    chunks.clear();
    chunkOf.clear();
    keptChunkOf.clear();
    room.clear();
    dirty = new Set();
    nextChunk = 0;
    total = 0;
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
        target.keys.add(key);
        chunkOf.set(key, into);
      }
      for (const stored of chunk.kept) {
        target.kept.push(stored);
        if (isKey(stored.key)) keptChunkOf.set(stored.key, into);
      }
      chunk.keys.clear();
      chunk.kept = [];
      noteRoom(into, target);
      dirty.add(into);
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
      for await (const records of readByRanges(db, name, READ_CHUNKS)) {
        const batch: StoredDocument[] = [];
        for (const [chunkKey, value] of records) {
          const at = chunkKey as number;
          if (at >= nextChunk) nextChunk = at + 1;
          if (!Array.isArray(value)) {
            // Not ours to rewrite: its number is never reused, and nothing else touches it.
            batch.push({ doc: value, key: undefined, at, problem: `chunk ${at} is not an array of documents` });
            continue;
          }
          for (const doc of value) batch.push({ doc, key: keyOf(doc, primaryKey), at });
        }
        yield batch;
      }
    },
    placed(key, at) {
      // A second stored copy of a key (a damaged store) is not registered: its chunk drops it when rewritten.
      if (!chunkOf.has(key)) insert(key, at);
    },
    keep(stored) {
      if (stored.problem !== undefined) return;
      const chunk = chunkAt(stored.at);
      chunk.kept.push(stored);
      total++;
      noteRoom(stored.at, chunk);
      if (isKey(stored.key) && !chunkOf.has(stored.key)) keptChunkOf.set(stored.key, stored.at);
    },
    stage(tx, changes: CollectionChanges) {
      const store = tx.objectStore(name);
      if (changes.cleared) {
        store.clear();
        reset();
      }
      let target: number | undefined;
      for (const key of changes.keys) {
        dropKept(key);
        const at = chunkOf.get(key);
        if (collection.get(key) !== undefined) {
          if (at !== undefined) {
            dirty.add(at);
            continue;
          }
          if (target === undefined || !room.has(target)) target = pickChunk();
          insert(key, target);
          dirty.add(target);
        } else if (at !== undefined) {
          remove(key, at);
        }
      }
      compact();
      for (const at of dirty) {
        const chunk = chunks.get(at);
        if (chunk === undefined || sizeOf(chunk) === 0) {
          store.delete(at);
          chunks.delete(at);
          room.delete(at);
        } else {
          store.put(recordOf(chunk), at);
        }
      }
      const row: MetaRow = { collection: name, layout: 'chunks', primaryKey, count: total };
      tx.objectStore(META_STORE).put(row);
    },
    settle(committed) {
      if (committed) dirty = new Set();
    },
  };
}
