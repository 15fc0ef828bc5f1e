// Loads one batch of stored documents into the core. bulkAdd is atomic, so one bad record would
// sink the whole batch: on failure the batch is split in halves until the bad records stand alone
// (a few extra attempts per bad record, none when all are good).
import type { Key } from '@ramify-db/core';
import type { EchoGuard } from './echo-guard';
import { badRecord } from './errors';
import { isKey, type LayoutAdapter, type StoredDocument } from './layout';
import type { ErrorInfo } from './types';

export interface LoadContext {
  guard: EchoGuard;
  /** A newer write of this key (or a clear) happened since persist() began: memory wins over disk. */
  superseded(collection: string, key: Key): boolean;
  onError(error: unknown, info: ErrorInfo): void;
}

export function loadBatch(layout: LayoutAdapter, batch: readonly StoredDocument[], context: LoadContext): void {
  const collection = layout.collection;
  const name = collection.collectionName;
  const candidates: StoredDocument[] = [];
  for (const stored of batch) {
    if (stored.problem !== undefined) reject(stored, new Error(stored.problem));
    else if (isKey(stored.key) && context.superseded(name, stored.key)) layout.placed(stored.key, stored.at);
    else candidates.push(stored);
  }
  attempt(candidates);

  function attempt(items: StoredDocument[]): void {
    if (items.length === 0) return;
    context.guard.expect(name, items.map((item) => item.key));
    try {
      // Documents just read from IndexedDB belong to nobody else: the core freezes them in place.
      collection.bulkAdd(items.map((item) => item.doc), { adopt: true });
    } catch (error) {
      context.guard.end();
      if (items.length === 1) {
        reject(items[0], error);
      } else {
        const middle = items.length >> 1;
        attempt(items.slice(0, middle));
        attempt(items.slice(middle));
      }
      return;
    }
    context.guard.end();
    for (const item of items) layout.placed(item.key as Key, item.at);
  }

  function reject(stored: StoredDocument, error: unknown): void {
    const key = isKey(stored.key) ? stored.key : undefined;
    // A copy of a key memory already holds (a damaged store) is stale: the next write drops it.
    if (key !== undefined && stored.problem === undefined && collection.has(key)) layout.placed(key, stored.at);
    else layout.keep(stored);
    context.onError(badRecord(name, key, error), { collection: name, keys: key === undefined ? [] : [key] });
  }
}
