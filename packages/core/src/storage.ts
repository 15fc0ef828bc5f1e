// The raw document and index bookkeeping every write ends in. Callers validate first: nothing here
// can fail, which is what lets a failed write leave no trace.
import { Thawed, type CollectionState, type StoredDoc } from './state';
import type { Key } from './types';
import { buildOrdered, clearIndex, indexDoc, unindexDoc, type ValueIndex } from './value-index';
import { freezeDocument } from './frozen';
import { createOrderedValues } from './ordered-values';
import { sameValue } from './value-order';

/** The document stored under `key`, for the store's own use: it may not be frozen yet. */
export function docOf(collection: CollectionState, key: Key): StoredDoc | undefined {
  const slot = collection.slots.get(key);
  return slot === undefined ? undefined : collection.docs[slot];
}

/** The document in `slot`, frozen if no read had handed it out yet: what every read returns. */
export function handOut(collection: CollectionState, slot: number): StoredDoc {
  const doc = collection.docs[slot] as StoredDoc;
  if (collection.thawedCount > 0 && collection.thawed[slot] > 0) {
    collection.thawed[slot] = 0;
    collection.thawedCount--;
    freezeDocument(doc);
  }
  return doc;
}

/** The document stored under `key`, handed out (frozen). */
export function readDoc(collection: CollectionState, key: Key): StoredDoc | undefined {
  const slot = collection.slots.get(key);
  return slot === undefined ? undefined : handOut(collection, slot);
}

/** The state of a document no read handed out: frozen already, or whatever `state` was before. */
export function thawedState(collection: CollectionState, key: Key): Thawed {
  const slot = collection.slots.get(key);
  return slot === undefined || !(collection.thawed[slot] > 0) ? Thawed.Not : (collection.thawed[slot] as Thawed);
}

/** Notes what the document now in `slot` needs before a read hands it out. */
function setThawed(collection: CollectionState, slot: number, state: Thawed): void {
  const was = collection.thawed[slot] > 0;
  if (state !== Thawed.Not && slot >= collection.thawed.length) {
    const grown = new Uint8Array(Math.max(1024, Math.ceil(collection.docs.length * 1.5)));
    grown.set(collection.thawed);
    collection.thawed = grown;
  }
  if (was || state !== Thawed.Not) collection.thawed[slot] = state;
  collection.thawedCount += (state !== Thawed.Not ? 1 : 0) - (was ? 1 : 0);
}

/** What a document put back from before needs: one no read handed out may hold the caller's objects. */
export function stateOf(doc: StoredDoc): Thawed {
  return Object.isFrozen(doc) ? Thawed.Not : Thawed.Adopted;
}

/** The primary key of the document in `slot` (a top-level own field, checked when it was written). */
export function keyAt(collection: CollectionState, slot: number): Key {
  const doc = collection.docs[slot] as StoredDoc;
  return collection.keyParts === undefined ? (doc[collection.primaryKey] as Key) : (collection.keyIndex.read(doc) as Key);
}

/** Every document, in slot order, handed out. */
export function allDocs(collection: CollectionState): StoredDoc[] {
  const docs = collection.docs;
  const out: StoredDoc[] = new Array(collection.slots.size);
  let n = 0;
  for (let slot = 0; slot < docs.length; slot++) if (docs[slot] !== undefined) out[n++] = handOut(collection, slot);
  return out;
}

/** Every primary key, in slot order (no document is handed out). */
export function allKeys(collection: CollectionState): Key[] {
  const docs = collection.docs;
  const out: Key[] = new Array(collection.slots.size);
  let n = 0;
  for (let slot = 0; slot < docs.length; slot++) if (docs[slot] !== undefined) out[n++] = keyAt(collection, slot);
  return out;
}

/** Whether an index is kept by writes: a deferred one is not, but a unique one always checks its values. */
function maintained(index: ValueIndex): boolean {
  return index.built || index.owners !== undefined;
}

