// Atomic units of work. A frame remembers, for each document a write touches, what it was before;
// that one record both undoes the frame and yields its net change events. Bulk operations and
// query modify/delete run in a frame too, which is what makes them atomic.
import { emit } from './events';
import { deepEqual } from './frozen';
import { docOf, insertDoc, removeDoc, restoreIdentity } from './storage';
import type { CollectionState, Frame, StoreState, StoredDoc } from './state';
import type { Key } from './types';

/** Called by every write before it changes `key`; false when no frame is open (emit at once). */
export function recordBefore(collection: CollectionState, key: Key): boolean {
  const frames = collection.store.frames;
  if (frames.length === 0) return false;
  const frame = frames[frames.length - 1];
  let touched = frame.touched.get(collection);
  if (touched === undefined) {
    touched = new Map();
    frame.touched.set(collection, touched);
  }
  if (!touched.has(key)) touched.set(key, docOf(collection, key));
  return true;
}

/** Called by clear() before it empties the collection; false when no frame is open. */
export function recordClear(collection: CollectionState): boolean {
  const frames = collection.store.frames;
  if (frames.length === 0) return false;
  for (const key of collection.slots.keys()) recordBefore(collection, key);
  frames[frames.length - 1].cleared.add(collection);
  return true;
}

export function atomic<R>(store: StoreState, fn: () => R): R {
  const frame: Frame = { touched: new Map(), cleared: new Set() };
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
  for (const [collection, touched] of frame.touched) {
    for (const [key, before] of touched) {
      const now = docOf(collection, key);
      if (now === before) continue;
      if (now !== undefined) removeDoc(collection, key, now);
      if (before !== undefined) insertDoc(collection, key, before);
    }
  }
}

function mergeInto(parent: Frame, child: Frame): void {
  for (const [collection, touched] of child.touched) {
    let target = parent.touched.get(collection);
    if (target === undefined) {
      parent.touched.set(collection, touched);
      continue;
    }
    for (const [key, before] of touched) if (!target.has(key)) target.set(key, before);
  }
  for (const collection of child.cleared) parent.cleared.add(collection);
}

function emitNet(frame: Frame): void {
  for (const [collection, touched] of frame.touched) {
    const deleted: Key[] = [];
    const created: Key[] = [];
    const updated: Key[] = [];
    const cleared = frame.cleared.has(collection);
    for (const [key, before] of touched) {
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
