import { describe, it, expect } from 'vitest';
import type { QueryJSON } from '@ramify-db/core';
import { day, expectRamifyError, expectUnchanged, makeStore, seededStore, snapshot, sortKeys } from './fixtures';

const db = seededStore();
db.things.bulkAdd([
  { id: 1, value: undefined, list: [undefined, null] },
  { id: 2, value: null, list: [day(1)] },
  { id: 3, value: day(1), list: ['a', 2] },
  { id: 4, value: day(2) },
  { id: 5, value: 'x', list: [true] },
  { id: 6, value: 7 },
]);

type AnyQuery = { toJSON(): QueryJSON; keys(): (string | number)[] };

/** Every operator, on plain, nested, multiEntry and primary-key paths, with Dates and undefined. */
const queries: [string, () => AnyQuery][] = [
  ['equals', () => db.users.where('name').equals('Bob')],
  ['equals undefined', () => db.users.where('age').equals(undefined)],
  ['equals a Date', () => db.users.where('createdAt').equals(day(2))],
  ['equals on a multiEntry array', () => db.users.where('roles').equals(['editor', 'admin'])],
  ['anyOf', () => db.users.where('age').anyOf([25, 41])],
  ['anyOf with Dates and undefined', () => db.things.where('value').anyOf([day(1), undefined, 'x'])],
  ['allOf on a multiEntry index', () => db.users.where('roles').allOf(['editor', 'viewer'])],
  ['allOf empty', () => db.users.where('roles').allOf([])],
  ['noneOf', () => db.users.where('roles').noneOf(['admin'])],
  ['above', () => db.users.where('stats.level').above(1)],
  ['aboveOrEqual a Date', () => db.posts.where('createdAt').aboveOrEqual(day(6))],
  ['below undefined-aware', () => db.things.where('value').below(day(2))],
  ['belowOrEqual', () => db.posts.where('id').belowOrEqual(2)],
  ['between with defaults', () => db.users.where('age').between(25, 41)],
  ['between with flags', () => db.users.where('age').between(25, 41, false, true)],
  ['between Dates', () => db.things.where('value').between(day(1), day(2), true, true)],
  ['between undefined and null on multiEntry', () => db.things.where('list').between(undefined, null, true, true)],
  ['startsWith', () => db.users.where('email').startsWith('ca')],
  ['startsWith on the primary key', () => db.users.where('id').startsWith('da')],
  ['a nested multiEntry path', () => db.messages.where('metadata.readBy').equals('bob')],
  ['criteria', () => db.users.where({ roles: 'editor', age: [25, 41], 'stats.level': 1 })],
  ['criteria with a Date', () => db.users.where({ createdAt: day(1) })],
  ['chained sortBy, reverse, offset, limit', () => db.users.where('age').above(0).sortBy('age').reverse().offset(1).limit(1)],
  ['no where step', () => db.users.sortBy('stats.score').limit(3)],
  ['the whole collection', () => db.users.offset(0)],
];

describe('toJSON', () => {
  it('describes a where step as path, op and args', () => {
    expect(db.users.where('email').equals('bob@example.com').toJSON()).toEqual({
      collection: 'users',
      where: [{ path: 'email', op: 'equals', args: ['bob@example.com'] }],
    });
  });

  it('encodes Dates as { $date: ms }', () => {
    expect(db.users.where('createdAt').above(day(1)).toJSON()).toEqual({
      collection: 'users',
      where: [{ path: 'createdAt', op: 'above', args: [{ $date: day(1).getTime() }] }],
    });
  });

  it('encodes undefined as { $undefined: true }, also inside lists', () => {
    expect(db.things.where('value').anyOf([undefined, day(2), null, 3]).toJSON()).toEqual({
      collection: 'things',
      where: [{ path: 'value', op: 'anyOf', args: [[{ $undefined: true }, { $date: day(2).getTime() }, null, 3]] }],
    });
  });

  it('describes sortBy, reverse, offset and limit', () => {
    expect(db.users.where('age').above(1).sortBy('name').reverse().offset(1).limit(2).toJSON()).toEqual({
      collection: 'users',
      where: [{ path: 'age', op: 'above', args: [1] }],
      sortBy: 'name',
      reverse: true,
      offset: 1,
      limit: 2,
    });
  });

  it('describes a query without where steps with an empty where list', () => {
    expect(db.users.sortBy('name').toJSON()).toEqual({ collection: 'users', where: [], sortBy: 'name' });
  });

  it('describes criteria as equals for scalars and anyOf for arrays on plain indexes', () => {
    expect(db.users.where({ age: [25, 41], roles: ['editor'], name: 'Bob' }).toJSON()).toEqual({
      collection: 'users',
      where: [
        { path: 'age', op: 'anyOf', args: [[25, 41]] },
        { path: 'roles', op: 'equals', args: [['editor']] },
        { path: 'name', op: 'equals', args: ['Bob'] },
      ],
    });
  });

  it('returns plain JSON: stringify and parse give the same description', () => {
    for (const [label, build] of queries) {
      const json = build().toJSON();
      expect(JSON.parse(JSON.stringify(json)), label).toEqual(json);
    }
  });

  it('returns a fresh description the caller may change without changing the query', () => {
    const q = db.users.where('age').above(1).limit(2);
    const json = q.toJSON();
    json.limit = 100;
    json.where[0].args[0] = 99;
    expect(q.toJSON()).toEqual({ collection: 'users', where: [{ path: 'age', op: 'above', args: [1] }], limit: 2 });
  });

  it('rejects a query with a filter function with INVALID_QUERY', () => {
    expectRamifyError(() => db.users.where('age').above(1).filter((u) => u.id !== 'bob').toJSON(), 'INVALID_QUERY', [
      'users',
      /filter/,
    ]);
    expectRamifyError(() => db.users.filter(() => true).toJSON(), 'INVALID_QUERY', ['users', /filter/]);
  });

  it('is what JSON.stringify uses for a query', () => {
    const q = db.users.where('age').equals(30);
    expect(JSON.parse(JSON.stringify(q))).toEqual(q.toJSON());
  });
});