/** Stores a new document under a key it does not hold; returns its slot. */
export function insertDoc(collection: CollectionState, key: Key, doc: StoredDoc, state: Thawed): number {
  const slot = collection.free.length > 0 ? (collection.free.pop() as number) : collection.docs.length;
  collection.docs[slot] = doc;
  collection.slots.set(key, slot);
  setThawed(collection, slot, state);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) if (maintained(indexes[i])) indexDoc(indexes[i], slot, doc);
  if (collection.keyIndex.built) indexDoc(collection.keyIndex, slot, doc);
  return slot;
}

export function removeDoc(collection: CollectionState, key: Key, doc: StoredDoc): void {
  const slot = collection.slots.get(key) as number;
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) if (maintained(indexes[i])) unindexDoc(indexes[i], slot, doc);
  if (collection.keyIndex.built) unindexDoc(collection.keyIndex, slot, doc);
  collection.slots.delete(key);
  collection.docs[slot] = undefined;
  setThawed(collection, slot, Thawed.Not);
  collection.free.push(slot);
}

/** Replaces a document under the same key (a new one, not frozen yet), touching only the indexes whose value changed. */
export function replaceDoc(collection: CollectionState, key: Key, before: StoredDoc, after: StoredDoc, state: Thawed): void {
  const slot = collection.slots.get(key) as number;
  collection.docs[slot] = after;
  setThawed(collection, slot, state);
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i];
    if (!maintained(index)) continue;
    const a = index.read(before);
    const b = index.read(after);
    if (a === b || (!index.multiEntry && sameValue(a, b))) continue;
    unindexDoc(index, slot, before);
    indexDoc(index, slot, after);
  }
}

/** Puts back an equal document's earlier identity: no index value differs, so no index changes. */
export function restoreIdentity(collection: CollectionState, key: Key, doc: StoredDoc): void {
  const slot = collection.slots.get(key) as number;
  collection.docs[slot] = doc;
  setThawed(collection, slot, stateOf(doc));
}

export function clearDocs(collection: CollectionState): void {
  collection.docs = [];
  collection.slots.clear();
  collection.free.length = 0;
  collection.thawed = new Uint8Array(0);
  collection.thawedCount = 0;
  for (const index of collection.indexes) {
    clearIndex(index);
    index.built = true;
  }
  clearIndex(collection.keyIndex);
  collection.keyIndex.built = false;
}

/**
 * Below this many documents a bulk write maintains indexes as it goes; above it, and when the
 * write is at least a quarter of the collection (a load, not an edit), the indexes wait.
 */
const DEFER_FROM = 256;

/**
 * Before a large bulk write: stops maintaining the ordered values of every index, to build each
 * one in a single pass when a query first needs it. A hydration of 100k documents then pays for
 * copying and validating them, and each index costs nothing until it is used. Unique indexes keep
 * checking every write through their Map of owners.
 */
export function deferIndexes(collection: CollectionState, incoming: number): void {
  if (incoming < DEFER_FROM || incoming * 4 < collection.slots.size + incoming) return;
  for (const index of [...collection.indexes, collection.keyIndex]) {
    if (!index.built) continue;
    index.ordered = createOrderedValues();
    index.built = false;
  }
}

/** Makes a deferred index usable: one pass over the documents. */
export function ensureBuilt(collection: CollectionState, index: ValueIndex): void {
  if (index.built) return;
  buildOrdered(index, collection.docs, collection.thawed);
  index.built = true;
}

/** A tag no slot is marked with yet, and the marks to use it on (sized for every slot). */
export function freshTag(collection: CollectionState): number {
  if (collection.marks.length < collection.docs.length) {
    collection.marks = new Int32Array(Math.max(1024, Math.ceil(collection.docs.length * 1.5)));
    collection.tag = 0;
  }
  if (collection.tag === 0x7fffffff) {
    collection.marks.fill(0);
    collection.tag = 0;
  }
  return ++collection.tag;
}
