// Compound primary keys (`primaryKey: ['userId', 'day']`): a document's key is the tuple of those
// fields, and it goes in and out of every method, event and query as that tuple.
import { describe, expect, it } from 'vitest';
import { Ramify, type ChangeType, type Schema } from '@ramify-db/core';
import { createUntyped, expectRamifyError } from './fixtures';

interface Visit {
  userId: string;
  day: number;
  count: number;
  tag?: string;
}

type VisitSchema = { visits: Schema<Visit, ['userId', 'day']> };

function createStore() {
  const db = new Ramify({ onError: (error) => { throw error; } }).createStore<VisitSchema>({
    visits: { primaryKey: ['userId', 'day'], indexes: ['count'] },
  });
  const events: [ChangeType, unknown[]][] = [];
  db.visits.subscribe((type, keys) => void events.push([type, keys]));
  return { db, events };
}

const visit = (userId: string, day: number, count = 1): Visit => ({ userId, day, count });

describe('a compound primary key', () => {
  it('is declared as the key fields, in order', () => {
    const { db } = createStore();
    expect(db.visits.primaryKey).toEqual(['userId', 'day']);
    expect(Object.isFrozen(db.visits.primaryKey)).toBe(true);
  });

  it('gives each write its key as a tuple, and finds the document by it', () => {
    const { db } = createStore();
    expect(db.visits.add(visit('u1', 3))).toEqual(['u1', 3]);
    expect(db.visits.put(visit('u1', 4))).toEqual(['u1', 4]);
    expect(db.visits.get(['u1', 3])).toEqual(visit('u1', 3));
    expect(db.visits.get(['u1', 5])).toBeUndefined();
    expect(db.visits.has(['u1', 4])).toBe(true);
    expect(db.visits.bulkGet([['u1', 4], ['u2', 4]])).toEqual([visit('u1', 4), undefined]);
  });

  it('tells 1 from "1" in a part, as keys do', () => {
    const { db } = createStore();
    db.visits.add({ userId: '1', day: 1, count: 1 });
    db.visits.add({ userId: '1', day: '1' as unknown as number, count: 2 });
    expect(db.visits.get(['1', 1])?.count).toBe(1);
    expect(db.visits.get(['1', '1' as unknown as number])?.count).toBe(2);
  });

  it('refuses a second document with the same tuple', () => {
    const { db } = createStore();
    db.visits.add(visit('u1', 3));
    const error = expectRamifyError(() => db.visits.add(visit('u1', 3, 9)), 'DUPLICATE_KEY', ['"visits"', '"[userId+day]"', '["u1", 3]']);
    expect(error.value).toEqual(['u1', 3]);
  });

  it('is INVALID_KEY when a part is not a string or finite number, naming the part and its value', () => {
    const { db } = createStore();
    const error = expectRamifyError(() => db.visits.add({ userId: 'u1', day: NaN, count: 1 }), 'INVALID_KEY', ['"visits"', '"day"', 'NaN']);
    expect(error.field).toBe('day');
    expectRamifyError(() => db.visits.add({ day: 1, count: 1 } as unknown as Visit), 'INVALID_KEY', ['"userId"', 'undefined']);
    expect(db.visits.count()).toBe(0);
  });

  it('is INVALID_KEY for a key that is not a tuple of the right length or holds a bad part', () => {
    const { db } = createStore();
    const loose = db.visits as unknown as { get(key: unknown): unknown; delete(key: unknown): unknown };
    expectRamifyError(() => loose.get('u1'), 'INVALID_KEY', ['"visits"', '"[userId+day]"', 'array of 2 parts (userId, day)', '"u1"']);
    expectRamifyError(() => loose.get(['u1']), 'INVALID_KEY', ['array of 2 parts']);
    expectRamifyError(() => loose.delete(['u1', { d: 1 }]), 'INVALID_KEY', ['"day"', 'part 2 of the key']);
  });

  it('deletes and updates by tuple, and moves a document whose key fields change', () => {
    const { db, events } = createStore();
    db.visits.bulkAdd([visit('u1', 1), visit('u1', 2)]);
    events.length = 0;
    expect(db.visits.update(['u1', 1], { count: 5 })).toEqual(['u1', 1]);
    expect(db.visits.update(['u1', 1], { day: 7 })).toEqual(['u1', 7]);
    expect(db.visits.get(['u1', 7])?.count).toBe(5);
    expect(db.visits.delete(['u1', 2])).toEqual(['u1', 2]);
    expect(db.visits.delete(['u1', 2])).toBeUndefined();
    expect(events).toEqual([
      ['update', [['u1', 1]]],
      ['delete', [['u1', 1]]],
      ['create', [['u1', 7]]],
      ['delete', [['u1', 2]]],
    ]);
    db.visits.add(visit('u1', 8));
    expectRamifyError(() => db.visits.update(['u1', 7], { day: 8 }), 'DUPLICATE_KEY', ['"visits"', 'cannot move key ["u1", 7]', '["u1", 8]']);
    expect(db.visits.get(['u1', 7])?.count).toBe(5);
  });

  it('carries tuples in bulk results, bulk errors, keys() and query results', () => {
    const { db, events } = createStore();
    expect(db.visits.bulkAdd([visit('a', 2, 3), visit('a', 1, 3), visit('b', 1, 1)])).toEqual([['a', 2], ['a', 1], ['b', 1]]);
    expect(events).toEqual([['create', [['a', 2], ['a', 1], ['b', 1]]]]);
    expect(db.visits.keys()).toEqual([['a', 2], ['a', 1], ['b', 1]]);
    expect(db.visits.where('count').equals(3).keys()).toEqual([['a', 2], ['a', 1]]);
    expect(db.visits.bulkUpdate([['a', 1], ['z', 1]], { tag: 't' })).toEqual([['a', 1], undefined]);
    const error = expectRamifyError(() => db.visits.bulkAdd([visit('c', 1), visit('a', 1)]), 'DUPLICATE_KEY', ['item #1', '["a", 1]']);
    expect((error as unknown as { key: unknown }).key).toEqual(['a', 1]);
    expect(db.visits.where('count').above(2).modify({ count: 4 })).toEqual([['a', 2], ['a', 1]]);
    expect(db.visits.where('count').equals(4).delete()).toEqual([['a', 2], ['a', 1]]);
    expect(db.visits.bulkDelete([['b', 1], ['b', 2]])).toEqual([['b', 1], undefined]);
    const seen: unknown[] = [];
    db.visits.add(visit('d', 1));
    db.visits.each((_, key) => seen.push(key));
    expect(seen).toEqual([['d', 1]]);
  });

  it('answers where() on the key fields in tuple order, ranges included', () => {
    const { db } = createStore();
    db.visits.bulkAdd([visit('b', 1), visit('a', 10), visit('a', 2), visit('c', 0)]);
    expect(db.visits.where(['userId', 'day']).between(['a'], ['b'], true, true).keys()).toEqual([['a', 2], ['a', 10], ['b', 1]]);
    expect(db.visits.where(['userId', 'day']).equals(['a', 10]).first()).toEqual(visit('a', 10));
    expect(db.visits.where(['userId', 'day']).anyOf([['c', 0], ['a', 2], ['x', 1]]).count()).toBe(2);
  });

  it('rolls back a transaction to the same tuples, emitting nothing', () => {
    const { db, events } = createStore();
    db.visits.add(visit('a', 1));
    events.length = 0;
    expect(() =>
      db.transaction(() => {
        db.visits.delete(['a', 1]);
        db.visits.add(visit('b', 2));
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(db.visits.keys()).toEqual([['a', 1]]);
    expect(events).toEqual([]);
  });

  it('keeps observed results incremental and right as keys move', () => {
    const { db } = createStore();
    db.visits.bulkAdd([visit('a', 1, 2), visit('b', 1, 1)]);
    let last: readonly Visit[] = [];
    const stop = db.visits.where('count').above(0).sortBy('count').observe((docs) => (last = docs));
    db.visits.update(['a', 1], { day: 5, count: 0.5 });
    expect(last).toEqual([visit('a', 5, 0.5), visit('b', 1, 1)]);
    expect(last).toEqual(db.visits.where('count').above(0).sortBy('count').toArray());
    stop();
  });

  it('must be 2 to 8 distinct top-level fields', () => {
    expectRamifyError(() => createUntyped({ t: { primaryKey: ['a'] } }), 'INVALID_SCHEMA', ['"t"', 'compound primary key', '2 to 8']);
    expectRamifyError(() => createUntyped({ t: { primaryKey: ['a', 'b.c'] } }), 'INVALID_SCHEMA', ['"t"', 'top-level field']);
    expectRamifyError(() => createUntyped({ t: { primaryKey: ['a', 'a'] } }), 'INVALID_SCHEMA', ['"t"', 'lists a path twice']);
    expectRamifyError(() => createUntyped({ t: { primaryKey: ['a', 'b'], indexes: [['a', 'b']] } }), 'INVALID_SCHEMA', ['"t"', 'always indexed']);
  });
});
