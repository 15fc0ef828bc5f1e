import { Ramify, type Schema } from '@ramify-db/core';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { migrateDocuments, persist } from '@ramify-db/persistence';
import { createTestStore, freshName, LAYOUTS, type Message, messages, persistTest, readDisk, seed, until, type User } from './helpers';

function messagesOnly() {
  return new Ramify().createStore<{ messages: Schema<Message, 'id'> }>({ messages: { primaryKey: 'id' } });
}

async function versionOf(name: string): Promise<number> {
  const db = await openDB(name);
  const version = db.version;
  db.close();
  return version;
}

async function storesOf(name: string): Promise<string[]> {
  const db = await openDB(name);
  const names = [...db.objectStoreNames];
  db.close();
  return names;
}

describe.each(LAYOUTS)('opening and upgrading (layout %s)', (layout) => {
  it('creates one object store per collection, plus its own two', async () => {
    const name = freshName();
    await persistTest(createTestStore(), { name, layout });
    expect((await storesOf(name)).sort()).toEqual(['messages', 'ramify:applied', 'ramify:meta', 'users']);
  });

  it('adds the store of a new collection on the version the user gives', async () => {
    const name = freshName();
    const first = messagesOnly();
    const p = await persist(first, { name, layout, version: 1 });
    first.messages.add({ id: 'kept' });
    await p.close();

    const db = createTestStore();
    const again = await persistTest(db, { name, layout, version: 2 });
    expect(await versionOf(name)).toBe(2);
    expect(db.messages.keys()).toEqual(['kept']);
    db.users.add({ id: 1, email: 'a@x' });
    await again.flush();
    expect(await readDisk(name, 'users')).toEqual([{ id: 1, email: 'a@x' }]);
  });

  it('bumps the version by itself when a collection has no store yet', async () => {
    const name = freshName();
    await (await persist(messagesOnly(), { name, layout })).close();
    expect(await versionOf(name)).toBe(1);
    await persistTest(createTestStore(), { name, layout });
    expect(await versionOf(name)).toBe(2);
    expect(await storesOf(name)).toContain('users');
  });

  it('bumps above the user’s version when it is already current and a store is missing', async () => {
    const name = freshName();
    await (await persist(messagesOnly(), { name, layout, version: 3 })).close();
    await persistTest(createTestStore(), { name, layout, version: 3 });
    expect(await versionOf(name)).toBe(4);
  });

  it('opens at the current version when the user’s version is older than an automatic bump', async () => {
    const name = freshName();
    await (await persist(messagesOnly(), { name, layout, version: 1 })).close();
    await (await persist(createTestStore(), { name, layout, version: 1 })).close();
    expect(await versionOf(name)).toBe(2);
    const db = createTestStore();
    await persistTest(db, { name, layout, version: 1 });
    expect(await versionOf(name)).toBe(2);
  });

  it('calls upgrade with idb’s arguments, after creating the stores', async () => {
    const name = freshName();
    const calls: unknown[][] = [];
    const upgrade = (database: { objectStoreNames: DOMStringList }, oldVersion: number, newVersion: number | null, tx: { mode: string }) =>
      void calls.push([oldVersion, newVersion, [...database.objectStoreNames].sort(), tx.mode]);
    await (await persist(messagesOnly(), { name, layout, version: 1, upgrade })).close();
    await (await persist(createTestStore(), { name, layout, version: 2, upgrade })).close();
    expect(calls).toEqual([
      [0, 1, ['messages', 'ramify:applied', 'ramify:meta'], 'versionchange'],
      [1, 2, ['messages', 'ramify:applied', 'ramify:meta', 'users'], 'versionchange'],
    ]);
  });

  it('does not call upgrade when the version does not change', async () => {
    const name = freshName();
    await (await persist(createTestStore(), { name, layout, version: 1 })).close();
    let called = 0;
    await persistTest(createTestStore(), { name, layout, version: 1, upgrade: () => void called++ });
    expect(called).toBe(0);
  });

  it('runs the user’s migration transforming stored documents before hydration', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(700)));
    const db = createTestStore();
    await persistTest(db, {
      name,
      layout,
      version: 2,
      upgrade: (_db, oldVersion, _newVersion, tx) => {
        if (oldVersion < 2) {
          return migrateDocuments(tx, 'messages', (doc) =>
            (doc.n as number) % 2 === 0 ? { ...doc, text: (doc.text as string).toUpperCase(), tags: ['migrated'] } : undefined,
          );
        }
      },
    });
    expect(db.messages.count()).toBe(350);
    expect(db.messages.get('m000002')).toEqual({ id: 'm000002', text: 'MESSAGE 2', n: 2, tags: ['migrated'] });
    expect(db.messages.get('m000001')).toBeUndefined();
    expect(db.messages.where('tags').equals('migrated').count()).toBe(350);
  });

  it('moves a document whose primary key the migration changes', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.add({ id: 'old', text: 'x' }));
    const db = createTestStore();
    await persistTest(db, {
      name,
      layout,
      version: 2,
      upgrade: (_db, _old, _new, tx) => migrateDocuments(tx, 'messages', (doc) => ({ ...doc, id: `renamed-${doc.id as string}` })),
    });
    expect(db.messages.toArray()).toEqual([{ id: 'renamed-old', text: 'x' }]);
  });

  it('rejects with the error of an upgrade that throws and leaves the version unchanged', async () => {
    const name = freshName();
    await (await persist(createTestStore(), { name, layout, version: 1 })).close();
    const db = createTestStore();
    const failing = persist(db, {
      name,
      layout,
      version: 2,
      upgrade: () => {
        throw new Error('migration broke');
      },
    });
    await expect(failing).rejects.toThrow('migration broke');
    expect(await versionOf(name)).toBe(1);
  });

  it('rejects a store written with the other layout with SCHEMA_MISMATCH and changes nothing', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(3)));
    const other = layout === 'chunks' ? 'records' : 'chunks';
    const db = createTestStore();
    const opening = persist(db, { name, layout: other });
    await expect(opening).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', collection: 'messages' });
    await expect(opening).rejects.toThrow(`holds layout "${layout}" with primary key "id", but persist() was asked for layout "${other}"`);
    expect(db.messages.count()).toBe(0);
    expect(await readDisk(name, 'messages')).toEqual(messages(3));
  });

  it('rejects a store whose primary key differs with SCHEMA_MISMATCH', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.users.add({ id: 1, email: 'a@x' }));
    const byEmail = new Ramify().createStore<{ users: Schema<User, 'email'> }>({ users: { primaryKey: 'email' } });
    await expect(persist(byEmail, { name, layout })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      collection: 'users',
      message: expect.stringContaining('with primary key "id", but persist() was asked for layout'),
    });
  });

  it('does not write to the store after a SCHEMA_MISMATCH', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.add({ id: 'a' }));
    const db = createTestStore();
    await expect(persist(db, { name, layout: layout === 'chunks' ? 'records' : 'chunks' })).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    db.messages.add({ id: 'b' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }]);
  });
});

