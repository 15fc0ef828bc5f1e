import { describe, it, expect } from 'vitest';
import { RamifyError, type IndexValue } from '@ramify-db/core';
import { day, expectRamifyError, expectUnchanged, makeStore, seededStore, snapshot, type Thing, type User } from './fixtures';

const badKeys: [string, unknown, RegExp][] = [
  ['NaN', NaN, /NaN/],
  ['Infinity', Infinity, /Infinity/],
  ['-Infinity', -Infinity, /-Infinity/],
  ['an object', { bad: 1 }, /bad/],
  ['an array', ['k'], /k/],
  ['a boolean', true, /true/],
  ['null', null, /null/],
  ['a Date', day(1), /2024/],
  ['a bigint', 5n, /5/],
];

describe('primary keys', () => {
  for (const [label, key, shown] of badKeys) {
    it(`add rejects ${label} as a key with INVALID_KEY`, () => {
      const db = seededStore();
      const before = snapshot(db);
      expectRamifyError(() => db.things.add({ id: key } as unknown as Thing), 'INVALID_KEY', ['things', /\bid\b/, shown]);
      expectUnchanged(db, before);
    });
  }

  it('add rejects a document without its primary key field with INVALID_KEY', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.things.add({ value: 1 } as unknown as Thing), 'INVALID_KEY', ['things', /\bid\b/, /undefined|missing/]);
    expectUnchanged(db, before);
  });

  it('put rejects an invalid key with INVALID_KEY', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.things.put({ id: NaN }), 'INVALID_KEY', ['things', /\bid\b/, /NaN/]);
    expectUnchanged(db, before);
  });

  it('get, has, delete and update reject an invalid key with INVALID_KEY', () => {
    const db = seededStore();
    const before = snapshot(db);
    const bad = { bad: 1 } as unknown as string;
    expectRamifyError(() => db.users.get(bad), 'INVALID_KEY', ['users', /\bid\b/]);
    expectRamifyError(() => db.users.has(bad), 'INVALID_KEY', ['users', /\bid\b/]);
    expectRamifyError(() => db.users.delete(bad), 'INVALID_KEY', ['users', /\bid\b/]);
    expectRamifyError(() => db.users.update(bad, { name: 'x' }), 'INVALID_KEY', ['users', /\bid\b/]);
    expectUnchanged(db, before);
  });

  it('bulkGet and bulkDelete reject an invalid key among valid ones with INVALID_KEY', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.bulkGet(['alice', NaN as unknown as string]), 'INVALID_KEY', ['users', /NaN/]);
    expectRamifyError(() => db.users.bulkDelete(['alice', null as unknown as string]), 'INVALID_KEY', ['users', /null/]);
    expectUnchanged(db, before);
  });

  it('accepts strings, including the empty string, and finite numbers, including 0 and negatives', () => {
    const db = makeStore();
    expect(db.things.bulkAdd([{ id: '' }, { id: 'x' }, { id: 0 }, { id: -1.5 }, { id: Number.MAX_VALUE }])).toEqual([
      '',
      'x',
      0,
      -1.5,
      Number.MAX_VALUE,
    ]);
    expect(db.things.get('')).toEqual({ id: '' });
    expect(db.things.get(-1.5)).toEqual({ id: -1.5 });
    expect(db.things.count()).toBe(5);
  });

  it('treats the string "1" and the number 1 as different keys', () => {
    const db = makeStore();
    db.things.add({ id: 1, value: 'number' });
    db.things.add({ id: '1', value: 'string' });
    expect(db.things.count()).toBe(2);
    expect(db.things.get(1)).toEqual({ id: 1, value: 'number' });
    expect(db.things.get('1')).toEqual({ id: '1', value: 'string' });
    expect(db.things.has(1)).toBe(true);
    db.things.delete('1');
    expect(db.things.has('1')).toBe(false);
    expect(db.things.has(1)).toBe(true);
  });

  it('orders number keys before string keys and each by natural order', () => {
    const db = makeStore();
    db.things.bulkAdd([{ id: 'b' }, { id: 10 }, { id: 'a' }, { id: 2 }, { id: 'B' }, { id: -3 }]);
    expect(db.things.sortBy('id').keys()).toEqual([-3, 2, 10, 'B', 'a', 'b']);
    expect(db.things.where('id').above(5).keys().sort()).toEqual([10, 'B', 'a', 'b'].sort());
  });
});

