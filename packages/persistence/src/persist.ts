// persist(): wires a store to IndexedDB through the core's public API only — its collections,
// their change events and reads. Order matters: subscribe first (no change made while hydrating
// can be missed), hydrate (memory wins over disk for keys changed meanwhile), then start writing.
import type { Store, StoreSchema } from '@ramify-db/core';
import { createAppliedRequests } from './applied-requests';
import { countChanges, type Batch } from './changes';
import { createChunkLayout } from './chunk-layout';
import { keyedByText, outsideKey } from './compound-keys';
import { commitBatch } from './commit';
import { createConnection } from './connection';
import { createEchoGuard } from './echo-guard';
import { closedError, invalidOption, writeFailed } from './errors';
import { hydrate } from './hydrate';
import { APPLIED_STORE, INTERNAL_STORES, type AppliedRecord } from './internal-stores';
import type { LayoutAdapter } from './layout';
import type { WantedStore } from './open';
import { readOptions, type Settings } from './options';
import { retryRead } from './read-store';
import { createRecordLayout } from './record-layout';
import { createSnapshotKeeper, type Snapshots } from './snapshots';
import type { CollectionLike, ErrorInfo, Persistence, PersistOptions, PersistPromise } from './types';
import { createWriteQueue } from './write-queue';

/**
 * Opens, hydrates, then writes every change through. The promise also carries `snapshots`, usable
 * at once: what a server of the store (the bridge) needs to answer the queries pages observe
 * before hydration is over. Nothing is kept for queries nobody tracks.
 */
export function persist<S extends StoreSchema>(db: Store<S>, options: PersistOptions): PersistPromise {
  let started: { promise: Promise<Persistence>; snapshots: Snapshots };
  try {
    started = start(db, options);
  } catch (error) {
    started = { promise: Promise.reject(error), snapshots: { track() {}, read: async () => undefined } };
  }
  return Object.assign(started.promise, { snapshots: started.snapshots });
}

function start<S extends StoreSchema>(db: Store<S>, options: PersistOptions): { promise: Promise<Persistence>; snapshots: Snapshots } {
  const settings = readOptions(options);
  const collections = collectionsOf(db);
  const layouts = new Map<string, LayoutAdapter>(
    collections.map((collection) => [
      collection.collectionName,
      settings.layout === 'chunks' ? createChunkLayout(collection) : createRecordLayout(collection),
    ]),
  );
  const wanted: WantedStore[] = collections.map((collection) => ({
    name: collection.collectionName,
    layout: settings.layout,
    primaryKey: collection.primaryKey,
  }));
  const report = reporter(settings);
  const connection = createConnection(settings, wanted, report);
  const snapshots = createSnapshotKeeper(collections, settings.layout, () => queue.touch());

  const queue = createWriteQueue(
    async (batch) => {
      try {
        await commitBatch(await connection.get(), batch, layouts, settings.durability, snapshots);
      } catch (error) {
        if ((error as { name?: unknown })?.name === 'InvalidStateError') connection.lost();
        throw writeFailed(settings.name, error, [...batch.collections.keys()], countChanges(batch));
      }
    },
    (error, batch) => reportFailure(report, error, batch, layouts),
  );
  const applied = createAppliedRequests((id, record) => queue.recordApplied(id, record));
  const guard = createEchoGuard();

  const unsubscribes = collections.map((collection) => {
    const name = collection.collectionName;
    return collection.subscribe((type, keys) => {
      if (!guard.isEcho(name, type, keys)) queue.record(name, type, keys);
    });
  });
  // Documents already in memory are newer than anything on disk: they are written once writing starts.
  for (const collection of collections) {
    if (collection.count() > 0) queue.record(collection.collectionName, 'update', collection.keys());
  }

  const promise = (async (): Promise<Persistence> => {
    const rejected = new Set<string>();
    try {
      const { db: database, rows, snapshots: list } = await connection.open();
      snapshots.opened(list);
      const context = { guard, changing: queue.changing, superseded: queue.superseded, onError: report, rejected };
      await hydrate(database, [...layouts.values()], rows, context, settings.onProgress);
      // Read last: their read (up to 64 MB of results) would hold up the first answers.
      applied.load((await retryRead(database, APPLIED_STORE, () => database.getAll(APPLIED_STORE))) as AppliedRecord[]);
    } catch (error) {
      snapshots.close();
      for (const unsubscribe of unsubscribes) unsubscribe();
      connection.close();
      throw error;
    }
    snapshots.hydrated(rejected);
    queue.start();
    if (snapshots.owed) queue.touch();

    let closed = false;
    return {
      flush: () => queue.flush(),
      get status() {
        return { pending: queue.pending, lastError: queue.lastError };
      },
      async close() {
        if (closed) return;
        // Until nothing is left: changes made while a flush runs are flushed too.
        do await queue.flush();
        while (queue.pending > 0);
        closed = true;
        snapshots.close();
        for (const unsubscribe of unsubscribes) unsubscribe();
        queue.stop();
        connection.close();
      },
      markApplied(id, result) {
        if (closed) throw closedError(settings.name);
        applied.mark(id, result);
      },
      appliedResult: (id) => applied.result(id),
    };
  })();
  return { promise, snapshots };
}

function collectionsOf(db: unknown): CollectionLike[] {
  const collections = (db as { collections?: unknown } | null)?.collections;
  if (collections === null || typeof collections !== 'object') throw invalidOption('db', db, 'a store made by createStore()');
  const list = Object.values(collections) as CollectionLike[];
  for (const collection of list) {
    if (INTERNAL_STORES.includes(collection.collectionName)) {
      throw invalidOption('db', collection.collectionName, `a store without a collection named "${collection.collectionName}" (persist keeps its own data under that name)`);
    }
  }
  return list.map(keyedByText);
}

/** onError, guarded: a throwing handler must not break the write queue. */
function reporter(settings: Settings): (error: unknown, info: ErrorInfo) => void {
  return (error, info) => {
    try {
      settings.onError(error, info);
    } catch (thrown) {
      console.error(thrown);
    }
  };
}

function reportFailure(report: (error: unknown, info: ErrorInfo) => void, error: unknown, batch: Batch, layouts: ReadonlyMap<string, LayoutAdapter>): void {
  if (batch.collections.size === 0) {
    report(error, {});
    return;
  }
  for (const [collection, changes] of batch.collections) {
    const keyPath = (layouts.get(collection) as LayoutAdapter).collection.primaryKey;
    report(error, { collection, keys: [...changes.keys].map((key) => outsideKey(key, keyPath)) });
  }
}
