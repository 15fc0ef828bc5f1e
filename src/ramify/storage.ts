// The raw document and index bookkeeping every write ends in. Callers validate first: nothing here
// can fail, which is what lets a failed write leave no trace.
import { noteAdded, noteRemoved } from './sorted-values';
import type { CollectionState, StoredDoc } from './state';
import type { Key } from './types';
import { clearIndex, indexDoc, unindexDoc } from './value-index';
import { sameValue } from './value-order';

export function insertDoc(collection: CollectionState, key: Key, doc: StoredDoc): void {
  collection.docs.set(key, doc);
  noteAdded(collection.keys, key);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) indexDoc(indexes[i], key, doc);
}

export function removeDoc(collection: CollectionState, key: Key, doc: StoredDoc): void {
  collection.docs.delete(key);
  noteRemoved(collection.keys);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) unindexDoc(indexes[i], key, doc);
}

/** Replaces a document under the same key, touching only the indexes whose value changed. */
export function replaceDoc(collection: CollectionState, key: Key, before: StoredDoc, after: StoredDoc): void {
  collection.docs.set(key, after);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i];
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
  for (const index of collection.indexes) clearIndex(index);
}
