// The changes waiting to be written: per collection, which keys were touched and whether it was
// cleared. Only keys are kept — the documents are read from memory when the write happens, so a
// key touched many times is written once, in its latest state.
import type { ChangeType, Key } from '@ramify-db/core';
import type { AppliedRecord } from './internal-stores';

export interface CollectionChanges {
  /** Clear the store before writing `keys`. */
  cleared: boolean;
  keys: Set<Key>;
  /** Keys known to be absent from disk (first seen as `create`): absent from memory too, they need no delete. */
  fresh: Set<Key>;
}

export interface Batch {
  collections: Map<string, CollectionChanges>;
  /** Request records to write (a record) or drop (null). */
  applied: Map<string, AppliedRecord | null>;
  /** Query snapshots are owed a write even if no document changed (see snapshots.ts). */
  snapshots: boolean;
}

export function emptyBatch(): Batch {
  return { collections: new Map(), applied: new Map(), snapshots: false };
}

export function isEmpty(batch: Batch): boolean {
  return batch.collections.size === 0 && batch.applied.size === 0 && !batch.snapshots;
}

/** `trackFresh` is false while hydrating: a key missing from memory may still be on disk then. */
export function addChange(batch: Batch, collection: string, type: ChangeType, keys: readonly Key[], trackFresh: boolean): void {
  let changes = batch.collections.get(collection);
  if (changes === undefined) {
    changes = { cleared: false, keys: new Set(), fresh: new Set() };
    batch.collections.set(collection, changes);
  }
  if (type === 'clear') {
    changes.cleared = true;
    changes.keys.clear();
    changes.fresh.clear();
    return;
  }
  for (const key of keys) {
    if (changes.keys.has(key)) continue;
    changes.keys.add(key);
    if (trackFresh && type === 'create') changes.fresh.add(key);
  }
}

/** A failed batch put back in front of the changes made since it was taken. */
export function mergeBatches(older: Batch, newer: Batch): Batch {
  const collections = new Map(older.collections);
  for (const [name, next] of newer.collections) {
    const prev = collections.get(name);
    if (prev === undefined || next.cleared) {
      collections.set(name, next);
      continue;
    }
    const fresh = new Set(prev.fresh);
    for (const key of next.fresh) if (!prev.keys.has(key)) fresh.add(key);
    collections.set(name, { cleared: prev.cleared, keys: new Set([...prev.keys, ...next.keys]), fresh });
  }
  return { collections, applied: new Map([...older.applied, ...newer.applied]), snapshots: older.snapshots || newer.snapshots };
}

/** What `status.pending` counts: touched keys, clears and request records to write. */
export function countChanges(batch: Batch): number {
  let count = 0;
  for (const changes of batch.collections.values()) count += changes.keys.size + (changes.cleared ? 1 : 0);
  for (const record of batch.applied.values()) if (record !== null) count++;
  return count;
}
