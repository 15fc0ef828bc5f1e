// The user's own page (seed/persistence.md) syncs a store to IndexedDB by hand. Its code runs here
// as written, on top of idb plus the two small helpers the page assumes (idb has no bulkPut or
// bulkDelete of its own).
import 'fake-indexeddb/auto';
import { Ramify, type Schema } from '@ramify-db/core';
import { openDB, type IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { persist } from '@ramify-db/persistence';
import { freshName, LAYOUTS, sortByKey } from './helpers';

interface User {
  id: string;
  name: string;
  email: string;
}
interface Post {
  id: string;
  userId: string;
  title: string;
}

type WithBulk = IDBPDatabase & {
  bulkPut(store: string, docs: readonly unknown[]): Promise<void>;
  bulkDelete(store: string, keys: readonly IDBValidKey[]): Promise<void>;
};

/** The helpers the page assumes: one transaction each, created at once so they stay in call order. */
function withBulk(database: IDBPDatabase): WithBulk {
  return Object.assign(database, {
    async bulkPut(store: string, docs: readonly unknown[]) {
      const tx = database.transaction(store, 'readwrite');
      await Promise.all([...docs.map((doc) => tx.store.put(doc)), tx.done]);
    },
    async bulkDelete(store: string, keys: readonly IDBValidKey[]) {
      const tx = database.transaction(store, 'readwrite');
      await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
    },
  });
}

/** Waits for every write the subscribers started: a later readwrite transaction runs after them. */
async function settled(idb: IDBPDatabase): Promise<void> {
  await idb.transaction(['users', 'posts'], 'readwrite').done;
}

/** The page's code, steps 1 to 4, verbatim apart from the database name and the helpers. */
async function setUp(name: string) {
  // 1. Setup IndexedDB
  const idb = withBulk(
    await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('users', { keyPath: 'id' });
        db.createObjectStore('posts', { keyPath: 'id' });
      },
    }),
  );

  // 2. Setup Ramify DB
  const ramify = new Ramify();
  const db = ramify.createStore<{
    users: Schema<User, 'id'>;
    posts: Schema<Post, 'id'>;
  }>({
    users: { primaryKey: 'id', indexes: ['email'] },
    posts: { primaryKey: 'id', indexes: ['userId'] },
  });

  // 3. Event-Based Incremental Sync
  db.users.subscribe(async (type, keys) => {
    switch (type) {
      case 'create':
      case 'update':
        // Fetch only the changed documents
        const docs = db.users.where('id').anyOf(keys).toArray();
        await idb.bulkPut('users', docs);
        break;
      case 'delete':
        // Delete only the removed documents
        await idb.bulkDelete('users', keys);
        break;
      case 'clear':
        await idb.clear('users');
        break;
    }
  });

  // Posts sync (the page's "Multiple Collections" section, same logic)
  db.posts.subscribe(async (type, keys) => {
    switch (type) {
      case 'create':
      case 'update':
        await idb.bulkPut('posts', db.posts.where('id').anyOf(keys).toArray());
        break;
      case 'delete':
        await idb.bulkDelete('posts', keys);
        break;
      case 'clear':
        await idb.clear('posts');
        break;
    }
  });

  // 4. Initial Hydration
  const storedUsers = await idb.getAll('users');
  db.users.bulkAdd(storedUsers);
  db.posts.bulkAdd(await idb.getAll('posts'));

  return { idb, db };
}

describe('the seed page’s hand-written sync', () => {
  it('runs the page’s example as written and ends with Alice gone from memory and disk', async () => {
    const { idb, db } = await setUp(freshName());
    // Now use Ramify DB normally - persistence happens automatically!
    db.users.add({ id: '1', name: 'Alice', email: 'alice@example.com' }); // Auto-synced
    db.users.update('1', { name: 'Alice Smith' }); // Auto-synced
    db.users.delete('1'); // Auto-synced
    await settled(idb);
    expect(db.users.count()).toBe(0);
    expect(await idb.getAll('users')).toEqual([]);
    idb.close();
  });

  it('syncs an update to disk', async () => {
    const { idb, db } = await setUp(freshName());
    db.users.add({ id: '1', name: 'Alice', email: 'alice@example.com' });
    db.users.update('1', { name: 'Alice Smith' });
    await settled(idb);
    expect(await idb.getAll('users')).toEqual([{ id: '1', name: 'Alice Smith', email: 'alice@example.com' }]);
    idb.close();
  });

  it('hydrates the next session from what the previous one synced', async () => {
    const name = freshName();
    const first = await setUp(name);
    first.db.users.bulkAdd([
      { id: '1', name: 'Alice', email: 'alice@example.com' },
      { id: '2', name: 'Bob', email: 'bob@example.com' },
    ]);
    first.db.posts.add({ id: 'p1', userId: '2', title: 'Hello' });
    first.db.users.delete('1');
    await settled(first.idb);
    first.idb.close();

    const second = await setUp(name);
    expect(second.db.users.toArray()).toEqual([{ id: '2', name: 'Bob', email: 'bob@example.com' }]);
    expect(second.db.posts.where('userId').equals('2').toArray()).toEqual([{ id: 'p1', userId: '2', title: 'Hello' }]);
    second.idb.close();
  });

  it('syncs a clear', async () => {
    const { idb, db } = await setUp(freshName());
    db.users.add({ id: '1', name: 'Alice', email: 'alice@example.com' });
    db.users.clear();
    db.users.add({ id: '2', name: 'Bob', email: 'bob@example.com' });
    await settled(idb);
    expect(await idb.getAll('users')).toEqual([{ id: '2', name: 'Bob', email: 'bob@example.com' }]);
    idb.close();
  });
});

describe.each(LAYOUTS)('persist() over a database the seed pattern wrote (layout %s)', (layout) => {
  it(layout === 'records' ? 'reads it as it is' : 'refuses it with SCHEMA_MISMATCH and leaves it as it is', async () => {
    const name = freshName();
    const seeded = await setUp(name);
    seeded.db.users.bulkAdd([
      { id: '1', name: 'Alice', email: 'alice@example.com' },
      { id: '2', name: 'Bob', email: 'bob@example.com' },
    ]);
    await settled(seeded.idb);
    seeded.idb.close();

    const db = new Ramify().createStore<{ users: Schema<User, 'id'>; posts: Schema<Post, 'id'> }>({
      users: { primaryKey: 'id', indexes: ['email'] },
      posts: { primaryKey: 'id', indexes: ['userId'] },
    });
    const opening = persist(db, { name, layout });
    if (layout === 'records') {
      const p = await opening;
      expect(sortByKey([...db.users.toArray()])).toEqual([
        { id: '1', name: 'Alice', email: 'alice@example.com' },
        { id: '2', name: 'Bob', email: 'bob@example.com' },
      ]);
      await p.close();
    } else {
      await expect(opening).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', collection: 'users' });
      const check = await openDB(name);
      expect(await check.count('users')).toBe(2);
      check.close();
    }
  });
});
