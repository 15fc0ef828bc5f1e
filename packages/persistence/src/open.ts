// Opening the database: the IndexedDB version is computed, not guessed. The user's version is used
// when given; when a collection still has no object store, the version is bumped above the current
// one so the stores can be created. The user's upgrade runs after ours, with idb's arguments.
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { APPLIED_STORE, INTERNAL_STORES, META_STORE, type MetaRow } from './internal-stores';
import { SNAPSHOT_RANGE } from './snapshot-rows';
import type { KeyPath } from './compound-keys';
import type { Layout, UpgradeHook } from './types';

type VersionChange = IDBPTransaction<unknown, string[], 'versionchange'>;

export interface WantedStore {
  name: string;
  layout: Layout;
  primaryKey: KeyPath;
}

export interface OpenPlan {
  factory: IDBFactory;
  name: string;
  version: number | undefined;
  stores: readonly WantedStore[];
  upgrade: UpgradeHook | undefined;
  /** The connection was closed under us: another connection wants a newer version, or the browser closed it. */
  onClosed: () => void;
  /** An upgrade waits for other connections (say, an older tab) to close. */
  onBlocked: (currentVersion: number, wantedVersion: number | null) => void;
}

export async function openDatabase(plan: OpenPlan): Promise<IDBPDatabase> {
  let db = await openTolerant(plan);
  if (missingStores(db, plan).length > 0) {
    const next = db.version + 1;
    db.close();
    db = await openOnce(plan, next);
  }
  watchClose(db, plan.onClosed);
  return db;
}

/** The user's version, unless the database is already newer (an earlier automatic bump): then the current one. */
async function openTolerant(plan: OpenPlan): Promise<IDBPDatabase> {
  if (plan.version === undefined) return openOnce(plan, undefined);
  try {
    return await openOnce(plan, plan.version);
  } catch (error) {
    if ((error as { name?: unknown })?.name !== 'VersionError') throw error;
    return openOnce(plan, undefined);
  }
}

function missingStores(db: IDBPDatabase, plan: OpenPlan): string[] {
  const names = [...INTERNAL_STORES, ...plan.stores.map((store) => store.name)];
  return names.filter((name) => !db.objectStoreNames.contains(name));
}

function openOnce(plan: OpenPlan, version: number | undefined): Promise<IDBPDatabase> {
  const request = version === undefined ? plan.factory.open(plan.name) : plan.factory.open(plan.name, version);
  let upgradeError: { error: unknown } | undefined;
  request.addEventListener('blocked', (event) => plan.onBlocked(event.oldVersion, event.newVersion));
  request.addEventListener('upgradeneeded', (event) => {
    const transaction = request.transaction as IDBTransaction;
    const fail = (error: unknown) => {
      upgradeError ??= { error };
      try {
        transaction.abort();
      } catch {
        // Already finished or aborting: the open request reports it.
      }
    };
    try {
      createStores(request.result, transaction, plan.stores);
      if (plan.upgrade === undefined) return;
      const wrapped = wrap(transaction) as unknown as VersionChange;
      // idb makes a `done` promise for every wrapped transaction; an aborted upgrade is reported below.
      wrapped.done.catch(() => undefined);
      const done = plan.upgrade(wrap(request.result), event.oldVersion, event.newVersion, wrapped, event);
      if (done !== undefined && typeof (done as Promise<void>).then === 'function') (done as Promise<void>).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  });
  return (wrap(request) as Promise<IDBPDatabase>).catch((error: unknown) => {
    // The user's migration threw: report its error, not the AbortError it caused.
    throw upgradeError === undefined ? error : upgradeError.error;
  });
}

/**
 * Creates what is missing, first, so the user's upgrade can already migrate documents in them.
 * Every upgrade deletes the query snapshots: a migration may change the documents they reflect.
 */
function createStores(db: IDBDatabase, transaction: IDBTransaction, stores: readonly WantedStore[]): void {
  if (!db.objectStoreNames.contains(META_STORE)) db.createObjectStore(META_STORE, { keyPath: 'collection' });
  if (!db.objectStoreNames.contains(APPLIED_STORE)) db.createObjectStore(APPLIED_STORE, { keyPath: 'id' });
  const meta = transaction.objectStore(META_STORE);
  meta.delete(SNAPSHOT_RANGE());
  for (const store of stores) {
    if (db.objectStoreNames.contains(store.name)) continue;
    db.createObjectStore(store.name, store.layout === 'records' ? { keyPath: typeof store.primaryKey === 'string' ? store.primaryKey : [...store.primaryKey] } : undefined);
    const row: MetaRow = { collection: store.name, layout: store.layout, primaryKey: store.primaryKey, count: 0 };
    meta.put(row);
  }
}

function watchClose(db: IDBPDatabase, onClosed: () => void): void {
  // Holding on would block the other connection's upgrade forever: step aside and reopen later.
  db.addEventListener('versionchange', () => {
    db.close();
    onClosed();
  });
  db.addEventListener('close', () => onClosed());
}