describe('index values', () => {
  it('finds a document by a Date index with a different Date object of the same time', () => {
    const db = seededStore();
    expect(db.users.where('createdAt').equals(new Date(day(2).getTime())).keys()).toEqual(['bob']);
    expect(db.users.where({ createdAt: day(3) }).keys()).toEqual(['carol']);
  });

  it('compares Dates by time value in ranges', () => {
    const db = seededStore();
    expect(db.users.where('createdAt').between(day(1), day(3)).keys().sort()).toEqual(['alice', 'bob']);
    expect(db.users.where('createdAt').aboveOrEqual(day(2)).keys().sort()).toEqual(['bob', 'carol']);
  });

  it('indexes a missing field as undefined', () => {
    const db = seededStore();
    expect(db.users.where('age').equals(undefined).keys()).toEqual(['carol']);
    expect(db.users.where('createdAt').equals(undefined).keys()).toEqual(['dave']);
    expect(db.users.where('profile.address.zip').equals(undefined).keys().sort()).toEqual(['bob', 'carol']);
  });

  it('indexes a field explicitly set to undefined like a missing one', () => {
    const db = makeStore();
    db.things.bulkAdd([{ id: 1, value: undefined }, { id: 2 }, { id: 3, value: null }]);
    expect(db.things.where('value').equals(undefined).keys().sort()).toEqual([1, 2]);
    expect(db.things.where('value').equals(null).keys()).toEqual([3]);
  });

  it('accepts every kind of index value: string, number, boolean, Date, null, undefined', () => {
    const db = makeStore();
    const values: IndexValue[] = ['s', 1, true, false, day(1), null, undefined, -Infinity, Infinity, ''];
    db.things.bulkAdd(values.map((value, id) => ({ id, value })));
    values.forEach((value, id) => {
      expect(db.things.where('value').equals(value).keys()).toEqual([id]);
    });
  });

  it('sorts values of mixed types as undefined < null < false < true < numbers < Dates < strings', () => {
    const db = makeStore();
    const docs: Thing[] = [
      { id: 1, value: 'b' },
      { id: 2, value: day(2) },
      { id: 3, value: 10 },
      { id: 4, value: true },
      { id: 5, value: null },
      { id: 6 },
      { id: 7, value: 'A' },
      { id: 8, value: -2 },
      { id: 9, value: false },
      { id: 10, value: day(1) },
      { id: 11, value: '' },
    ];
    db.things.bulkAdd(docs);
    expect(db.things.sortBy('value').keys()).toEqual([6, 5, 9, 4, 8, 3, 10, 2, 11, 7, 1]);
  });

  it('sorts a path that is not indexed by the same value order', () => {
    const db = makeStore();
    db.things.bulkAdd([
      { id: 1, payload: 'a' },
      { id: 2, payload: day(1) },
      { id: 3, payload: 5 },
      { id: 4, payload: true },
      { id: 5, payload: null },
      { id: 6 },
      { id: 7, payload: false },
      { id: 8, payload: -1 },
    ]);
    expect(db.things.sortBy('payload').keys()).toEqual([6, 5, 7, 4, 8, 3, 2, 1]);
  });

  it('orders strings by UTF-16 code units', () => {
    const db = makeStore();
    db.things.bulkAdd([{ id: 1, value: 'é' }, { id: 2, value: 'z' }, { id: 3, value: 'Z' }, { id: 4, value: '😀' }, { id: 5, value: '\uffff' }]);
    expect(db.things.sortBy('value').keys()).toEqual([3, 2, 1, 4, 5]);
  });

  it('applies the same order to ranges across types', () => {
    const db = makeStore();
    db.things.bulkAdd([
      { id: 1, value: undefined },
      { id: 2, value: null },
      { id: 3, value: false },
      { id: 4, value: true },
      { id: 5, value: 0 },
      { id: 6, value: day(1) },
      { id: 7, value: 'a' },
    ]);
    expect(db.things.where('value').above(null).keys().sort()).toEqual([3, 4, 5, 6, 7]);
    expect(db.things.where('value').below(0).keys().sort()).toEqual([1, 2, 3, 4]);
    expect(db.things.where('value').between(true, 'a').keys().sort()).toEqual([4, 5, 6]);
    expect(db.things.where('value').belowOrEqual(day(1)).keys().sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects an object in a plain index with INVALID_INDEX_VALUE', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.things.add({ id: 'x', value: { deep: 1 } as unknown as string }), 'INVALID_INDEX_VALUE', [
      'things',
      'value',
      'deep',
    ]);
    expectUnchanged(db, before);
  });

  it('rejects an array in a plain index with INVALID_INDEX_VALUE', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(
      () => db.users.add({ ...sampleUser(), email: ['a@x', 'b@x'] as unknown as string }),
      'INVALID_INDEX_VALUE',
      ['users', 'email', 'a@x'],
    );
    expectUnchanged(db, before);
  });

  it('rejects an object on the way to a nested index value with INVALID_INDEX_VALUE', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(
      () => db.users.add({ ...sampleUser(), stats: { level: { n: 1 } as unknown as number, score: 0 } }),
      'INVALID_INDEX_VALUE',
      ['users', 'stats.level'],
    );
    expectUnchanged(db, before);
  });

  it('rejects NaN, an invalid Date and a bigint as index values with INVALID_INDEX_VALUE', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.things.add({ id: 'x', value: NaN }), 'INVALID_INDEX_VALUE', ['things', 'value', 'NaN']);
    expectRamifyError(() => db.things.add({ id: 'x', value: new Date(NaN) }), 'INVALID_INDEX_VALUE', ['things', 'value', /Invalid Date/]);
    expectRamifyError(() => db.things.add({ id: 'x', value: 7n as unknown as number }), 'INVALID_INDEX_VALUE', ['things', 'value', '7']);
    expectUnchanged(db, before);
  });

  it('rejects a non-primitive element in a multiEntry array with INVALID_INDEX_VALUE', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(
      () => db.users.add({ ...sampleUser(), roles: ['ok', { role: 'admin' } as unknown as string] }),
      'INVALID_INDEX_VALUE',
      ['users', 'roles', 'role'],
    );
    expectRamifyError(
      () => db.users.add({ ...sampleUser(), roles: [['nested'] as unknown as string] }),
      'INVALID_INDEX_VALUE',
      ['users', 'roles', 'nested'],
    );
    expectUnchanged(db, before);
  });

  it('accepts index values in documents that are not indexed anywhere else', () => {
    const db = makeStore();
    expect(db.things.add({ id: 'x', payload: { any: [1, { deep: new Date(0) }] } })).toBe('x');
    expect(db.things.get('x')).toEqual({ id: 'x', payload: { any: [1, { deep: new Date(0) }] } });
  });

  it('rejects an update that puts an invalid index value with INVALID_INDEX_VALUE and changes nothing', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.update('alice', { email: { x: 1 } as unknown as string }), 'INVALID_INDEX_VALUE', [
      'users',
      'email',
    ]);
    expectUnchanged(db, before);
  });

  it('puts collection, field and value on the error object', () => {
    const db = makeStore();
    const error = (() => {
      try {
        db.things.add({ id: 'x', value: NaN });
      } catch (e) {
        return e as RamifyError;
      }
    })();
    expect(error).toBeInstanceOf(RamifyError);
    expect(error).toMatchObject({ code: 'INVALID_INDEX_VALUE', collection: 'things', field: 'value' });
    expect(error!.value).toBeNaN();
  });
});

function sampleUser(): User {
  return { id: 'erin', name: 'Erin', email: 'erin@example.com', roles: [], stats: { level: 1, score: 0 } };
}