describe('stores persist() did not create', () => {
  async function handMade(name: string, keyPath: string | undefined, docs: unknown[]) {
    const db = await openDB(name, 1, {
      upgrade(database) {
        database.createObjectStore('messages', keyPath === undefined ? undefined : { keyPath });
        database.createObjectStore('users', { keyPath: 'id' });
      },
    });
    for (const [i, doc] of docs.entries()) await db.put('messages', doc, keyPath === undefined ? i : undefined);
    db.close();
  }

  it.each(LAYOUTS)('adopts a hand-made store keyed by the primary key for layout records, not %s otherwise', async (layout) => {
    const name = freshName();
    await handMade(name, 'id', [{ id: 'a', text: 'by hand' }]);
    const db = createTestStore();
    const opening = persist(db, { name, layout });
    if (layout === 'records') {
      const p = await opening;
      expect(db.messages.toArray()).toEqual([{ id: 'a', text: 'by hand' }]);
      await p.close();
    } else {
      await expect(opening).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', message: expect.stringContaining('was not created by persist() (keyPath "id")') });
    }
  });

  it.each(LAYOUTS)('rejects a hand-made store with out-of-line keys and data (layout %s)', async (layout) => {
    const name = freshName();
    await handMade(name, undefined, [{ id: 'a' }]);
    await expect(persist(createTestStore(), { name, layout })).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', collection: 'messages' });
  });
});

describe.each(LAYOUTS)('an upgrade blocked by another connection (layout %s)', (layout) => {
  it('reports BLOCKED through onError and resolves once the other connection closes', async () => {
    const name = freshName();
    await (await persist(messagesOnly(), { name, layout })).close();
    const old = await openDB(name);
    const errors: unknown[][] = [];
    let resolved = false;
    const opening = persistTest(createTestStore(), { name, layout, errors }).then((p) => {
      resolved = true;
      return p;
    });
    await until(() => errors.length > 0);
    expect(errors.map(([error, info]) => [(error as { code: string }).code, info])).toEqual([['BLOCKED', {}]]);
    expect((errors[0][0] as Error).message).toContain('upgrading from version 1 to 2 waits until other connections');
    expect(resolved).toBe(false);
    old.close();
    await opening;
    expect(await versionOf(name)).toBe(2);
  });
});
