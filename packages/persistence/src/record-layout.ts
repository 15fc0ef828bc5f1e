// Layout 'records': one record per document, keyPath = the primary key — the shape the hand-written
// pattern uses, readable by any IndexedDB tool. A write puts the touched documents and deletes the
// touched keys memory no longer has.
import type { CollectionChanges } from './changes';
import { outsideKey } from './compound-keys';
import type { LayoutAdapter } from './layout';
import { readByCursor, retryRead } from './read-store';
import type { CollectionLike } from './types';

const READ_BATCH = 5000;

export function createRecordLayout(collection: CollectionLike): LayoutAdapter {
  const name = collection.collectionName;
  const keyPath = collection.primaryKey;

  return {
    collection,
    scope: [name],
    count: (db) => retryRead(db, name, () => db.count(name)),
    async *read(db) {
      for await (const records of readByCursor(db, name, READ_BATCH)) yield [{ docs: records.map(([, doc]) => doc), at: 0 }];
    },
    // The record stays where it is, under its own key: nothing to remember.
    loaded() {},
    placed() {},
    keep() {},
    stage(tx: IDBTransaction, changes: CollectionChanges) {
      const store = tx.objectStore(name);
      if (changes.cleared) store.clear();
      for (const key of changes.keys) {
        const doc = collection.get(key);
        if (doc !== undefined) store.put(doc);
        // A compound key's record is under its tuple (the store's keyPath is the parts).
        else if (!changes.cleared) store.delete(outsideKey(key, keyPath) as IDBValidKey);
      }
    },
    settle() {},
  };
}
