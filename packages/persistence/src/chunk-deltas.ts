// Small writes in the chunks layout (log-structured, like an LSM tree): instead of rewriting a
// 500-document chunk for one changed document, the document goes into its own small "delta"
// record in the same object store — `null` for a deletion (a tombstone). A delta overrides every
// copy of its key in the chunks. Once enough deltas pile up, a later write rewrites the chunks
// they make stale, from memory, and deletes them in the same transaction.
//
// Chunk keys are numbers and delta keys are arrays ['d', primaryKey]: IndexedDB orders every
// number before every array, so the chunks are one key range and the deltas another.
import type { Key } from '@ramify-db/core';
import type { IDBPDatabase } from 'idb';
import { isTupleText, type KeyPath } from './compound-keys';
import { show } from './errors';
import { isKey, keyOf } from './layout';

/** A write touching fewer keys than this writes deltas instead of chunks. */
export const DELTA_WRITE_LIMIT = 50;
/** More live deltas than this: the next write compacts them into their chunks. */
export const DELTA_COMPACT_AT = 500;

const TAG = 'd';
/** Below every array key, above every chunk number. */
export const DELTAS_FROM: IDBValidKey = [];

export function deltaKey(key: Key): IDBValidKey {
  return [TAG, key];
}

/** A delta as read from disk: the document, or null for a deletion. */
export interface StoredDelta {
  key: Key;
  doc: unknown;
}

export interface BadDelta {
  recordKey: IDBValidKey;
  value: unknown;
  problem: string;
}

/** What a record in the deltas' key range is: a delta of `key`, or a problem (it overrides nothing then). */
export function checkDelta(recordKey: IDBValidKey, value: unknown, keyPath: KeyPath): { key: Key } | { problem: string } {
  const key = Array.isArray(recordKey) && recordKey.length === 2 && recordKey[0] === TAG ? recordKey[1] : undefined;
  // A compound key's text is parsed back into a tuple when the key is written: it must be one.
  if (!isKey(key) || (typeof keyPath !== 'string' && !isTupleText(key, keyPath))) return { problem: `record ${show(recordKey)} is neither a chunk nor a delta` };
  if (value !== null && keyOf(value, keyPath) !== key) return { problem: `delta of key ${show(key)} does not hold a document with that key` };
  return { key };
}

/** Every delta record of a store; malformed ones apart (they override nothing and are left alone). */
export async function readDeltas(db: IDBPDatabase, store: string, keyPath: KeyPath): Promise<{ deltas: Map<Key, unknown>; bad: BadDelta[] }> {
  const source = db.transaction(store, 'readonly').store;
  const range = IDBKeyRange.lowerBound(DELTAS_FROM);
  const [keys, values] = await Promise.all([source.getAllKeys(range), source.getAll(range)]);
  const deltas = new Map<Key, unknown>();
  const bad: BadDelta[] = [];
  keys.forEach((recordKey, i) => {
    const value = values[i];
    const delta = checkDelta(recordKey, value, keyPath);
    if ('problem' in delta) bad.push({ recordKey, value, problem: delta.problem });
    else deltas.set(delta.key, value);
  });
  return { deltas, bad };
}
