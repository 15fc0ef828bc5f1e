import { describe, it, expect } from 'vitest';
import { Ramify, type Query, type Schema } from '@ramify-db/core';
import {
  day,
  expectRamifyError,
  expectUnchanged,
  makeStore,
  normalised,
  recordEvents,
  seededStore,
  snapshot,
  sortKeys,
} from './fixtures';

// Sample users (see fixtures): alice 30 [admin, editor] level 3; bob 25 [editor] level 1;
// carol (no age) [] level 3; dave 41 [viewer, editor] level 2.
const db = seededStore();
const keysOf = (q: { keys(): (string | number)[] }) => sortKeys(q.keys());

describe('operators on a plain index', () => {
  it('equals', () => {
    expect(keysOf(db.users.where('age').equals(30))).toEqual(['alice']);
    expect(keysOf(db.users.where('name').equals('Bob'))).toEqual(['bob']);
    expect(keysOf(db.users.where('age').equals(99))).toEqual([]);
  });

  it('equals undefined finds the documents without the field', () => {
    expect(keysOf(db.users.where('age').equals(undefined))).toEqual(['carol']);
  });

  it('equals on a boolean index', () => {
    expect(keysOf(db.posts.where('published').equals(false))).toEqual([2]);
    expect(keysOf(db.posts.where('published').equals(true))).toEqual([1, 3, 4]);
  });

  it('anyOf', () => {
    expect(keysOf(db.users.where('age').anyOf([25, 41, 99]))).toEqual(['bob', 'dave']);
    expect(keysOf(db.users.where('age').anyOf([30, 30]))).toEqual(['alice']);
  });

  it('anyOf with an empty list matches nothing', () => {
    expect(db.users.where('age').anyOf([]).toArray()).toEqual([]);
  });

  it('allOf', () => {
    expect(keysOf(db.users.where('age').allOf([30]))).toEqual(['alice']);
    expect(keysOf(db.users.where('age').allOf([30, 30]))).toEqual(['alice']);
    expect(keysOf(db.users.where('age').allOf([30, 25]))).toEqual([]);
  });

  it('allOf with an empty list matches every document', () => {
    expect(keysOf(db.users.where('age').allOf([]))).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('noneOf, including documents without the field', () => {
    expect(keysOf(db.users.where('age').noneOf([30, 25]))).toEqual(['carol', 'dave']);
    expect(keysOf(db.users.where('age').noneOf([undefined]))).toEqual(['alice', 'bob', 'dave']);
  });

  it('noneOf with an empty list matches every document', () => {
    expect(keysOf(db.users.where('age').noneOf([]))).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('above and aboveOrEqual', () => {
    expect(keysOf(db.users.where('age').above(25))).toEqual(['alice', 'dave']);
    expect(keysOf(db.users.where('age').aboveOrEqual(25))).toEqual(['alice', 'bob', 'dave']);
    expect(keysOf(db.users.where('age').above(41))).toEqual([]);
  });

  it('below and belowOrEqual, with a missing field below every number', () => {
    expect(keysOf(db.users.where('age').below(30))).toEqual(['bob', 'carol']);
    expect(keysOf(db.users.where('age').belowOrEqual(30))).toEqual(['alice', 'bob', 'carol']);
    expect(keysOf(db.users.where('age').below(undefined))).toEqual([]);
  });

  it('between includes the lower bound and excludes the upper one by default', () => {
    expect(keysOf(db.users.where('age').between(25, 41))).toEqual(['alice', 'bob']);
  });

  it('between with explicit inclusion flags', () => {
    expect(keysOf(db.users.where('age').between(25, 41, false, true))).toEqual(['alice', 'dave']);
    expect(keysOf(db.users.where('age').between(25, 41, true, true))).toEqual(['alice', 'bob', 'dave']);
    expect(keysOf(db.users.where('age').between(25, 41, false, false))).toEqual(['alice']);
    expect(keysOf(db.users.where('age').between(30, 30, true, true))).toEqual(['alice']);
  });

  it('between with the bounds swapped or equal and not both included matches nothing', () => {
    expect(keysOf(db.users.where('age').between(41, 25))).toEqual([]);
    expect(keysOf(db.users.where('age').between(30, 30))).toEqual([]);
  });

  it('ranges on Dates', () => {
    expect(keysOf(db.posts.where('createdAt').between(day(6), day(8)))).toEqual([2, 3]);
    expect(keysOf(db.posts.where('createdAt').above(day(7)))).toEqual([4]);
    expect(keysOf(db.posts.where('createdAt').belowOrEqual(day(6)))).toEqual([1, 2]);
  });

  it('startsWith', () => {
    expect(keysOf(db.users.where('email').startsWith('ca'))).toEqual(['carol']);
    expect(keysOf(db.users.where('email').startsWith('alice@'))).toEqual(['alice']);
    expect(keysOf(db.users.where('email').startsWith('x'))).toEqual([]);
  });

  it('startsWith is case-sensitive and matches the whole value as a prefix of itself', () => {
    expect(keysOf(db.users.where('name').startsWith('a'))).toEqual([]);
    expect(keysOf(db.users.where('name').startsWith('Alice'))).toEqual(['alice']);
    expect(keysOf(db.users.where('name').startsWith('Alicea'))).toEqual([]);
  });

  it('startsWith the empty string matches every string value and nothing else', () => {
    expect(keysOf(db.users.where('email').startsWith(''))).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(keysOf(db.users.where('age').startsWith(''))).toEqual([]);
  });

  it('startsWith handles prefixes near the end of the code unit range', () => {
    const store = makeStore();
    store.things.bulkAdd([
      { id: 1, value: 'a\uffff' },
      { id: 2, value: 'a\uffffb' },
      { id: 3, value: 'b' },
    ]);
    expect(keysOf(store.things.where('value').startsWith('a\uffff'))).toEqual([1, 2]);
  });
});

describe('operators on a nested plain index', () => {
  it('equals, anyOf and ranges on stats.level', () => {
    expect(keysOf(db.users.where('stats.level').equals(3))).toEqual(['alice', 'carol']);
    expect(keysOf(db.users.where('stats.level').anyOf([1, 2]))).toEqual(['bob', 'dave']);
    expect(keysOf(db.users.where('stats.level').between(1, 3))).toEqual(['bob', 'dave']);
    expect(keysOf(db.users.where('stats.level').above(1))).toEqual(['alice', 'carol', 'dave']);
    expect(keysOf(db.users.where('stats.level').noneOf([3]))).toEqual(['bob', 'dave']);
  });

  it('a three-segment path, missing on the way for some documents', () => {
    expect(keysOf(db.users.where('profile.address.zip').equals('75001'))).toEqual(['alice']);
    expect(keysOf(db.users.where('profile.address.zip').startsWith('1'))).toEqual(['dave']);
    expect(keysOf(db.users.where('profile.address.zip').equals(undefined))).toEqual(['bob', 'carol']);
  });

  it('a nested index on another collection', () => {
    expect(keysOf(db.messages.where('metadata.priority').aboveOrEqual(2))).toEqual(['m-b', 'm-c']);
  });
});

describe('operators on a multiEntry index', () => {
  it('equals a scalar: the array contains it', () => {
    expect(keysOf(db.users.where('roles').equals('editor'))).toEqual(['alice', 'bob', 'dave']);
    expect(keysOf(db.users.where('roles').equals('nobody'))).toEqual([]);
  });

  it('equals an array: the same elements, order ignored', () => {
    expect(keysOf(db.users.where('roles').equals(['editor', 'admin']))).toEqual(['alice']);
    expect(keysOf(db.users.where('roles').equals(['editor']))).toEqual(['bob']);
    expect(keysOf(db.users.where('roles').equals(['editor', 'admin', 'viewer']))).toEqual([]);
  });

  it('equals an empty array finds the documents with an empty array', () => {
    expect(keysOf(db.users.where('roles').equals([]))).toEqual(['carol']);
  });

  it('anyOf: the array contains at least one, each document listed once', () => {
    expect(db.users.where('roles').anyOf(['admin', 'editor']).keys()).toHaveLength(3);
    expect(keysOf(db.users.where('roles').anyOf(['admin', 'viewer']))).toEqual(['alice', 'dave']);
    expect(keysOf(db.users.where('roles').anyOf([]))).toEqual([]);
  });

  it('allOf: the array contains all', () => {
    expect(keysOf(db.users.where('roles').allOf(['editor', 'viewer']))).toEqual(['dave']);
    expect(keysOf(db.users.where('roles').allOf(['editor']))).toEqual(['alice', 'bob', 'dave']);
    expect(keysOf(db.users.where('roles').allOf(['admin', 'viewer']))).toEqual([]);
    expect(keysOf(db.users.where('roles').allOf([]))).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('noneOf: the array contains none, empty arrays included', () => {
    expect(keysOf(db.users.where('roles').noneOf(['admin']))).toEqual(['bob', 'carol', 'dave']);
    expect(keysOf(db.posts.where('tags').noneOf(['news']))).toEqual([2, 4]);
    expect(keysOf(db.users.where('roles').noneOf([]))).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('ranges: some element in range, each document listed once', () => {
    expect(keysOf(db.users.where('roles').above('editor'))).toEqual(['dave']);
    expect(keysOf(db.users.where('roles').aboveOrEqual('editor'))).toEqual(['alice', 'bob', 'dave']);
    expect(keysOf(db.users.where('roles').below('editor'))).toEqual(['alice']);
    expect(keysOf(db.users.where('roles').belowOrEqual('admin'))).toEqual(['alice']);
    expect(db.users.where('roles').between('a', 'z').keys()).toHaveLength(3);
    expect(keysOf(db.users.where('roles').between('b', 'w'))).toEqual(['alice', 'bob', 'dave']);
  });

  it('startsWith: some element has the prefix', () => {
    expect(keysOf(db.users.where('roles').startsWith('ed'))).toEqual(['alice', 'bob', 'dave']);
    expect(keysOf(db.users.where('roles').startsWith('v'))).toEqual(['dave']);
  });

  it('a nested multiEntry path', () => {
    expect(keysOf(db.messages.where('metadata.readBy').equals('bob'))).toEqual(['m-a', 'm-c']);
    expect(keysOf(db.messages.where('metadata.readBy').allOf(['bob', 'dave']))).toEqual(['m-c']);
    expect(keysOf(db.messages.where('metadata.readBy').noneOf(['bob']))).toEqual(['m-b']);
  });

  it('treats a scalar value as a one-element array and a missing field as no elements', () => {
    const store = makeStore();
    store.things.bulkAdd([{ id: 1, list: 'solo' as unknown as string[] }, { id: 2 }, { id: 3, list: ['solo', 'x'] }]);
    expect(keysOf(store.things.where('list').equals('solo'))).toEqual([1, 3]);
    expect(keysOf(store.things.where('list').noneOf(['solo']))).toEqual([2]);
    expect(keysOf(store.things.where('list').anyOf(['solo', 'x']))).toEqual([1, 3]);
    expect(keysOf(store.things.where('list').equals(undefined))).toEqual([]);
  });

  it('indexes Dates and mixed values inside multiEntry arrays', () => {
    const store = makeStore();
    store.things.bulkAdd([
      { id: 1, list: [day(1), 5] },
      { id: 2, list: [null, 'x'] },
    ]);
    expect(keysOf(store.things.where('list').equals(new Date(day(1).getTime())))).toEqual([1]);
    expect(keysOf(store.things.where('list').equals(null))).toEqual([2]);
    expect(keysOf(store.things.where('list').between(0, 'a'))).toEqual([1]);
  });
});

describe('operators on the primary key', () => {
  it('equals, anyOf, allOf and noneOf on a string key', () => {
    expect(keysOf(db.users.where('id').equals('bob'))).toEqual(['bob']);
    expect(keysOf(db.users.where('id').equals('zed'))).toEqual([]);
    expect(keysOf(db.users.where('id').anyOf(['bob', 'zed', 'dave']))).toEqual(['bob', 'dave']);
    expect(keysOf(db.users.where('id').allOf(['bob']))).toEqual(['bob']);
    expect(keysOf(db.users.where('id').allOf(['bob', 'dave']))).toEqual([]);
    expect(keysOf(db.users.where('id').noneOf(['bob']))).toEqual(['alice', 'carol', 'dave']);
  });

  it('ranges and startsWith on a string key', () => {
    expect(keysOf(db.users.where('id').above('bob'))).toEqual(['carol', 'dave']);
    expect(keysOf(db.users.where('id').between('b', 'd'))).toEqual(['bob', 'carol']);
    expect(keysOf(db.users.where('id').startsWith('da'))).toEqual(['dave']);
    expect(keysOf(db.users.where('id').belowOrEqual('bob'))).toEqual(['alice', 'bob']);
  });

  it('ranges on a number key', () => {
    expect(keysOf(db.posts.where('id').below(3))).toEqual([1, 2]);
    expect(keysOf(db.posts.where('id').between(2, 4, true, true))).toEqual([2, 3, 4]);
    expect(keysOf(db.posts.where('id').anyOf([1, 3, 9]))).toEqual([1, 3]);
    expect(keysOf(db.posts.where('id').aboveOrEqual(4))).toEqual([4]);
  });
});

describe('criteria objects', () => {
  it('matches documents where every field matches', () => {
    expect(keysOf(db.users.where({ 'stats.level': 3, roles: 'admin' }))).toEqual(['alice']);
    expect(keysOf(db.users.where({ name: 'Alice', age: 31 }))).toEqual([]);
  });

  it('treats an array on a plain index as anyOf', () => {
    expect(keysOf(db.users.where({ age: [25, 41] }))).toEqual(['bob', 'dave']);
  });

  it('treats an array on a multiEntry index as the exact elements', () => {
    expect(keysOf(db.users.where({ roles: ['editor', 'viewer'] }))).toEqual(['dave']);
    expect(keysOf(db.users.where({ roles: ['editor'] }))).toEqual(['bob']);
  });

  it('treats a scalar on a multiEntry index as contains', () => {
    expect(keysOf(db.users.where({ roles: 'editor' }))).toEqual(['alice', 'bob', 'dave']);
  });

  it('accepts the primary key, Dates and nested paths', () => {
    expect(keysOf(db.users.where({ id: 'bob' }))).toEqual(['bob']);
    expect(keysOf(db.users.where({ id: ['bob', 'carol'], 'stats.level': 3 }))).toEqual(['carol']);
    expect(keysOf(db.users.where({ createdAt: day(2) }))).toEqual(['bob']);
    expect(keysOf(db.users.where({ 'profile.address.zip': '10115' }))).toEqual(['dave']);
  });

  it('combines with the chain like any other query', () => {
    expect(db.users.where({ roles: 'editor' }).sortBy('age').reverse().limit(2).keys()).toEqual(['dave', 'alice']);
  });

  it('rejects a field that is not indexed with NOT_INDEXED', () => {
    expectRamifyError(() => db.users.where({ 'stats.score': 10 } as never), 'NOT_INDEXED', ['users', 'stats.score', 'email']);
  });
});

describe('NOT_INDEXED', () => {
  it('rejects where() on a field that is not indexed, listing the indexed fields', () => {
    const store = seededStore();
    const before = snapshot(store);
    const error = expectRamifyError(() => store.users.where('stats.score' as never), 'NOT_INDEXED', [
      'users',
      'stats.score',
    ]);
    for (const path of ['id', 'name', 'email', 'age', 'stats.level', 'profile.address.zip', 'createdAt', 'roles']) {
      expect(error.message).toContain(path);
    }
    expect(error).toMatchObject({ collection: 'users', field: 'stats.score' });
    expectUnchanged(store, before);
  });

  it('rejects a prefix of an indexed nested path', () => {
    expectRamifyError(() => db.users.where('stats' as never), 'NOT_INDEXED', ['users', 'stats']);
  });

  it('rejects a where() argument that is neither a path nor a criteria object with INVALID_QUERY', () => {
    expectRamifyError(() => db.users.where(5 as never), 'INVALID_QUERY', ['users', '5']);
    expectRamifyError(() => db.users.where(null as never), 'INVALID_QUERY', ['users', 'null']);
  });
});

describe('bad operands', () => {
  const cases: [string, () => unknown, string][] = [
    ['an object to equals', () => db.users.where('age').equals({ n: 1 } as never), 'age'],
    ['NaN to equals', () => db.users.where('age').equals(NaN), 'age'],
    ['a non-array to anyOf', () => db.users.where('age').anyOf(30 as never), 'age'],
    ['an object inside anyOf', () => db.users.where('age').anyOf([{}] as never), 'age'],
    ['a non-array to noneOf', () => db.users.where('roles').noneOf('admin' as never), 'roles'],
    ['a non-array to allOf', () => db.users.where('roles').allOf('admin' as never), 'roles'],
    ['an object to above', () => db.users.where('age').above([] as never), 'age'],
    ['a non-boolean inclusion flag to between', () => db.users.where('age').between(1, 2, 'yes' as never), 'age'],
    ['a non-string prefix to startsWith', () => db.users.where('email').startsWith(5 as never), 'email'],
    ['no argument to equals', () => (db.users.where('age').equals as () => unknown)(), 'age'],
  ];
  for (const [label, run, field] of cases) {
    it(`rejects ${label} with INVALID_QUERY`, () => {
      const before = snapshot(db);
      expectRamifyError(run, 'INVALID_QUERY', ['users', field]);
      expectUnchanged(db, before);
    });
  }

  it('names the offending value in the message', () => {
    expectRamifyError(() => db.users.where('email').startsWith(5 as never), 'INVALID_QUERY', ['users', 'email', '5']);
    expectRamifyError(() => db.users.where('age').equals(NaN), 'INVALID_QUERY', ['users', 'age', 'NaN']);
  });

  it('rejects a negative or fractional limit and offset with INVALID_QUERY', () => {
    expectRamifyError(() => db.users.limit(-1), 'INVALID_QUERY', ['users', 'limit', '-1']);
    expectRamifyError(() => db.users.where('age').above(1).limit(1.5), 'INVALID_QUERY', ['users', 'limit', '1.5']);
    expectRamifyError(() => db.users.offset(-2), 'INVALID_QUERY', ['users', 'offset', '-2']);
    expectRamifyError(() => db.users.offset(NaN), 'INVALID_QUERY', ['users', 'offset', 'NaN']);
  });

  it('rejects a filter that is not a function and a sortBy path with an empty segment', () => {
    expectRamifyError(() => db.users.filter('x' as never), 'INVALID_QUERY', ['users', 'filter']);
    expectRamifyError(() => db.users.sortBy('stats..level' as never), 'INVALID_QUERY', ['users', 'stats..level']);
  });
});

describe('chaining', () => {
  it('filter after the index step', () => {
    expect(keysOf(db.users.where('roles').equals('editor').filter((u) => (u.age ?? 0) > 26))).toEqual(['alice', 'dave']);
  });

  it('several filters all apply', () => {
    const q = db.users.filter((u) => u.stats.level > 1).filter((u) => u.roles.length > 0);
    expect(keysOf(q)).toEqual(['alice', 'dave']);
  });

  it('filter directly on the collection', () => {
    expect(keysOf(db.users.filter((u) => u.email.endsWith('.org')))).toEqual(['carol']);
  });

  it('filter receives the stored documents', () => {
    const seen: unknown[] = [];
    db.users.where('id').equals('bob').filter((u) => {
      seen.push(u);
      return true;
    }).toArray();
    expect(seen).toEqual([db.users.get('bob')]);
    expect(seen[0]).toBe(db.users.get('bob'));
  });

  it('sortBy a plain index', () => {
    expect(db.users.sortBy('name').keys()).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(db.users.sortBy('age').keys()).toEqual(['carol', 'bob', 'alice', 'dave']);
  });

  it('sortBy a nested index, ties in primary key order', () => {
    expect(db.users.sortBy('stats.level').keys()).toEqual(['bob', 'dave', 'alice', 'carol']);
  });

  it('sortBy a path that is not indexed, nested, ties in primary key order', () => {
    expect(db.users.sortBy('stats.score').keys()).toEqual(['dave', 'bob', 'carol', 'alice']);
    expect(db.users.sortBy('profile.city').keys()).toEqual(['carol', 'dave', 'bob', 'alice']);
  });

  it('sortBy the primary key', () => {
    expect(db.posts.sortBy('id').keys()).toEqual([1, 2, 3, 4]);
    expect(db.users.sortBy('id').reverse().keys()).toEqual(['dave', 'carol', 'bob', 'alice']);
  });

  it('sortBy gives the same order for an indexed and an unindexed path with the same values', () => {
    const store = createLevels();
    expect(store.indexed.sortBy('level').keys()).toEqual(store.plain.sortBy('level').keys());
    expect(store.indexed.sortBy('level').keys()).toEqual([1, 4, 5, 2, 3, 6]);
    expect(store.indexed.sortBy('level').limit(3).keys()).toEqual([1, 4, 5]);
    expect(store.plain.sortBy('level').limit(3).keys()).toEqual([1, 4, 5]);
    expect(store.indexed.sortBy('level').reverse().keys()).toEqual([6, 3, 2, 5, 4, 1]);
    expect(store.plain.sortBy('level').reverse().keys()).toEqual([6, 3, 2, 5, 4, 1]);
  });

  it('sortBy after a where step uses the where result', () => {
    expect(db.users.where('roles').equals('editor').sortBy('age').keys()).toEqual(['bob', 'alice', 'dave']);
    expect(db.users.where('roles').equals('editor').sortBy('age').limit(2).keys()).toEqual(['bob', 'alice']);
    expect(db.users.where('stats.level').above(1).sortBy('name').keys()).toEqual(['alice', 'carol', 'dave']);
  });

  it('reverse reverses the sorted order, ties included', () => {
    expect(db.users.sortBy('stats.level').reverse().keys()).toEqual(['carol', 'alice', 'dave', 'bob']);
  });

  it('reverse may be called before sortBy', () => {
    expect(db.users.reverse().sortBy('name').keys()).toEqual(['dave', 'carol', 'bob', 'alice']);
    expect(db.users.where('age').above(0).reverse().sortBy('age').keys()).toEqual(['dave', 'alice', 'bob']);
  });

  it('reverse twice restores the order', () => {
    expect(db.users.sortBy('name').reverse().reverse().keys()).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('offset skips and limit caps', () => {
    expect(db.users.sortBy('name').offset(1).keys()).toEqual(['bob', 'carol', 'dave']);
    expect(db.users.sortBy('name').limit(2).keys()).toEqual(['alice', 'bob']);
    expect(db.users.sortBy('name').limit(0).keys()).toEqual([]);
    expect(db.users.sortBy('name').offset(4).keys()).toEqual([]);
    expect(db.users.sortBy('name').offset(10).limit(2).keys()).toEqual([]);
    expect(db.users.sortBy('name').limit(10).keys()).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('applies offset before limit whatever the call order', () => {
    expect(db.users.sortBy('name').offset(1).limit(2).keys()).toEqual(['bob', 'carol']);
    expect(db.users.sortBy('name').limit(2).offset(1).keys()).toEqual(['bob', 'carol']);
    expect(db.users.limit(2).offset(1).sortBy('name').keys()).toEqual(['bob', 'carol']);
  });

  it('applies offset and limit after reverse', () => {
    expect(db.users.sortBy('name').reverse().offset(1).limit(2).keys()).toEqual(['carol', 'bob']);
  });

  it('applies offset and limit after filter', () => {
    expect(db.users.sortBy('name').filter((u) => u.id !== 'alice').limit(2).keys()).toEqual(['bob', 'carol']);
  });

  it('starts a query from the collection with limit, offset, sortBy and reverse', () => {
    expect(db.users.limit(2).toArray()).toHaveLength(2);
    expect(db.users.offset(3).toArray()).toHaveLength(1);
    expect(db.users.sortBy('email').keys()).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(db.users.reverse().sortBy('email').keys()).toEqual(['dave', 'carol', 'bob', 'alice']);
  });

  it('a later limit, offset or sortBy replaces an earlier one', () => {
    expect(db.users.sortBy('age').sortBy('name').limit(1).limit(3).offset(2).offset(1).keys()).toEqual(['bob', 'carol', 'dave']);
  });

  it('builds a new query at each step and leaves the one it started from as it was', () => {
    const base = db.users.where('age').above(20).sortBy('age');
    const limited = base.limit(1);
    const reversed = base.reverse();
    const filtered = base.filter((u) => u.id === 'dave');
    expect(base.keys()).toEqual(['bob', 'alice', 'dave']);
    expect(limited.keys()).toEqual(['bob']);
    expect(reversed.keys()).toEqual(['dave', 'alice', 'bob']);
    expect(filtered.keys()).toEqual(['dave']);
  });

  it('criteria combine a multiEntry contains with a plain anyOf', () => {
    expect(keysOf(db.users.where({ roles: 'editor', 'stats.level': [1, 2] }))).toEqual(['bob', 'dave']);
  });
});

describe('sorted queries give the same results whichever way they are planned', () => {
  interface Item {
    id: number;
    group: number;
    rank: number;
    tags: string[];
  }
  // Deterministic data: rank has ties, groups have very different sizes, so the planner sometimes
  // walks the sort index and sometimes sorts the candidates.
  const items: Item[] = Array.from({ length: 400 }, (_, i) => ({
    id: i,
    group: i % 50 === 0 ? 1 : i % 3 === 0 ? 2 : 3,
    rank: (i * 37) % 101,
    tags: i % 7 === 0 ? ['seven'] : [],
  }));
  const store = new Ramify().createStore<{ items: Schema<Item, 'id'> }>({
    items: { primaryKey: 'id', indexes: ['group', 'rank'], multiEntry: ['tags'] },
  });
  store.items.bulkAdd(items);

  const naive = (accept: (item: Item) => boolean, reverse: boolean, offset: number, limit: number) => {
    const sorted = items.filter(accept).sort((a, b) => a.rank - b.rank || a.id - b.id);
    if (reverse) sorted.reverse();
    return sorted.slice(offset, offset + limit).map((item) => item.id);
  };

  const selections: [string, () => Query<Item, 'id'>, (item: Item) => boolean][] = [
    ['everything', () => store.items.offset(0), () => true],
    ['a small group', () => store.items.where('group').equals(1), (item) => item.group === 1],
    ['a large group', () => store.items.where('group').equals(3), (item) => item.group === 3],
    ['a range on the sort path', () => store.items.where('rank').between(10, 60), (item) => item.rank >= 10 && item.rank < 60],
    ['a multiEntry tag', () => store.items.where('tags').equals('seven'), (item) => item.tags.includes('seven')],
    ['two clauses', () => store.items.where({ group: [1, 2], tags: 'seven' }), (item) => item.group !== 3 && item.tags.includes('seven')],
  ];
  for (const [label, select, accept] of selections) {
    for (const [reverse, offset, limit] of [
      [false, 0, 5],
      [true, 0, 5],
      [false, 3, 10],
      [true, 7, 400],
      [false, 0, 400],
    ] as const) {
      it(`${label}, sorted by rank${reverse ? ' reversed' : ''}, offset ${offset}, limit ${limit}`, () => {
        let q = select().sortBy('rank');
        if (reverse) q = q.reverse();
        const keys = q.offset(offset).limit(limit).keys();
        expect(keys).toEqual(naive(accept, reverse, offset, limit));
        expect(q.offset(offset).limit(limit).count()).toBe(keys.length);
      });
    }
  }
});

describe('terminal calls', () => {
  it('toArray returns the stored documents', () => {
    const [bob] = db.users.where('name').equals('Bob').toArray();
    expect(bob).toBe(db.users.get('bob'));
  });

  it('first and last follow the sorted order', () => {
    expect(db.users.sortBy('age').first()).toBe(db.users.get('carol'));
    expect(db.users.sortBy('age').last()).toBe(db.users.get('dave'));
    expect(db.users.sortBy('age').reverse().first()).toBe(db.users.get('dave'));
    expect(db.users.sortBy('age').reverse().last()).toBe(db.users.get('carol'));
  });

  it('first and last respect offset and limit', () => {
    expect(db.users.sortBy('name').offset(1).first()!.id).toBe('bob');
    expect(db.users.sortBy('name').limit(2).last()!.id).toBe('bob');
    expect(db.users.sortBy('name').offset(1).limit(2).last()!.id).toBe('carol');
    expect(db.users.sortBy('name').limit(0).first()).toBeUndefined();
  });

  it('first and last return undefined when nothing matches', () => {
    expect(db.users.where('name').equals('nobody').first()).toBeUndefined();
    expect(db.users.where('name').equals('nobody').last()).toBeUndefined();
  });

  it('first of a query with one match returns it', () => {
    expect(db.users.where('email').equals('dave@example.com').first()).toBe(db.users.get('dave'));
  });

  it('count counts the matches after filter, offset and limit', () => {
    expect(db.users.where('roles').equals('editor').count()).toBe(3);
    expect(db.users.where('roles').equals('editor').filter((u) => u.id !== 'bob').count()).toBe(2);
    expect(db.users.where('roles').equals('editor').offset(1).count()).toBe(2);
    expect(db.users.where('roles').equals('editor').limit(1).count()).toBe(1);
    expect(db.users.where('roles').equals('editor').offset(5).count()).toBe(0);
    expect(db.users.where({ roles: 'editor', 'stats.level': 3 }).count()).toBe(1);
    expect(db.users.sortBy('name').count()).toBe(4);
  });

  it('keys returns the primary keys in result order', () => {
    expect(db.users.sortBy('name').keys()).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(db.posts.where('userId').equals('alice').sortBy('createdAt').reverse().keys()).toEqual([2, 1]);
  });

  it('modify shallow-merges the changes into every match and returns the keys', () => {
    const store = seededStore();
    const log = recordEvents(store);
    expect(sortKeys(store.users.where('stats.level').equals(3).modify({ age: 99 }))).toEqual(['alice', 'carol']);
    expect(store.users.get('alice')!.age).toBe(99);
    expect(store.users.get('carol')!.age).toBe(99);
    expect(store.users.get('bob')!.age).toBe(25);
    expect(normalised(log)).toEqual([['users', 'update', ['alice', 'carol']]]);
  });

  it('modify returns only the keys it changed and emits only those', () => {
    const store = seededStore();
    const alice = store.users.get('alice');
    const log = recordEvents(store);
    expect(sortKeys(store.users.where('roles').equals('editor').modify({ age: 30 }))).toEqual(['bob', 'dave']);
    expect(store.users.get('alice')).toBe(alice);
    expect(normalised(log)).toEqual([['users', 'update', ['bob', 'dave']]]);
  });

  it('modify with undefined removes the field', () => {
    const store = seededStore();
    store.users.where('id').anyOf(['alice', 'bob']).modify({ age: undefined });
    expect('age' in store.users.get('alice')!).toBe(false);
    expect(keysOf(store.users.where('age').equals(undefined))).toEqual(['alice', 'bob', 'carol']);
  });

  it('modify of the indexed field the query selects on updates every match once', () => {
    const store = seededStore();
    expect(sortKeys(store.users.where('stats.level').equals(3).modify({ stats: { level: 4, score: 0 } }))).toEqual(['alice', 'carol']);
    expect(store.users.where('stats.level').equals(3).count()).toBe(0);
    expect(keysOf(store.users.where('stats.level').equals(4))).toEqual(['alice', 'carol']);
  });

  it('modify respects sortBy, offset and limit', () => {
    const store = seededStore();
    expect(store.users.sortBy('name').offset(1).limit(2).modify({ age: 1 })).toEqual(['bob', 'carol']);
    expect(keysOf(store.users.where('age').equals(1))).toEqual(['bob', 'carol']);
  });

  it('modify matching nothing returns [] and emits nothing', () => {
    const store = seededStore();
    const log = recordEvents(store);
    expect(store.users.where('name').equals('nobody').modify({ age: 1 })).toEqual([]);
    expect(log).toEqual([]);
  });

  it('modify rejects changes that are not an object with INVALID_ARGUMENT and changes nothing', () => {
    const store = seededStore();
    const before = snapshot(store);
    expectRamifyError(() => store.users.where('age').above(0).modify(null as never), 'INVALID_ARGUMENT', ['users', 'null']);
    expectUnchanged(store, before);
  });

  it('delete removes every match, returns their keys and emits one delete event', () => {
    const store = seededStore();
    const log = recordEvents(store);
    expect(sortKeys(store.users.where('roles').equals('editor').delete())).toEqual(['alice', 'bob', 'dave']);
    expect(store.users.keys()).toEqual(['carol']);
    expect(store.users.where('roles').equals('editor').count()).toBe(0);
    expect(normalised(log)).toEqual([['users', 'delete', ['alice', 'bob', 'dave']]]);
  });

  it('delete respects sortBy and limit', () => {
    const store = seededStore();
    expect(store.users.sortBy('age').reverse().limit(2).delete()).toEqual(['dave', 'alice']);
    expect(keysOf(store.users)).toEqual(['bob', 'carol']);
  });

  it('delete matching nothing returns [] and emits nothing', () => {
    const store = seededStore();
    const log = recordEvents(store);
    expect(store.users.where('age').above(100).delete()).toEqual([]);
    expect(log).toEqual([]);
  });

  it('delete with a filter removes only what the filter accepts', () => {
    const store = seededStore();
    expect(store.posts.filter((p) => !p.published).delete()).toEqual([2]);
    expect(keysOf(store.posts)).toEqual([1, 3, 4]);
  });
});

describe('a query is a description, run anew at each terminal call', () => {
  it('sees documents added, changed and deleted after it was built', () => {
    const store = seededStore();
    const editors = store.users.where('roles').equals('editor');
    expect(keysOf(editors)).toEqual(['alice', 'bob', 'dave']);
    store.users.add({ id: 'erin', name: 'Erin', email: 'e@x', roles: ['editor'], stats: { level: 1, score: 0 } });
    expect(keysOf(editors)).toEqual(['alice', 'bob', 'dave', 'erin']);
    store.users.update('alice', { roles: ['admin'] });
    store.users.delete('bob');
    expect(keysOf(editors)).toEqual(['dave', 'erin']);
    expect(editors.count()).toBe(2);
  });

  it('re-runs sorted, limited queries against current data', () => {
    const store = seededStore();
    const youngest = store.users.where('age').above(0).sortBy('age').limit(1);
    expect(youngest.keys()).toEqual(['bob']);
    store.users.update('dave', { age: 20 });
    expect(youngest.keys()).toEqual(['dave']);
    store.users.delete('dave');
    expect(youngest.first()!.id).toBe('bob');
  });

  it('returns a new array on each run', () => {
    const q = db.users.sortBy('name');
    const a = q.toArray();
    const b = q.toArray();
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    a.pop();
    expect(q.count()).toBe(4);
  });

  it('sees writes made inside a transaction', () => {
    const store = seededStore();
    const q = store.users.where('age').above(40);
    store.transaction(() => {
      store.users.update('bob', { age: 50 });
      expect(keysOf(q)).toEqual(['bob', 'dave']);
    });
  });
});

interface Row {
  id: number;
  level: number;
}

/** Two collections with the same rows, one with `level` indexed and one without. */
function createLevels() {
  const rows: Row[] = [
    { id: 3, level: 2 },
    { id: 1, level: 1 },
    { id: 6, level: 3 },
    { id: 5, level: 1 },
    { id: 2, level: 2 },
    { id: 4, level: 1 },
  ];
  const store = new Ramify().createStore<{ indexed: Schema<Row, 'id'>; plain: Schema<Row, 'id'> }>({
    indexed: { primaryKey: 'id', indexes: ['level'] },
    plain: { primaryKey: 'id' },
  });
  store.indexed.bulkAdd(rows);
  store.plain.bulkAdd(rows);
  return store;
}
