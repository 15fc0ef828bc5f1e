// Loads one batch of stored documents into the core. bulkAdd is atomic, so one bad record would
// sink the whole batch: on failure the batch is split in halves until the bad records stand alone
// (a few extra attempts per bad record, none when all are good). The common case — nothing written
// while hydrating, every document good — hands the documents to the core as they were read and
// takes their keys from what bulkAdd returns: nothing is read, made or looked up per document here.
import type { Key } from '@ramify-db/core';
import type { EchoGuard } from './echo-guard';
import { outsideKey } from './compound-keys';
import { badRecord } from './errors';
import { isKey, keyOf, type LayoutAdapter, type LoadBatch, type StoredDocument } from './layout';
import type { ErrorInfo } from './types';

export interface LoadContext {
  guard: EchoGuard;
  /** Whether anything of `collection` was written since persist() began (then keys must be checked one by one). */
  changing(collection: string): boolean;
  /** A newer write of this key (or a clear) happened since persist() began: memory wins over disk. */
  superseded(collection: string, key: Key): boolean;
  onError(error: unknown, info: ErrorInfo): void;
  /**
   * Collections the core refused a stored document of. Which copy of a unique value wins depends on
   * the order documents load in, so their query results are not kept as snapshots (snapshots.ts).
   */
  rejected: Set<string>;
}

export function loadBatch(layout: LayoutAdapter, batch: LoadBatch, context: LoadContext): void {
  const collection = layout.collection;
  const name = collection.collectionName;
  const keyPath = collection.primaryKey;
  const { at, delta } = batch;
  if (batch.problem !== undefined) {
    for (const doc of batch.docs) reject({ doc, key: undefined, at, delta, problem: batch.problem }, new Error(batch.problem));
    return;
  }
  let docs = batch.docs;
  if (context.changing(name)) {
    docs = docs.filter((doc) => {
      const key = keyOf(doc, keyPath);
      if (!isKey(key) || !context.superseded(name, key)) return true;
      layout.placed(key, at);
      return false;
    });
  }
  attempt(docs);

  function attempt(items: unknown[]): void {
    if (items.length === 0) return;
    context.guard.expect(name, items, keyPath);
    let keys: Key[];
    try {
      // Documents just read from IndexedDB belong to nobody else: the core freezes them in place.
      keys = collection.bulkAdd(items, { adopt: true }) as Key[];
    } catch (error) {
      context.guard.end();
      if (items.length === 1) {
        reject({ doc: items[0], key: keyOf(items[0], keyPath), at, delta }, error);
      } else {
        const middle = items.length >> 1;
        attempt(items.slice(0, middle));
        attempt(items.slice(middle));
      }
      return;
    }
    context.guard.end();
    layout.loaded(keys, items === batch.docs ? batch : { ...batch, docs: items });
  }

  function reject(stored: StoredDocument, error: unknown): void {
    const key = isKey(stored.key) ? stored.key : undefined;
    // A copy of a key memory already holds (a damaged store) is stale: the next write drops it.
    if (key !== undefined && stored.problem === undefined && collection.has(key)) layout.placed(key, stored.at);
    else {
      layout.keep(stored);
      if (stored.problem === undefined) context.rejected.add(name);
    }
    const shown = key === undefined ? undefined : outsideKey(key, keyPath);
    context.onError(badRecord(name, shown, error), { collection: name, keys: shown === undefined ? [] : [shown] });
  }
}