describe('collection.query(json) rebuilds the query', () => {
  for (const [label, build] of queries) {
    it(`round-trips ${label} through JSON with the same results and description`, () => {
      const original = build();
      const json = JSON.parse(JSON.stringify(original.toJSON())) as QueryJSON;
      const collection = db.collections[json.collection as 'users'] as unknown as { query(j: QueryJSON): AnyQuery };
      const rebuilt = collection.query(json);
      expect(rebuilt.toJSON()).toEqual(original.toJSON());
      if (original.toJSON().sortBy === undefined) expect(sortKeys(rebuilt.keys())).toEqual(sortKeys(original.keys()));
      else expect(rebuilt.keys()).toEqual(original.keys());
    });
  }

  it('gives the results the original query gives, for a few spot checks', () => {
    const rebuild = (json: QueryJSON) => db.users.query(JSON.parse(JSON.stringify(json)));
    expect(sortKeys(rebuild(db.users.where('createdAt').equals(day(2)).toJSON()).keys())).toEqual(['bob']);
    expect(sortKeys(rebuild(db.users.where('age').equals(undefined).toJSON()).keys())).toEqual(['carol']);
    expect(rebuild(db.users.where('age').above(0).sortBy('age').reverse().offset(1).limit(1).toJSON()).keys()).toEqual(['alice']);
    expect(sortKeys(db.things.query(JSON.parse(JSON.stringify(db.things.where('value').anyOf([undefined, day(1)]).toJSON()))).keys())).toEqual([
      1, 3,
    ]);
  });

  it('returns a full query that can be chained, run again and observed', () => {
    const q = db.users.query({ collection: 'users', where: [{ path: 'roles', op: 'equals', args: ['editor'] }] });
    expect(q.sortBy('name').limit(2).keys()).toEqual(['alice', 'bob']);
    expect(q.count()).toBe(3);
    expect(q.first()).toBeDefined();
    let seen: unknown[] = [];
    const stop = q.observe((docs) => {
      seen = docs;
    });
    expect(seen).toHaveLength(3);
    stop();
  });

  it('accepts a hand-written description', () => {
    const q = db.users.query({
      collection: 'users',
      where: [
        { path: 'stats.level', op: 'between', args: [1, 3] },
        { path: 'createdAt', op: 'aboveOrEqual', args: [{ $date: day(2).getTime() }] },
      ],
      sortBy: 'name',
    });
    expect(q.keys()).toEqual(['bob']);
  });

  it('accepts a description with where: [] as the whole collection', () => {
    expect(db.users.query({ collection: 'users', where: [] }).count()).toBe(4);
  });

  it('does not keep a reference to the description it was given', () => {
    const json: QueryJSON = { collection: 'users', where: [{ path: 'age', op: 'above', args: [26] }] };
    const q = db.users.query(json);
    json.where[0].args[0] = 0;
    json.where.push({ path: 'name', op: 'equals', args: ['x'] });
    expect(sortKeys(q.keys())).toEqual(['alice', 'dave']);
  });
});

