import { describe, it, expect } from 'vitest';
import { Ramify } from '@ramify-db/core';
import { appDefinitions, createUntyped, expectRamifyError, makeStore } from './fixtures';

describe('createStore', () => {
  it('creates one collection per definition, reachable as a property and through collections', () => {
    const db = makeStore();
    expect(Object.keys(db.collections).sort()).toEqual(['messages', 'posts', 'things', 'users']);
    expect(db.collections.users).toBe(db.users);
    expect(db.collections.posts).toBe(db.posts);
  });

  it('exposes the definition as read-only collection properties', () => {
    const db = makeStore();
    expect(db.users.collectionName).toBe('users');
    expect(db.users.primaryKey).toBe('id');
    expect([...db.users.indexes]).toEqual(['name', 'email', 'age', 'stats.level', 'profile.address.zip', 'createdAt']);
    expect([...db.users.multiEntry]).toEqual(['roles']);
    expect([...db.users.unique]).toEqual([]);
  });

  it('keeps the collection properties from being reassigned', () => {
    const db = makeStore();
    expect(() => {
      (db.users as unknown as { collectionName: string }).collectionName = 'x';
    }).toThrow();
    expect(db.users.collectionName).toBe('users');
  });

  it('does not let the caller change the schema by mutating the definition afterwards', () => {
    const definitions = appDefinitions();
    const db = new Ramify().createStore(definitions);
    definitions.users.indexes!.push('age');
    definitions.users.indexes!.splice(0, 1);
    expect([...db.users.indexes]).toEqual(['name', 'email', 'age', 'stats.level', 'profile.address.zip', 'createdAt']);
    expect(db.users.where('name').equals('x').count()).toBe(0);
  });

  it('creates stores that do not share data', () => {
    const ramify = new Ramify();
    const a = ramify.createStore(appDefinitions());
    const b = ramify.createStore(appDefinitions());
    a.things.add({ id: 1 });
    expect(b.things.count()).toBe(0);
  });

  it('accepts a collection without indexes', () => {
    const db = createUntyped({ plain: { primaryKey: 'key' } });
    const plain = (db as unknown as { plain: { add(d: object): unknown; get(k: string): unknown } }).plain;
    expect(plain.add({ key: 'k', v: 1 })).toBe('k');
    expect(plain.get('k')).toEqual({ key: 'k', v: 1 });
  });

  it('accepts an empty store definition', () => {
    const db = createUntyped({});
    expect(Object.keys(db.collections)).toEqual([]);
    expect(() => db.delete()).not.toThrow();
  });
});

describe('createStore rejects reserved collection names', () => {
  for (const name of ['delete', 'transaction', 'collections', 'then', '__proto__', 'constructor']) {
    it(`rejects a collection named ${name}`, () => {
      const definitions = JSON.parse(`{ ${JSON.stringify(name)}: { "primaryKey": "id" } }`);
      expect(Object.keys(definitions)).toEqual([name]);
      expectRamifyError(() => createUntyped(definitions), 'INVALID_SCHEMA', [name, /reserved|shadow/i]);
    });
  }
});

