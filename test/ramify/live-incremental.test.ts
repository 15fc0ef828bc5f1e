// query.observe() keeps sorted, unwindowed results up to date by applying each change to the
// previous result. These tests hold it to the one rule that matters: after every write, the last
// result delivered is exactly what running the query afresh returns, document for document.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ramify, type Schema } from '@ramify-db/core';

interface Item {
  id: number;
  group: string;
  rank?: number | null;
  tags: string[];
  nested: { score: number };
}

type ItemSchema = { items: Schema<Item, 'id'> };

function createStore() {
  return new Ramify({ onError: (error) => { throw error; } }).createStore<ItemSchema>({
    items: { primaryKey: 'id', indexes: ['group', 'rank', 'nested.score'], multiEntry: ['tags'] },
  });
}

function item(id: number, group: string, rank: number | null | undefined, tags: string[] = [], score = id % 5): Item {
  return rank === undefined ? { id, group, tags, nested: { score } } : { id, group, rank, tags, nested: { score } };
}

type Result = readonly Readonly<Item>[];

function latest(observe: (cb: (docs: Result) => void) => () => void) {
  const calls: Result[] = [];
  const stop = observe((docs) => calls.push(docs));
  return { calls, stop, last: () => calls[calls.length - 1] };
}

describe('query.observe on a sorted query without offset or limit', () => {
  it('delivers the first result at once, sorted', () => {
    const db = createStore();
    db.items.bulkAdd([item(1, 'a', 3), item(2, 'a', 1), item(3, 'b', 2)]);
    const live = latest((cb) => db.items.where('group').equals('a').sortBy('rank').observe(cb));
    expect(live.calls).toHaveLength(1);
    expect(live.last().map((d) => d.id)).toEqual([2, 1]);
  });

  it('inserts a new matching document at its sorted place', () => {
    const db = createStore();
    db.items.bulkAdd([item(1, 'a', 1), item(2, 'a', 5)]);
    const live = latest((cb) => db.items.where('group').equals('a').sortBy('rank').observe(cb));
    db.items.add(item(3, 'a', 3));
    expect(live.last().map((d) => d.id)).toEqual([1, 3, 2]);
  });

  it('moves a document whose sort value changed', () => {
    const db = createStore();
    db.items.bulkAdd([item(1, 'a', 1), item(2, 'a', 2), item(3, 'a', 3)]);
    const live = latest((cb) => db.items.where('group').equals('a').sortBy('rank').reverse().observe(cb));
    db.items.update(1, { rank: 10 });
    expect(live.last().map((d) => d.id)).toEqual([1, 3, 2]);
    expect(live.last()[0]).toBe(db.items.get(1));
  });

  it('drops a document that stops matching and adds one that starts to', () => {
    const db = createStore();
    db.items.bulkAdd([item(1, 'a', 1), item(2, 'b', 2)]);
    const live = latest((cb) => db.items.where('group').equals('a').sortBy('rank').observe(cb));
    db.items.update(1, { group: 'b' });
    expect(live.last()).toEqual([]);
    db.items.update(2, { group: 'a' });
    expect(live.last().map((d) => d.id)).toEqual([2]);
  });

  it('calls back nothing for a change outside the result', () => {
    const db = createStore();
    db.items.bulkAdd([item(1, 'a', 1), item(2, 'b', 2)]);
    const live = latest((cb) => db.items.where('group').equals('a').sortBy('rank').observe(cb));
    db.items.update(2, { rank: 7 });
    db.items.add(item(3, 'b', 0));
    expect(live.calls).toHaveLength(1);
  });

  it('breaks ties in sort value by primary key, as a fresh query does', () => {
    const db = createStore();
    db.items.bulkAdd([item(5, 'a', 1), item(2, 'a', 1)]);
    const live = latest((cb) => db.items.sortBy('rank').observe(cb));
    db.items.add(item(3, 'a', 1));
    expect(live.last().map((d) => d.id)).toEqual([2, 3, 5]);
  });

  it('starts again from the query after a clear', () => {
    const db = createStore();
    db.items.bulkAdd([item(1, 'a', 1)]);
    const live = latest((cb) => db.items.sortBy('rank').observe(cb));
    db.items.clear();
    expect(live.last()).toEqual([]);
    expect(live.calls).toHaveLength(2);
  });

  it('keeps up with a bulk write larger than it splices', () => {
    const db = createStore();
    const live = latest((cb) => db.items.where('group').equals('a').sortBy('nested.score').observe(cb));
    db.items.bulkAdd(Array.from({ length: 200 }, (_, i) => item(i, i % 2 ? 'a' : 'b', i)));
    expect(live.last()).toEqual(db.items.where('group').equals('a').sortBy('nested.score').toArray());
    expect(live.last()).toHaveLength(100);
  });

  it('stops after unsubscribe', () => {
    const db = createStore();
    const live = latest((cb) => db.items.sortBy('rank').observe(cb));
    live.stop();
    db.items.add(item(1, 'a', 1));
    expect(live.calls).toHaveLength(1);
  });

  it('equals a fresh query after every step of random writes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), id: fc.integer({ min: 0, max: 15 }), group: fc.constantFrom('a', 'b'), rank: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), tags: fc.subarray(['x', 'y', 'z']) }),
      fc.record({ kind: fc.constant('update' as const), id: fc.integer({ min: 0, max: 15 }), rank: fc.constantFrom(0, 1, 2, 3, null) }),
      fc.record({ kind: fc.constant('move' as const), id: fc.integer({ min: 0, max: 15 }), to: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant('bulk' as const), ids: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 6 }) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const db = createStore();
        const queries = [
          db.items.sortBy('rank'),
          db.items.where('group').equals('a').sortBy('rank').reverse(),
          db.items.where('tags').anyOf(['x', 'y']).sortBy('nested.score'),
          db.items.where('rank').above(1).sortBy('id').reverse(),
          db.items.sortBy('group').filter((d) => d.id % 2 === 0),
        ];
        const lives = queries.map((q) => latest((cb) => q.observe(cb)));
        for (const o of ops) {
          try {
            if (o.kind === 'put') db.items.put(item(o.id, o.group, o.rank, o.tags));
            else if (o.kind === 'update') db.items.update(o.id, { rank: o.rank });
            else if (o.kind === 'move') db.items.update(o.id, { id: o.to });
            else if (o.kind === 'delete') db.items.delete(o.id);
            else if (o.kind === 'bulk') db.items.bulkPut(o.ids.map((id) => item(id, id % 3 ? 'a' : 'b', id % 4)));
            else db.items.clear();
          } catch {
            // DUPLICATE_KEY on a move: the store is unchanged, and so must every live result be.
          }
          queries.forEach((q, i) => {
            const fresh = q.toArray();
            const last = lives[i].last();
            expect(last.length).toBe(fresh.length);
            last.forEach((doc, j) => expect(doc).toBe(fresh[j]));
          });
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
