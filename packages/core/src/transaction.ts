// Atomic units of work. A frame remembers, for each document a write touches, what it was before;
// that one record both undoes the frame and yields its net change events. Bulk operations and
// query modify/delete run in a frame too, which is what makes them atomic.
//
// A document created by the frame has nothing before it to remember. While a frame is the only one
// open (a bulkAdd outside a transaction, or a transaction's own writes), creating one costs a push:
// its slot goes on a list and is stamped with the frame's serial, so a later write to it in the
// same frame knows it is new without a lookup. A 100k-document load keeps no Map of 100k keys.
// When a frame opens inside it, the list becomes ordinary records first.
import { emit } from './events';
import { deepEqual } from './frozen';
import { docOf, freshTag, insertDoc, keyAt, removeDoc, restoreIdentity, stateOf } from './storage';
import type { CollectionState, Frame, FrameRecord, StoreState, StoredDoc } from './state';
import type { Key } from './types';

let serials = 0;

function recordOf(frame: Frame, collection: CollectionState): FrameRecord {
  let record = frame.records.get(collection);
  if (record === undefined) {
    record = { touched: new Map(), created: [] };
    frame.records.set(collection, record);
  }
  return record;
}

/**
 * Called by a write before it changes or removes the document `before` stored under `key`; false
 * when no frame is open (emit at once).
 */
export function recordBefore(collection: CollectionState, key: Key, before: StoredDoc): boolean {
  const frames = collection.store.frames;
  if (frames.length === 0) return false;
  const frame = frames[frames.length - 1];
  const touched = recordOf(frame, collection).touched;
  if (touched.has(key)) return true;
  // A document this frame created had nothing before it.
  const created = frame.fast && collection.born[collection.slots.get(key) as number] === frame.serial;
  touched.set(key, created ? undefined : before);
  return true;
}

/** Called by a write after it stored a new document under `key`, in `slot`; false when no frame is open. */
export function recordCreated(collection: CollectionState, key: Key, slot: number): boolean {
  const frames = collection.store.frames;
  if (frames.length === 0) return false;
  const frame = frames[frames.length - 1];
  const record = recordOf(frame, collection);
  if (!frame.fast) {
    if (!record.touched.has(key)) record.touched.set(key, undefined);
    return true;
  }
  let born = collection.born;
  if (slot >= born.length) {
    born = new Int32Array(Math.max(1024, slot * 2));
    born.set(collection.born);
    collection.born = born;
  }
  // A key the frame already remembers (deleted earlier in it, say) keeps that record.
  if (record.touched.size > 0 && record.touched.has(key)) born[slot] = 0;
  else {
    born[slot] = frame.serial;
    record.created.push(slot);
  }
  return true;
}

/** Called by clear() before it empties the collection; false when no frame is open. */
export function recordClear(collection: CollectionState): boolean {
  const frames = collection.store.frames;
  if (frames.length === 0) return false;
  for (const [key, slot] of collection.slots) recordBefore(collection, key, collection.docs[slot] as StoredDoc);
  frames[frames.length - 1].cleared.add(collection);
  return true;
}

/** The keys of the documents `record` lists as created by `frame` and still there, each once. */
function createdKeys(collection: CollectionState, frame: Frame, record: FrameRecord): Key[] {
  const keys: Key[] = [];
  const { created, touched } = record;
  if (created.length === 0) return keys;
  // A slot emptied and filled again in the frame is listed twice.
  const tag = freshTag(collection);
  const { marks, docs, born } = collection;
  for (let i = 0; i < created.length; i++) {
    const slot = created[i];
    if (marks[slot] === tag || docs[slot] === undefined || born[slot] !== frame.serial) continue;
    marks[slot] = tag;
    const key = keyAt(collection, slot);
    if (touched.size === 0 || !touched.has(key)) keys.push(key);
  }
  return keys;
}

/** Turns the frame's lists of created slots into ordinary records, before a frame opens inside it. */
function materialize(frame: Frame): void {
  for (const [collection, record] of frame.records) {
    for (const key of createdKeys(collection, frame, record)) record.touched.set(key, undefined);
    record.created = [];
  }
  frame.fast = false;
}

export function atomic<R>(store: StoreState, fn: () => R): R {
  const outer = store.frames[store.frames.length - 1];
  if (outer !== undefined && outer.fast) materialize(outer);
  const frame: Frame = { serial: ++serials, fast: outer === undefined, records: new Map(), cleared: new Set() };
  store.frames.push(frame);
  let result: R;
  try {
    result = fn();
  } catch (error) {
    store.frames.pop();
    rollback(frame);
    throw error;
  }
  store.frames.pop();
  const parent = store.frames[store.frames.length - 1];
  if (parent === undefined) emitNet(frame);
  else mergeInto(parent, frame);
  return result;
}

function rollback(frame: Frame): void {
  for (const [collection, record] of frame.records) {
    // First the documents the frame created, then every remembered key back to what it was.
    for (const key of createdKeys(collection, frame, record)) removeDoc(collection, key, docOf(collection, key) as StoredDoc);
    for (const [key, before] of record.touched) {
      const now = docOf(collection, key);
      if (now === before) continue;
      if (now !== undefined) removeDoc(collection, key, now);
      if (before !== undefined) insertDoc(collection, key, before, stateOf(before));
    }
  }
}

/** A frame that opened inside another one has no created lists (see atomic): only records to merge. */
function mergeInto(parent: Frame, child: Frame): void {
  for (const [collection, record] of child.records) {
    const target = parent.records.get(collection);
    if (target === undefined) {
      parent.records.set(collection, record);
      continue;
    }
    for (const [key, before] of record.touched) if (!target.touched.has(key)) target.touched.set(key, before);
  }
  for (const collection of child.cleared) parent.cleared.add(collection);
}

function emitNet(frame: Frame): void {
  for (const [collection, record] of frame.records) {
    const deleted: Key[] = [];
    const updated: Key[] = [];
    const cleared = frame.cleared.has(collection);
    // Nobody hears a collection without listeners (see emit): its new keys need not be listed.
    const heard = collection.listeners.size > 0 || collection.store.delivering;
    const created = heard ? createdKeys(collection, frame, record) : [];
    for (const [key, before] of record.touched) {
      const now: StoredDoc | undefined = docOf(collection, key);
      // After a clear, every document present was written after it: a create for whoever replays.
      if (cleared) {
        if (now !== undefined) created.push(key);
      } else if (before === undefined) {
        if (now !== undefined) created.push(key);
      } else if (now === undefined) deleted.push(key);
      else if (now !== before) {
        // Changed and changed back: keep the old identity, as a write that changes nothing does.
        if (deepEqual(now, before)) restoreIdentity(collection, key, before);
        else updated.push(key);
      }
    }
    if (cleared) emit(collection, 'clear', []);
    if (deleted.length > 0) emit(collection, 'delete', deleted);
    if (created.length > 0) emit(collection, 'create', created);
    if (updated.length > 0) emit(collection, 'update', updated);
  }
}
