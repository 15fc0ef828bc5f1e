import { Ramify, type Schema } from '@ramify-db/core';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { persist, type PersistOptions } from '@ramify-db/persistence';
import { createTestStore, freshName, LAYOUTS, persistTest } from './helpers';

describe.each(LAYOUTS)('options (layout %s)', (layout) => {
  const bad: [string, Partial<PersistOptions>, string][] = [
    ['name', { name: '' }, 'option "name" must be a non-empty string (got "")'],
    ['version', { version: 0 }, 'option "version" must be an integer ≥ 1 (got 0)'],
    ['version', { version: 1.5 }, 'option "version" must be an integer ≥ 1 (got 1.5)'],
    ['layout', { layout: 'rows' as never }, 'option "layout" must be "chunks" or "records" (got "rows")'],
    ['durability', { durability: 'eventual' as never }, 'option "durability" must be "strict", "relaxed" or "default" (got "eventual")'],
    ['onError', { onError: 'log' as never }, 'option "onError" must be a function (got "log")'],
    ['upgrade', { upgrade: {} as never }, 'option "upgrade" must be a function'],
  ];

  it.each(bad)('rejects a bad %s with INVALID_ARGUMENT naming it', async (field, options, message) => {
    const db = createTestStore();
    const opening = persist(db, { name: freshName(), layout, ...options });
    await expect(opening).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field });
    await expect(opening).rejects.toThrow(message);
  });

  it('rejects a store that is not one with INVALID_ARGUMENT', async () => {
    await expect(persist({} as never, { name: freshName(), layout })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'db' });
  });

  it('rejects a collection named like its own stores with INVALID_ARGUMENT', async () => {
    const db = new Ramify().createStore<{ 'ramify:meta': Schema<{ id: string }, 'id'> }>({ 'ramify:meta': { primaryKey: 'id' } });
    await expect(persist(db, { name: freshName(), layout })).rejects.toThrow('persist keeps its own data under that name');
  });

  it('uses the IndexedDB factory it is given', async () => {
    const factory = new IDBFactory();
    const name = freshName();
    const db = createTestStore();
    const p = await persistTest(db, { name, layout, indexedDB: factory });
    db.messages.add({ id: 'a' });
    await p.flush();
    expect((await factory.databases()).map((info) => info.name)).toEqual([name]);
    expect((await indexedDB.databases()).map((info) => info.name)).not.toContain(name);
  });

  it('reports a throwing onProgress through onError and still loads', async () => {
    const name = freshName();
    const errors: unknown[][] = [];
    const db = createTestStore();
    await persistTest(db, {
      name,
      layout,
      errors,
      onProgress: () => {
        throw new Error('progress bar broke');
      },
    });
    expect(errors.map(([error]) => (error as Error).message)).toEqual(['progress bar broke']);
  });
});
