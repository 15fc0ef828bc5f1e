// The raw document and index bookkeeping every write ends in. Callers validate first: nothing here
// can fail, which is what lets a failed write leave no trace.
import { noteAdded, noteRemoved } from './sorted-values';
import type { CollectionState, StoredDoc } from './state';
import type { Key } from './types';
import { clearIndex, indexDoc, unindexDoc, type ValueIndex } from './value-index';
import { sameValue } from './value-order';

export function insertDoc(collection: CollectionState, key: Key, doc: StoredDoc): void {
  collection.docs.set(key, doc);
  noteAdded(collection.keys, key);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) if (indexes[i].built) indexDoc(indexes[i], key, doc);
}

export function removeDoc(collection: CollectionState, key: Key, doc: StoredDoc): void {
  collection.docs.delete(key);
  noteRemoved(collection.keys);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) if (indexes[i].built) unindexDoc(indexes[i], key, doc);
}

/** Replaces a document under the same key, touching only the indexes whose value changed. */
export function replaceDoc(collection: CollectionState, key: Key, before: StoredDoc, after: StoredDoc): void {
  collection.docs.set(key, after);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i];
    if (!index.built) continue;
    const a = index.read(before);
    const b = index.read(after);
    if (a === b || (!index.multiEntry && sameValue(a, b))) continue;
    unindexDoc(index, key, before);
    indexDoc(index, key, after);
  }
}

export function clearDocs(collection: CollectionState): void {
  collection.docs.clear();
  const keys = collection.keys;
  keys.values = [];
  keys.pending = [];
  keys.stale = 0;
  for (const index of collection.indexes) {
    clearIndex(index);
    index.built = true;
  }
}

/**
 * Below this many documents a bulk write maintains indexes as it goes; above it, and when the
 * write is at least a quarter of the collection (a load, not an edit), the indexes wait.
 */
const DEFER_FROM = 256;

/**
 * Before a large bulk write: stops maintaining the secondary indexes, to build each one in a single
 * pass when a query first needs it. A hydration of 100k documents then pays for copying and
 * validating them, and each index costs nothing until it is used.
 */
export function deferIndexes(collection: CollectionState, incoming: number): void {
  if (incoming < DEFER_FROM || incoming * 4 < collection.docs.size + incoming) return;
  for (const index of collection.indexes) {
    if (index.unique || !index.built) continue;
    clearIndex(index);
    index.built = false;
  }
}

/** Makes a deferred index usable: one pass over the documents. */
export function ensureBuilt(collection: CollectionState, index: ValueIndex): void {
  if (index.built) return;
  index.built = true;
  collection.docs.forEach((doc, key) => indexDoc(index, key, doc));
}
