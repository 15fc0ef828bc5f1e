// Every open checks that each collection's store has the layout and primary key persist() was
// asked for. A mismatch is an error: reading chunks as records (or the other way round) would
// silently corrupt the data.
import type { IDBPDatabase } from 'idb';
import type { KeyPath } from './compound-keys';
import { schemaMismatch } from './errors';
import { META_STORE, type MetaRow } from './internal-stores';
import { fieldOf } from './layout';
import { SNAPSHOT_RANGE } from './snapshot-rows';
import type { WantedStore } from './open';

export interface CheckedStores {
  /** The meta row of each wanted store. */
  rows: Map<string, MetaRow>;
  /** The query snapshots' rows, and the list of them, as stored (snapshots.ts checks them). */
  snapshots: unknown[];
}

/**
 * Returns the meta rows of the wanted stores, and the query snapshots (read in the same
 * transaction: no round trip of their own, and no read behind hydration's). Stores made by hand
 * in the same shape are adopted.
 */
export async function checkStores(db: IDBPDatabase, database: string, wanted: readonly WantedStore[]): Promise<CheckedStores> {
  const tx = db.transaction([META_STORE, ...wanted.map((store) => store.name)], 'readonly');
  const meta = tx.objectStore(META_STORE);
  // Collections' rows have string keys; snapshots have array keys, which sort after every string.
  const [found, snapshots] = await Promise.all([meta.getAll(IDBKeyRange.upperBound([], true)), meta.getAll(SNAPSHOT_RANGE())]);
  const rows = new Map((found as MetaRow[]).map((row) => [row.collection, row]));
  const adopted: MetaRow[] = [];
  for (const want of wanted) {
    const store = tx.objectStore(want.name);
    const keyPath = store.keyPath as string | string[] | null;
    const expectedKeyPath = want.layout === 'records' ? want.primaryKey : null;
    // A compound key's parts are an array, compared part by part: a row read from disk may hold
    // anything there (a cycle, a deep object), which must make a mismatch, not a TypeError.
    const same = (found: unknown, wanted: KeyPath | null) =>
      typeof wanted === 'string' || wanted === null ? found === wanted : Array.isArray(found) && found.length === wanted.length && wanted.every((part, i) => found[i] === part);
    const shapeFits = same(keyPath, expectedKeyPath) && !store.autoIncrement;
    const row = rows.get(want.name);
    if (row !== undefined) {
      // Read from disk: own properties only.
      const layout = fieldOf(row, 'layout') as MetaRow['layout'] | undefined;
      const primaryKey = fieldOf(row, 'primaryKey') as KeyPath | undefined;
      if (layout !== want.layout || !same(primaryKey, want.primaryKey)) {
        throw schemaMismatch(database, want.name, { layout: layout ?? 'unknown', primaryKey, keyPath }, want);
      }
      if (!shapeFits) throw schemaMismatch(database, want.name, { layout: 'unknown', primaryKey: undefined, keyPath }, want);
      continue;
    }
    // No row: the store was made by someone else (the hand-written pattern, another tool). A store
    // keyed by the primary key reads fine as records; chunks only from an empty store.
    const fits = shapeFits && (want.layout === 'records' || (await store.count()) === 0);
    if (!fits) throw schemaMismatch(database, want.name, { layout: 'unknown', primaryKey: undefined, keyPath }, want);
    adopted.push({ collection: want.name, layout: want.layout, primaryKey: want.primaryKey, count: 0 });
  }
  await tx.done;
  if (adopted.length > 0) {
    const write = db.transaction(META_STORE, 'readwrite');
    for (const row of adopted) rows.set(row.collection, row);
    await Promise.all([...adopted.map((row) => write.store.put(row)), write.done]);
  }
  return { rows, snapshots };
}
