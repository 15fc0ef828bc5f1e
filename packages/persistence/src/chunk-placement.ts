// Which chunk holds each document, for the chunks layout. A chunk holds at most CHUNK_SIZE
// documents and about CHUNK_BYTES of estimated serialized size (browsers refuse very large records,
// and one refused chunk would block every later write); a larger document gets a chunk of its own.
// Freed room is reused by later inserts (chunks the same write rewrites anyway first), a chunk that
// falls below a quarter full is merged into another sparse one, and a chunk found too large when it
// is written is split. "Dirty" chunks no longer match their record: the next write rewrites them.
//
// A document's size is estimated when it is written and kept with its key; chunks read at hydration
// are measured only once a write needs their size. Every change goes through the undo log, so a
// write that fails leaves the bookkeeping as it was.
//
// Hydration hands over each chunk's keys as one array (what the core's bulkAdd returned): the maps
// from key to chunk are built from them when something first needs them, which is the first write.
// A cold start that only reads never builds them, and the one that writes builds them after the
// first answers, not before.
import type { Key } from '@ramify-db/core';
import type { StoredDocument } from './layout';
import { isKey } from './layout';
import { estimateSize } from './size-estimate';
import type { CollectionLike } from './types';
import type { UndoLog } from './undo-log';

export const CHUNK_SIZE = 500;
/** The bound on a chunk's estimated serialized size, in bytes. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
const SPARSE = CHUNK_SIZE / 4;
/** The size of a document read at hydration, until a write needs it. */
const UNMEASURED = -1;

/** Groups `docs`, in order, into chunks within both bounds (migrations, which write without the bookkeeping). */
export function packChunks(docs: readonly unknown[]): unknown[][] {
  const packed: unknown[][] = [];
  let current: unknown[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = estimateSize(doc, CHUNK_BYTES);
    if (current.length > 0 && (current.length === CHUNK_SIZE || bytes + size > CHUNK_BYTES)) {
      packed.push(current);
      current = [];
      bytes = 0;
    }
    current.push(doc);
    bytes += size;
  }
  if (current.length > 0) packed.push(current);
  return packed;
}

interface Chunk {
  /** Its keys, each with the estimated size of its document (UNMEASURED until needed). */
  keys: Map<Key, number>;
  /** Stored documents memory rejected at hydration, written back as they were. */
  kept: StoredDocument[];
  /** The estimated size of its record; undefined until measured. Known means every key is measured. */
  bytes: number | undefined;
  /** The write that created it: a failed write drops its new chunks whole, so changes inside them need no undo. */
  born: number;
}

export interface ChunkPlacement {
  /** Chunks to rewrite at the next write. */
  readonly dirty: ReadonlySet<number>;
  /** Documents and kept records placed. */
  readonly total: number;
  chunkOf(key: Key): number | undefined;
  /** Hydration: a chunk number found on disk, never reused for another chunk. */
  seen(at: number): void;
  /** Hydration: `key` is stored in chunk `at`. */
  load(key: Key, at: number): void;
  /** Hydration: these keys are stored in chunk `at` (the array is kept as it is). */
  loadAll(keys: readonly Key[], at: number): void;
  /** A stored document memory rejected, written back in chunk `at` (any chunk with room when undefined). */
  keep(stored: StoredDocument, at: number | undefined): void;
  /** Drops the kept document of `key`, if any: a newer write of that key replaces it. */
  dropKept(key: Key): void;
  /** A key memory holds and no chunk does: placed in a chunk with room, or a new one. Returns its chunk. */
  add(key: Key): number;
  /** A key whose document changed in chunk `at`: its size is estimated again. */
  update(key: Key, at: number): void;
  remove(key: Key, at: number): void;
  markDirty(at: number): void;
  /** Starts placing the keys of a write (new keys go first into chunks it rewrites anyway). */
  startWrite(): void;
  /** Merges chunks the write left sparse, then issues the record of every dirty chunk, splitting any found too large. */
  write(put: (at: number, docs: unknown[]) => void, drop: (at: number) => void): number[];
  /** The write committed: every chunk matches its record. */
  clean(): void;
  /** Forgets every chunk: the store is being cleared. */
  reset(): void;
}

