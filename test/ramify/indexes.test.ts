import { describe, it, expect } from 'vitest';
import { Ramify, type Schema } from '@ramify-db/core';
import {
  catchError,
  day,
  expectIndexesConsistent,
  expectRamifyError,
  expectUnchanged,
  seededStore,
  snapshot,
} from './fixtures';

describe('indexes stay consistent with the data', () => {
  it('starts consistent after bulkAdd', () => {
    const db = seededStore();
    expectIndexesConsistent(db.users);
    expectIndexesConsistent(db.posts);
    expectIndexesConsistent(db.messages);
  });

  it('re-indexes a plain field on update', () => {
    const db = seededStore();
    db.users.update('bob', { name: 'Zed' });
    expect(db.users.where('name').equals('Bob').keys()).toEqual([]);
    expect(db.users.where('name').equals('Zed').keys()).toEqual(['bob']);
    expect(db.users.sortBy('name').keys()).toEqual(['alice', 'carol', 'dave', 'bob']);
    expectIndexesConsistent(db.users);
  });

  it('re-indexes a nested path when its parent object is replaced', () => {
    const db = seededStore();
    db.users.update('bob', { stats: { level: 3, score: 1 } });
    expect(db.users.where('stats.level').equals(1).keys()).toEqual([]);
    expect(db.users.where('stats.level').equals(3).keys().sort()).toEqual(['alice', 'bob', 'carol']);
    expectIndexesConsistent(db.users);
  });

  it('re-indexes a deeply nested path when an ancestor is removed', () => {
    const db = seededStore();
    db.users.update('alice', { profile: undefined });
    expect(db.users.where('profile.address.zip').equals('75001').keys()).toEqual([]);
    expect(db.users.where('profile.address.zip').equals(undefined).keys().sort()).toEqual(['alice', 'bob', 'carol']);
    expectIndexesConsistent(db.users);
  });

  it('re-indexes a multiEntry field on update, dropping removed elements and adding new ones', () => {
    const db = seededStore();
    db.users.update('alice', { roles: ['editor', 'owner'] });
    expect(db.users.where('roles').equals('admin').keys()).toEqual([]);
    expect(db.users.where('roles').equals('owner').keys()).toEqual(['alice']);
    expect(db.users.where('roles').equals('editor').keys().sort()).toEqual(['alice', 'bob', 'dave']);
    expectIndexesConsistent(db.users);
  });

  it('re-indexes a nested multiEntry path on update', () => {
    const db = seededStore();
    db.messages.update('m-c', { metadata: { priority: 3, readBy: ['carol'] } });
    expect(db.messages.where('metadata.readBy').equals('dave').keys()).toEqual([]);
    expect(db.messages.where('metadata.readBy').equals('bob').keys()).toEqual(['m-a']);
    expect(db.messages.where('metadata.readBy').equals('carol').keys()).toEqual(['m-c']);
    expectIndexesConsistent(db.messages);
  });

  it('re-indexes a Date field on update', () => {
    const db = seededStore();
    db.users.update('alice', { createdAt: day(20) });
    expect(db.users.where('createdAt').equals(day(1)).keys()).toEqual([]);
    expect(db.users.where('createdAt').equals(day(20)).keys()).toEqual(['alice']);
    expect(db.users.sortBy('createdAt').keys()).toEqual(['dave', 'bob', 'carol', 'alice']);
  });

  it('moves every index entry when the primary key changes', () => {
    const db = seededStore();
    db.users.update('alice', { id: 'ally' });
    expect(db.users.where('roles').equals('admin').keys()).toEqual(['ally']);
    expect(db.users.where('email').equals('alice@example.com').keys()).toEqual(['ally']);
    expect(db.users.where('stats.level').equals(3).keys().sort()).toEqual(['ally', 'carol']);
    expect(db.users.where('id').startsWith('al').keys()).toEqual(['ally']);
    expectIndexesConsistent(db.users);
  });

  it('replaces index entries when put writes over an existing key', () => {
    const db = seededStore();
    db.users.put({ id: 'alice', name: 'A2', email: 'a2@example.com', roles: ['viewer'], stats: { level: 9, score: 0 } });
    expect(db.users.where('email').equals('alice@example.com').keys()).toEqual([]);
    expect(db.users.where('roles').equals('admin').keys()).toEqual([]);
    expect(db.users.where('roles').equals('viewer').keys().sort()).toEqual(['alice', 'dave']);
    expect(db.users.where('age').equals(undefined).keys().sort()).toEqual(['alice', 'carol']);
    expectIndexesConsistent(db.users);
  });

  it('removes every index entry on delete and bulkDelete', () => {
    const db = seededStore();
    db.users.delete('alice');
    db.users.bulkDelete(['bob']);
    expect(db.users.where('roles').equals('editor').keys()).toEqual(['dave']);
    expect(db.users.where('name').anyOf(['Alice', 'Bob']).count()).toBe(0);
    expectIndexesConsistent(db.users);
  });

  it('leaves indexes untouched by a failed bulkAdd', () => {
    const db = seededStore();
    const before = snapshot(db);
    catchError(() =>
      db.users.bulkAdd([
        { id: 'erin', name: 'Erin', email: 'e@x', roles: ['admin'], stats: { level: 3, score: 0 } },
        { id: 'alice', name: 'Dup', email: 'd@x', roles: [], stats: { level: 1, score: 0 } },
      ]),
    );
    expect(db.users.where('roles').equals('admin').keys()).toEqual(['alice']);
    expect(db.users.where('name').equals('Erin').count()).toBe(0);
    expectUnchanged(db, before);
    expectIndexesConsistent(db.users);
  });

  it('leaves indexes untouched by a failed bulkPut that replaced documents before failing', () => {
    const db = seededStore();
    const before = snapshot(db);
    catchError(() =>
      db.users.bulkPut([
        { id: 'alice', name: 'Changed', email: 'changed@x', roles: ['x'], stats: { level: 8, score: 0 } },
        { id: 'bad', name: 'Bad', email: 'bad@x', roles: [{}] as unknown as string[], stats: { level: 1, score: 0 } },
      ]),
    );
    expect(db.users.where('name').equals('Changed').count()).toBe(0);
    expect(db.users.where('roles').equals('x').count()).toBe(0);
    expectUnchanged(db, before);
    expectIndexesConsistent(db.users);
  });

  it('leaves indexes untouched by a failed bulkUpdate', () => {
    const db = seededStore();
    const before = snapshot(db);
    catchError(() => db.users.bulkUpdate(['alice', 'bob'], { id: 'same' }));
    expectUnchanged(db, before);
    expectIndexesConsistent(db.users);
  });

  it('stays consistent through a sequence of mixed writes', () => {
    const db = seededStore();
    db.users.update('alice', { stats: { level: 1, score: 0 }, roles: [] });
    db.users.update('bob', { id: 'bobby', roles: ['admin', 'admin'] });
    db.users.put({ id: 'carol', name: 'Carol', email: 'carol@example.org', roles: ['admin'], stats: { level: 1, score: 0 } });
    db.users.bulkDelete(['dave', 'nobody']);
    db.users.bulkAdd([{ id: 'dave', name: 'D', email: 'd@x', roles: ['viewer'], stats: { level: 5, score: 0 } }]);
    db.users.update('bobby', { roles: ['admin'] });
    expect(db.users.where('roles').equals('admin').keys().sort()).toEqual(['bobby', 'carol']);
    expectIndexesConsistent(db.users);
  });
});