describe('collection.query(json) rejects bad descriptions with INVALID_QUERY', () => {
  const good = (): Record<string, unknown> => ({ collection: 'users', where: [{ path: 'age', op: 'above', args: [1] }] });
  const clause = (c: Record<string, unknown>) => ({ collection: 'users', where: [c] });
  const cases: [string, unknown, (string | RegExp)[]][] = [
    ['null', null, ['users', 'null']],
    ['a string', 'users', ['users']],
    ['an array', [], ['users']],
    ['an unknown top-level key', { ...good(), order: 'name' }, ['users', 'order']],
    ['another collection name', { ...good(), collection: 'posts' }, ['users', 'posts']],
    ['an unknown collection name', { ...good(), collection: 'nope' }, ['users', 'nope']],
    ['a missing collection name', { where: [] }, ['users', 'undefined']],
    ['a missing where', { collection: 'users' }, ['users', 'where']],
    ['a where that is not an array', { collection: 'users', where: { path: 'age' } }, ['users', 'where']],
    ['a clause that is not an object', { collection: 'users', where: ['age'] }, ['users', 'age']],
    ['a clause without a path', clause({ op: 'equals', args: [1] }), ['users', /path/]],
    ['a path that is not a string', clause({ path: 5, op: 'equals', args: [1] }), ['users', '5']],
    ['an unknown op', clause({ path: 'age', op: 'contains', args: [1] }), ['users', 'age', 'contains']],
    ['an op inherited from Object.prototype', clause({ path: 'age', op: 'toString', args: [] }), ['users', 'age', 'toString']],
    ['args that are not an array', clause({ path: 'age', op: 'equals', args: 1 }), ['users', 'age']],
    ['no args for equals', clause({ path: 'age', op: 'equals', args: [] }), ['users', 'age']],
    ['two args for equals', clause({ path: 'age', op: 'equals', args: [1, 2] }), ['users', 'age']],
    ['one arg for between', clause({ path: 'age', op: 'between', args: [1] }), ['users', 'age']],
    ['five args for between', clause({ path: 'age', op: 'between', args: [1, 2, true, true, true] }), ['users', 'age']],
    ['a non-boolean between flag', clause({ path: 'age', op: 'between', args: [1, 2, 'yes'] }), ['users', 'age', 'yes']],
    ['a non-array for anyOf', clause({ path: 'age', op: 'anyOf', args: [25] }), ['users', 'age', '25']],
    ['a non-string prefix', clause({ path: 'email', op: 'startsWith', args: [5] }), ['users', 'email', '5']],
    ['an object value', clause({ path: 'age', op: 'equals', args: [{ n: 1 }] }), ['users', 'age', /\bn\b/]],
    ['a $date that is not a number', clause({ path: 'createdAt', op: 'equals', args: [{ $date: 'today' }] }), ['users', 'createdAt']],
    ['a $date with extra keys', clause({ path: 'createdAt', op: 'equals', args: [{ $date: 1, tz: 'UTC' }] }), ['users', 'createdAt']],
    ['an unknown $ encoding', clause({ path: 'age', op: 'equals', args: [{ $regex: 'x' }] }), ['users', 'age']],
    ['$undefined: false', clause({ path: 'age', op: 'equals', args: [{ $undefined: false }] }), ['users', 'age']],
    ['NaN as a value', clause({ path: 'age', op: 'equals', args: [NaN] }), ['users', 'age', 'NaN']],
    ['a path with an empty segment', clause({ path: 'stats..level', op: 'equals', args: [1] }), ['users', 'stats..level']],
    ['a sortBy that is not a string', { ...good(), sortBy: 5 }, ['users', 'sortBy', '5']],
    ['a sortBy with an empty segment', { ...good(), sortBy: 'a..b' }, ['users', 'a..b']],
    ['a reverse that is not a boolean', { ...good(), reverse: 'yes' }, ['users', 'reverse', 'yes']],
    ['a negative limit', { ...good(), limit: -1 }, ['users', 'limit', '-1']],
    ['a non-integer limit', { ...good(), limit: 2.5 }, ['users', 'limit', '2.5']],
    ['a string limit', { ...good(), limit: '2' }, ['users', 'limit', '2']],
    ['a negative offset', { ...good(), offset: -3 }, ['users', 'offset', '-3']],
    ['a non-integer offset', { ...good(), offset: 0.5 }, ['users', 'offset', '0.5']],
    ['an infinite limit', { ...good(), limit: Infinity }, ['users', 'limit', 'Infinity']],
  ];
  for (const [label, json, mentions] of cases) {
    it(`rejects ${label}`, () => {
      const before = snapshot(db);
      expectRamifyError(() => db.users.query(json as QueryJSON), 'INVALID_QUERY', mentions);
      expectUnchanged(db, before);
    });
  }

  it('rejects a non-indexed path and lists the indexed fields', () => {
    const error = expectRamifyError(
      () => db.users.query({ collection: 'users', where: [{ path: 'stats.score', op: 'equals', args: [1] }] }),
      'INVALID_QUERY',
      ['users', 'stats.score', 'stats.level', 'roles'],
    );
    expect(error.field).toBe('stats.score');
  });

  it('changes nothing in the store', () => {
    const store = makeStore();
    store.users.add({ id: 'x', name: 'X', email: 'x@x', roles: [], stats: { level: 1, score: 0 } });
    const before = store.users.get('x');
    const bad = { collection: 'users', where: [{ path: 'age', op: 'nope', args: [] }] } as unknown as QueryJSON;
    expect(() => store.users.query(bad)).toThrow();
    expect(store.users.get('x')).toBe(before);
    expect(store.users.count()).toBe(1);
  });
});