describe('createStore rejects invalid definitions', () => {
  it('rejects a missing primary key', () => {
    expectRamifyError(() => createUntyped({ users: { indexes: ['email'] } }), 'INVALID_SCHEMA', ['users', 'primaryKey']);
  });

  it('rejects a primary key that is not a string', () => {
    expectRamifyError(() => createUntyped({ users: { primaryKey: 3 } }), 'INVALID_SCHEMA', ['users', 'primaryKey', '3']);
  });

  it('rejects an empty primary key path', () => {
    expectRamifyError(() => createUntyped({ users: { primaryKey: '' } }), 'INVALID_SCHEMA', ['users', 'primaryKey']);
  });

  it('rejects a definition that is not an object', () => {
    expectRamifyError(() => createUntyped({ users: 'id' }), 'INVALID_SCHEMA', ['users']);
    expectRamifyError(() => createUntyped({ users: null }), 'INVALID_SCHEMA', ['users']);
  });

  it('rejects a store definition that is not an object', () => {
    expectRamifyError(() => createUntyped(null), 'INVALID_SCHEMA');
    expectRamifyError(() => createUntyped([{ primaryKey: 'id' }]), 'INVALID_SCHEMA');
  });

  it('rejects an index listed twice', () => {
    expectRamifyError(
      () => createUntyped({ users: { primaryKey: 'id', indexes: ['email', 'name', 'email'] } }),
      'INVALID_SCHEMA',
      ['users', 'email', /twice|duplicate|more than once/i],
    );
  });

  it('rejects a multiEntry index listed twice', () => {
    expectRamifyError(
      () => createUntyped({ users: { primaryKey: 'id', multiEntry: ['roles', 'roles'] } }),
      'INVALID_SCHEMA',
      ['users', 'roles'],
    );
  });

  it('rejects a path that is both a plain and a multiEntry index', () => {
    expectRamifyError(
      () => createUntyped({ users: { primaryKey: 'id', indexes: ['roles'], multiEntry: ['roles'] } }),
      'INVALID_SCHEMA',
      ['users', 'roles'],
    );
  });

  for (const path of ['', 'stats..level', '.stats', 'stats.']) {
    it(`rejects the index path ${JSON.stringify(path)} with an empty segment`, () => {
      expectRamifyError(
        () => createUntyped({ users: { primaryKey: 'id', indexes: [path] } }),
        'INVALID_SCHEMA',
        ['users', /path|segment|empty/i],
      );
    });
  }

  it('rejects an empty segment in a multiEntry path', () => {
    expectRamifyError(() => createUntyped({ users: { primaryKey: 'id', multiEntry: ['a..b'] } }), 'INVALID_SCHEMA', [
      'users',
      'a..b',
    ]);
  });

  it('rejects an empty segment in a unique path', () => {
    expectRamifyError(() => createUntyped({ users: { primaryKey: 'id', unique: ['.email'] } }), 'INVALID_SCHEMA', [
      'users',
      '.email',
    ]);
  });

  it('rejects a nested primary key path (the primary key is a top-level field)', () => {
    expectRamifyError(() => createUntyped({ users: { primaryKey: 'meta.id' } }), 'INVALID_SCHEMA', ['users', 'meta.id']);
  });

  it('rejects the primary key listed as an index', () => {
    expectRamifyError(() => createUntyped({ users: { primaryKey: 'id', indexes: ['id'] } }), 'INVALID_SCHEMA', ['users', 'id']);
  });

  it('rejects a unique index listed twice', () => {
    expectRamifyError(
      () => createUntyped({ users: { primaryKey: 'id', unique: ['email', 'email'] } }),
      'INVALID_SCHEMA',
      ['users', 'email'],
    );
  });

  it('rejects an unknown definition key', () => {
    expectRamifyError(
      () => createUntyped({ users: { primaryKey: 'id', index: ['email'] } }),
      'INVALID_SCHEMA',
      ['users', 'index'],
    );
  });

  it('rejects indexes that are not an array of strings', () => {
    expectRamifyError(() => createUntyped({ users: { primaryKey: 'id', indexes: 'email' } }), 'INVALID_SCHEMA', [
      'users',
      'indexes',
    ]);
    expectRamifyError(() => createUntyped({ users: { primaryKey: 'id', indexes: [42] } }), 'INVALID_SCHEMA', [
      'users',
      '42',
    ]);
  });

  it('names the faulty collection when several are defined', () => {
    expectRamifyError(
      () => createUntyped({ good: { primaryKey: 'id' }, broken: { primaryKey: 'id', indexes: ['x', 'x'] } }),
      'INVALID_SCHEMA',
      ['broken', 'x'],
    );
  });
});
