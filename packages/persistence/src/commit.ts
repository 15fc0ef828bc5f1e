// One batch, one readwrite transaction over every store it touches. All requests are issued
// synchronously (a transaction commits once it has no pending request at the end of a task, so
// nothing unrelated may be awaited inside it); only the outcome is awaited.
import { unwrap, wrap, type IDBPDatabase } from 'idb';
import type { Batch } from './changes';
import { APPLIED_STORE, META_STORE } from './internal-stores';
import type { LayoutAdapter } from './layout';
import type { SnapshotKeeper } from './snapshots';
import type { Durability } from './types';

export async function commitBatch(
  db: IDBPDatabase,
  batch: Batch,
  layouts: ReadonlyMap<string, LayoutAdapter>,
  durability: Durability,
  snapshots: SnapshotKeeper,
): Promise<void> {
  dropFleeting(batch, layouts);
  // The query snapshots this write makes durable, from memory as it is now: what the write holds.
  const snapshotWrite = snapshots.prepare(new Set(batch.collections.keys()));
  const scope = new Set<string>();
  for (const name of batch.collections.keys()) for (const store of (layouts.get(name) as LayoutAdapter).scope) scope.add(store);
  if (batch.applied.size > 0) scope.add(APPLIED_STORE);
  if (snapshotWrite !== undefined && (snapshotWrite.puts.length > 0 || snapshotWrite.deletes.length > 0 || snapshotWrite.list !== undefined)) {
    scope.add(META_STORE);
  }
  if (scope.size === 0) {
    if (snapshotWrite !== undefined) snapshots.settle(snapshotWrite);
    return;
  }

  const staged: LayoutAdapter[] = [];
  let tx: IDBTransaction | undefined;
  try {
    tx = unwrap(db).transaction([...scope], 'readwrite', { durability });
    for (const [name, changes] of batch.collections) {
      const layout = layouts.get(name) as LayoutAdapter;
      staged.push(layout);
      layout.stage(tx, changes);
    }
    if (batch.applied.size > 0) {
      const applied = tx.objectStore(APPLIED_STORE);
      for (const [id, record] of batch.applied) {
        if (record === null) applied.delete(id);
        else applied.put(record);
      }
    }
    if (scope.has(META_STORE) && snapshotWrite !== undefined) snapshots.stage(tx.objectStore(META_STORE), snapshotWrite);
  } catch (error) {
    try {
      tx?.abort();
    } catch {
      // Already aborted.
    }
    for (const layout of staged) layout.settle(false);
    throw error;
  }
  try {
    await wrap(tx).done;
  } catch (error) {
    for (const layout of staged) layout.settle(false);
    throw error;
  }
  for (const layout of staged) layout.settle(true);
  if (snapshotWrite !== undefined) snapshots.settle(snapshotWrite);
}

/**
 * Keys created and deleted again since the last write never reached disk and are not in memory:
 * there is nothing to write for them. A batch made only of those starts no transaction at all.
 */
function dropFleeting(batch: Batch, layouts: ReadonlyMap<string, LayoutAdapter>): void {
  for (const [name, changes] of batch.collections) {
    const collection = (layouts.get(name) as LayoutAdapter).collection;
    for (const key of changes.fresh) {
      if (collection.get(key) !== undefined) continue;
      changes.keys.delete(key);
      changes.fresh.delete(key);
    }
    if (!changes.cleared && changes.keys.size === 0) batch.collections.delete(name);
  }
}