export function createChunkPlacement(collection: CollectionLike, log: UndoLog): ChunkPlacement {
  let chunks = new Map<number, Chunk>();
  let chunkOf = new Map<Key, number>();
  /** Kept documents that still have a usable key: a newer write of that key replaces them. */
  let keptChunkOf = new Map<Key, number>();
  /** Chunks with room for more documents. */
  let room = new Set<number>();
  /** Only a committed write empties it. */
  let dirty = new Set<number>();
  let nextChunk = 0;
  let total = 0;
  /** The chunk the last new key of this write went to. */
  let target: number | undefined;
  /** Numbers the writes (0: hydration). */
  let writes = 0;
  /** Keys loaded per chunk, not yet in `chunks` and `chunkOf`. */
  let unindexed: [number, readonly Key[]][] = [];

  function loadAll(keys: readonly Key[], at: number): void {
    // Hydration, the hot path: nothing to undo, nothing per key.
    if (keys.length === 0) return;
    unindexed.push([at, keys]);
    if (at >= nextChunk) nextChunk = at + 1;
    total += keys.length;
  }

  /** Puts the keys loaded at hydration into the maps. Not a change a write could undo: never logged. */
  function index(): void {
    if (unindexed.length === 0) return;
    const loaded = unindexed;
    unindexed = [];
    for (const [at, keys] of loaded) {
      let chunk = chunks.get(at);
      if (chunk === undefined) {
        chunk = { keys: new Map(), kept: [], bytes: undefined, born: 0 };
        chunks.set(at, chunk);
      }
      const map = chunk.keys;
      for (let i = 0; i < keys.length; i++) {
        map.set(keys[i], UNMEASURED);
        chunkOf.set(keys[i], at);
      }
      chunk.bytes = undefined;
      if (countOf(chunk) < CHUNK_SIZE) room.add(at);
      else room.delete(at);
    }
  }

  const countOf = (chunk: Chunk) => chunk.keys.size + chunk.kept.length;
  const docSize = (key: Key) => estimateSize(collection.get(key), CHUNK_BYTES);

  function scalars(): void {
    const before = { total, nextChunk };
    log.step(() => ({ total, nextChunk } = before));
  }

  function chunkAt(at: number, bytes: number | undefined): Chunk {
    let chunk = chunks.get(at);
    if (chunk === undefined) {
      chunk = { keys: new Map(), kept: [], bytes, born: writes };
      log.set(chunks, at, chunk);
      log.add(room, at);
      if (at >= nextChunk) nextChunk = at + 1;
    }
    return chunk;
  }

  function noteRoom(at: number, chunk: Chunk): void {
    if (countOf(chunk) < CHUNK_SIZE && (chunk.bytes === undefined || chunk.bytes < CHUNK_BYTES)) log.add(room, at);
    else log.delete(room, at);
  }

  const isNew = (chunk: Chunk) => chunk.born === writes && writes > 0;

  function setBytes(chunk: Chunk, bytes: number | undefined): void {
    if (isNew(chunk)) chunk.bytes = bytes;
    else log.assign(chunk, 'bytes', bytes);
  }

  function measure(chunk: Chunk): number {
    if (chunk.bytes !== undefined) return chunk.bytes;
    let bytes = 0;
    for (const [key, size] of chunk.keys) {
      if (size !== UNMEASURED) {
        bytes += size;
        continue;
      }
      // Not undone with a failed write: the estimate follows memory, not the write.
      const measured = docSize(key);
      chunk.keys.set(key, measured);
      bytes += measured;
    }
    for (const stored of chunk.kept) bytes += estimateSize(stored.doc, CHUNK_BYTES);
    setBytes(chunk, bytes);
    return bytes;
  }

  /** Whether a document of `size` goes into chunk `at` (an empty chunk takes any). */
  function fits(at: number, size: number): boolean {
    const chunk = chunks.get(at);
    if (chunk === undefined) return false;
    const count = countOf(chunk);
    return count === 0 || (count < CHUNK_SIZE && measure(chunk) + size <= CHUNK_BYTES);
  }

  /** Places a key no chunk holds. */
  function insert(key: Key, at: number, size: number): void {
    const chunk = chunkAt(at, 0);
    if (isNew(chunk)) chunk.keys.set(key, size);
    else log.setNew(chunk.keys, key, size);
    if (chunk.bytes !== undefined) setBytes(chunk, chunk.bytes + size);
    log.setNew(chunkOf, key, at);
    total++;
    noteRoom(at, chunk);
  }

  function remove(key: Key, at: number): void {
    const chunk = chunks.get(at) as Chunk;
    const size = chunk.keys.get(key) as number;
    if (isNew(chunk)) chunk.keys.delete(key);
    else log.unset(chunk.keys, key);
    if (chunk.bytes !== undefined) setBytes(chunk, chunk.bytes - size);
    log.unset(chunkOf, key);
    total--;
    noteRoom(at, chunk);
  }

  function setKept(chunk: Chunk, kept: StoredDocument[]): void {
    if (isNew(chunk)) chunk.kept = kept;
    else log.assign(chunk, 'kept', kept);
    setBytes(chunk, undefined);
  }

  function keepIn(at: number, stored: StoredDocument): void {
    const chunk = chunkAt(at, undefined);
    setKept(chunk, [...chunk.kept, stored]);
    total++;
    noteRoom(at, chunk);
    if (isKey(stored.key)) log.set(keptChunkOf, stored.key, at);
  }

  /** Where a new document of `size` goes: a chunk this write rewrites anyway, else any with room, else a new one. */
  function pickChunk(size: number): number {
    for (const at of room) if (dirty.has(at) && fits(at, size)) return at;
    for (const at of room) if (!dirty.has(at) && fits(at, size)) return at;
    return nextChunk;
  }

  /** Merges each sparse dirty chunk into another sparse one, when both fit in one record. */
  function compact(): void {
    for (const at of [...dirty]) {
      const chunk = chunks.get(at);
      if (chunk === undefined) continue;
      const count = countOf(chunk);
      if (count === 0 || count >= SPARSE) continue;
      let into: number | undefined;
      for (const other of room) {
        if (other === at) continue;
        const otherCount = countOf(chunks.get(other) as Chunk);
        if (otherCount > 0 && otherCount < SPARSE && measure(chunks.get(other) as Chunk) + measure(chunk) <= CHUNK_BYTES) {
          into = other;
          break;
        }
      }
      if (into !== undefined) moveAll(at, chunk, into);
    }
  }

  function moveAll(at: number, chunk: Chunk, into: number): void {
    for (const [key, size] of [...chunk.keys]) {
      remove(key, at);
      insert(key, into, size);
    }
    const target = chunks.get(into) as Chunk;
    for (const stored of chunk.kept) if (isKey(stored.key)) log.set(keptChunkOf, stored.key, into);
    setKept(target, [...target.kept, ...chunk.kept]);
    setKept(chunk, []);
    noteRoom(into, target);
    log.add(dirty, into);
  }

  /** Moves documents out of chunk `at` into new chunks until its record fits (one document may exceed alone). */
  function split(at: number, chunk: Chunk): void {
    let bytes = 0;
    let count = 0;
    const fitsHere = (size: number) => {
      const stays = count === 0 || bytes + size <= CHUNK_BYTES;
      if (stays) {
        bytes += size;
        count++;
      }
      return stays;
    };
    const movedKeys = [...chunk.keys].filter(([, size]) => !fitsHere(size));
    const movedKept = chunk.kept.map((stored) => [stored, estimateSize(stored.doc, CHUNK_BYTES)] as const).filter(([, size]) => !fitsHere(size));
    let to: number | undefined;
    const destination = (size: number) => {
      // New chunks only: a chunk this write already issued would not be issued again.
      if (to === undefined || !fits(to, size)) {
        to = nextChunk;
        chunkAt(to, 0);
        log.add(dirty, to);
      }
      return to;
    };
    for (const [key, size] of movedKeys) {
      remove(key, at);
      insert(key, destination(size), size);
    }
    if (movedKept.length === 0) return;
    const leaving = new Set(movedKept.map(([stored]) => stored));
    setKept(chunk, chunk.kept.filter((stored) => !leaving.has(stored)));
    for (const [stored, size] of movedKept) {
      const into = destination(size);
      const receiving = chunks.get(into) as Chunk;
      setKept(receiving, [...receiving.kept, stored]);
      if (isKey(stored.key)) log.set(keptChunkOf, stored.key, into);
      noteRoom(into, receiving);
    }
    noteRoom(at, chunk);
  }

  function recordOf(chunk: Chunk): unknown[] {
    const docs: unknown[] = [];
    for (const key of chunk.keys.keys()) {
      const doc = collection.get(key);
      if (doc !== undefined) docs.push(doc);
    }
    for (const stored of chunk.kept) docs.push(stored.doc);
    return docs;
  }

  return {
    get dirty() {
      index();
      return dirty;
    },
    get total() {
      return total;
    },
    chunkOf(key) {
      index();
      return chunkOf.get(key);
    },
    seen(at) {
      if (at >= nextChunk) nextChunk = at + 1;
    },
    load: (key, at) => loadAll([key], at),
    loadAll,
    keep(stored, at) {
      index();
      if (at !== undefined) return keepIn(at, stored);
      const chosen = pickChunk(estimateSize(stored.doc, CHUNK_BYTES));
      keepIn(chosen, stored);
      log.add(dirty, chosen);
    },
    dropKept(key) {
      if (keptChunkOf.size === 0) return;
      index();
      const at = keptChunkOf.get(key);
      if (at === undefined) return;
      log.unset(keptChunkOf, key);
      const chunk = chunks.get(at) as Chunk;
      const before = chunk.kept.length;
      setKept(chunk, chunk.kept.filter((stored) => stored.key !== key));
      total -= before - chunk.kept.length;
      noteRoom(at, chunk);
      log.add(dirty, at);
    },
    add(key) {
      index();
      const size = docSize(key);
      if (target === undefined || !fits(target, size)) target = pickChunk(size);
      insert(key, target, size);
      return target;
    },
    update(key, at) {
      index();
      const chunk = chunks.get(at) as Chunk;
      const old = chunk.keys.get(key) as number;
      const size = docSize(key);
      if (isNew(chunk)) chunk.keys.set(key, size);
      else log.set(chunk.keys, key, size);
      if (chunk.bytes !== undefined) setBytes(chunk, chunk.bytes + size - old);
      noteRoom(at, chunk);
    },
    remove(key, at) {
      index();
      remove(key, at);
    },
    markDirty(at) {
      index();
      log.add(dirty, at);
    },
    startWrite() {
      index();
      writes++;
      scalars();
      target = undefined;
    },
    write(put, drop) {
      index();
      compact();
      const rewritten: number[] = [];
      // A Set: the chunks a split adds are visited too.
      for (const at of dirty) {
        rewritten.push(at);
        const chunk = chunks.get(at);
        if (chunk === undefined || countOf(chunk) === 0) {
          drop(at);
          log.unset(chunks, at);
          log.delete(room, at);
          continue;
        }
        if (countOf(chunk) > 1 && measure(chunk) > CHUNK_BYTES) split(at, chunk);
        put(at, recordOf(chunk));
      }
      return rewritten;
    },
    clean() {
      dirty = new Set();
    },
    reset() {
      index();
      const old = { chunks, chunkOf, keptChunkOf, room, dirty };
      log.step(() => ({ chunks, chunkOf, keptChunkOf, room, dirty } = old));
      chunks = new Map();
      chunkOf = new Map();
      keptChunkOf = new Map();
      room = new Set();
      dirty = new Set();
      nextChunk = 0;
      total = 0;
      target = undefined;
    },
  };
}
