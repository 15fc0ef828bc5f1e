// A helper for the user's upgrade(): change every stored document of a collection, whatever the
// layout (chunked records are an implementation detail a migration should not have to know).
import type { IDBPTransaction } from 'idb';

/**
 * Calls `change` with each document of `collection` and stores what it returns; `undefined`
 * deletes the document. Use it inside `upgrade` with the transaction idb passes there:
 * `upgrade: (db, oldVersion, newVersion, tx) => migrateDocuments(tx, 'users', (u) => ({ ...u, role: 'user' }))`.
 */
export async function migrateDocuments(
  transaction: IDBPTransaction<unknown, string[], 'versionchange'>,
  collection: string,
  change: (doc: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<void> {
  const store = transaction.objectStore(collection);
  const chunked = store.keyPath === null;
  // Moved documents are put after the walk, so the cursor does not meet them again.
  const moved: Record<string, unknown>[] = [];
  let cursor = await store.openCursor();
  while (cursor !== null) {
    if (chunked) {
      const docs = (cursor.value as Record<string, unknown>[]).map(change).filter((doc) => doc !== undefined);
      await (docs.length > 0 ? cursor.update(docs) : cursor.delete());
    } else {
      const doc = change(cursor.value as Record<string, unknown>);
      if (doc === undefined) await cursor.delete();
      else if (doc[store.keyPath as string] === cursor.primaryKey) await cursor.update(doc);
      else {
        await cursor.delete();
        moved.push(doc);
      }
    }
    cursor = await cursor.continue();
  }
  for (const doc of moved) await store.put(doc);
}