interface Account {
  id: string;
  email: string;
  handle?: string;
  aliases: string[];
}

function accounts() {
  return new Ramify().createStore<{ accounts: Schema<Account, 'id'> }>({
    accounts: { primaryKey: 'id', indexes: ['email'], multiEntry: ['aliases'], unique: ['email', 'handle', 'aliases'] },
  });
}

/** An account with a handle of its own, so that only the field under test can collide. */
function account(id: string, email: string, aliases: string[] = []): Account {
  return { id, email, handle: `@${id}`, aliases };
}

describe('unique indexes', () => {
  it('lists the unique paths as a read-only property', () => {
    const db = accounts();
    expect([...db.accounts.unique].sort()).toEqual(['aliases', 'email', 'handle']);
  });

  it('rejects add of a value another document holds with UNIQUE_VIOLATION', () => {
    const db = accounts();
    db.accounts.add(account('a', 'x@y'));
    const error = expectRamifyError(() => db.accounts.add(account('b', 'x@y')), 'UNIQUE_VIOLATION', ['accounts', 'email', 'x@y']);
    expect(error).toMatchObject({ collection: 'accounts', field: 'email', value: 'x@y' });
    expect(db.accounts.count()).toBe(1);
    expect(db.accounts.get('b')).toBeUndefined();
  });

  it('makes a unique path that is not otherwise listed queryable', () => {
    const db = accounts();
    db.accounts.bulkAdd([account('a', 'a@y'), account('b', 'b@y')]);
    expect(db.accounts.where('handle').equals('@b').keys()).toEqual(['b']);
  });

  it('rejects update to a taken value and keeps both documents', () => {
    const db = accounts();
    db.accounts.bulkAdd([account('a', 'a@y'), account('b', 'b@y')]);
    const a = db.accounts.get('a');
    expectRamifyError(() => db.accounts.update('a', { email: 'b@y' }), 'UNIQUE_VIOLATION', ['accounts', 'email', 'b@y']);
    expect(db.accounts.get('a')).toBe(a);
    expect(db.accounts.where('email').equals('b@y').keys()).toEqual(['b']);
  });

  it('lets a document keep its own unique value on update, put and primary key change', () => {
    const db = accounts();
    db.accounts.add({ id: 'a', email: 'a@y', handle: 'ann', aliases: ['x'] });
    expect(db.accounts.update('a', { handle: 'ann', aliases: ['x', 'y'] })).toBe('a');
    expect(db.accounts.put({ id: 'a', email: 'a@y', handle: 'ann', aliases: ['y'] })).toBe('a');
    expect(db.accounts.update('a', { id: 'a2' })).toBe('a2');
    expect(db.accounts.where('email').equals('a@y').keys()).toEqual(['a2']);
  });

  it('frees a unique value when its document is deleted or changed', () => {
    const db = accounts();
    db.accounts.bulkAdd([account('a', 'a@y'), account('b', 'b@y')]);
    db.accounts.delete('a');
    db.accounts.update('b', { email: 'b2@y' });
    expect(db.accounts.add(account('c', 'a@y'))).toBe('c');
    expect(db.accounts.add(account('d', 'b@y'))).toBe('d');
  });

  it('allows many documents without the field (a missing value is not a unique value)', () => {
    const db = accounts();
    expect(
      db.accounts.bulkAdd([
        { id: 'a', email: 'a@y', aliases: [] },
        { id: 'b', email: 'b@y', aliases: [] },
      ]),
    ).toEqual(['a', 'b']);
    expect(db.accounts.where('handle').equals(undefined).keys().sort()).toEqual(['a', 'b']);
  });

  it('rejects a unique multiEntry element another document holds', () => {
    const db = accounts();
    db.accounts.add(account('a', 'a@y', ['ace', 'al']));
    expectRamifyError(() => db.accounts.add(account('b', 'b@y', ['bee', 'al'])), 'UNIQUE_VIOLATION', ['accounts', 'aliases', 'al']);
    expect(db.accounts.count()).toBe(1);
  });

  it('rejects a bulkAdd whose documents collide with each other, writing nothing', () => {
    const db = accounts();
    db.accounts.add(account('a', 'a@y'));
    expectRamifyError(() => db.accounts.bulkAdd([account('b', 'same@y'), account('c', 'same@y')]), 'UNIQUE_VIOLATION', [
      'accounts',
      'email',
      'same@y',
      /\b1\b/,
    ]);
    expect(db.accounts.keys()).toEqual(['a']);
    expect(db.accounts.where('email').equals('same@y').count()).toBe(0);
  });

  it('rejects a bulkPut that swaps unique values, as documents are applied in order (like IndexedDB)', () => {
    const db = accounts();
    db.accounts.bulkAdd([account('a', 'x@y'), account('b', 'z@y')]);
    const error = catchError(() => db.accounts.bulkPut([account('a', 'z@y'), account('b', 'x@y')]));
    expect(error.code).toBe('UNIQUE_VIOLATION');
    expect(db.accounts.get('a')!.email).toBe('x@y');
    expect(db.accounts.get('b')!.email).toBe('z@y');
  });

  it('lets a transaction catch a unique violation and keep its earlier writes', () => {
    const db = accounts();
    db.transaction(() => {
      db.accounts.add(account('a', 'a@y'));
      expect(catchError(() => db.accounts.add(account('b', 'a@y'))).code).toBe('UNIQUE_VIOLATION');
    });
    expect(db.accounts.keys()).toEqual(['a']);
  });
});
