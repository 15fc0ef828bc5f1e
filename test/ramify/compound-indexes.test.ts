// Compound indexes (`['status', 'createdAt']`, as Dexie's `[status+createdAt]`): declared in the
// schema as arrays of paths, queried by tuples, ordered part by part, and used by the planner for
// equality on the first parts with a range or the sort order on the next.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ramify, type QueryJSON, type Schema } from '@ramify-db/core';
import { createUntyped, expectRamifyError } from './fixtures';

interface Task {
  id: number;
  status: string;
  createdAt?: number | Date;
  priority?: number | null;
  owner?: { team: string };
  title?: string;
}

type TaskSchema = { tasks: Schema<Task, 'id'> };

function createStore(compound = true) {
  return new Ramify({ onError: (error) => { throw error; } }).createStore<TaskSchema>({
    tasks: {
      primaryKey: 'id',
      indexes: compound ? ['status', 'createdAt', ['status', 'createdAt'], ['owner.team', 'status', 'priority']] : ['status', 'createdAt', 'priority', 'owner.team'],
    },
  });
}

const tasks: Task[] = [
  { id: 1, status: 'unread', createdAt: 30, priority: 1, owner: { team: 'a' } },
  { id: 2, status: 'read', createdAt: 10, priority: 2, owner: { team: 'a' } },
  { id: 3, status: 'unread', createdAt: 20, priority: null, owner: { team: 'b' } },
  { id: 4, status: 'unread', createdAt: 50, priority: 2, owner: { team: 'a' } },
  { id: 5, status: 'archived', createdAt: 40 },
  { id: 6, status: 'unread', priority: 1, owner: { team: 'a' } },
  { id: 7, status: 'unread', createdAt: 20, priority: 3, owner: { team: 'a' } },
];

function seeded(compound = true) {
  const db = createStore(compound);
  db.tasks.bulkAdd(tasks);
  return db;
}

const ids = (docs: readonly { id: number }[]) => docs.map((doc) => doc.id);

describe('compound indexes in the schema', () => {
  it('lists a compound index by its name [a+b] beside the plain ones', () => {
    expect([...createStore().tasks.indexes]).toEqual(['status', 'createdAt', '[status+createdAt]', '[owner.team+status+priority]']);
  });

  it('rejects a compound index of one path, a path listed twice in it, or a part that is not a path', () => {
    expectRamifyError(() => createUntyped({ t: { primaryKey: 'id', indexes: [['a']] } }), 'INVALID_SCHEMA', ['"t"', '2 to 8 paths', '["a"]']);
    expectRamifyError(() => createUntyped({ t: { primaryKey: 'id', indexes: [['a', 'a']] } }), 'INVALID_SCHEMA', ['"t"', 'lists a path twice']);
    expectRamifyError(() => createUntyped({ t: { primaryKey: 'id', indexes: [['a', 3]] } }), 'INVALID_SCHEMA', ['"t"', 'non-empty strings', '3']);
    expectRamifyError(() => createUntyped({ t: { primaryKey: 'id', indexes: [['a', 'b.__proto__']] } }), 'INVALID_SCHEMA', ['"t"', '__proto__']);
  });

  it('rejects a compound index listed twice, and compound multiEntry indexes', () => {
    expectRamifyError(() => createUntyped({ t: { primaryKey: 'id', indexes: [['a', 'b'], ['a', 'b']] } }), 'INVALID_SCHEMA', ['"t"', '"[a+b]"', 'listed twice']);
    expectRamifyError(() => createUntyped({ t: { primaryKey: 'id', multiEntry: [['a', 'b']] } }), 'INVALID_SCHEMA', ['"t"', 'multiEntry must list non-empty strings']);
  });

  it('refuses a document whose part holds no index value, naming the part and the value', () => {
    const db = createStore();
    const error = expectRamifyError(() => db.tasks.add({ id: 9, status: 'x', createdAt: { at: 1 } as unknown as number }), 'INVALID_INDEX_VALUE', ['"tasks"', '"createdAt"']);
    expect(error.field).toBe('createdAt');
    expect(db.tasks.count()).toBe(0);
  });
});

describe('where([paths]) on a compound index', () => {
  it('finds documents by the exact tuple', () => {
    expect(ids(seeded().tasks.where(['status', 'createdAt']).equals(['unread', 20]).toArray())).toEqual([3, 7]);
  });

  it('lists a range of tuples in tuple order, between two tuples of the same first part', () => {
    const db = seeded();
    expect(ids(db.tasks.where(['status', 'createdAt']).between(['unread', 20], ['unread', 50]).toArray())).toEqual([3, 7, 1]);
    expect(ids(db.tasks.where(['status', 'createdAt']).between(['unread', 20], ['unread', 50], false, true).toArray())).toEqual([1, 4]);
  });

  it('takes a shorter tuple in a range as every tuple it begins', () => {
    const db = seeded();
    expect(ids(db.tasks.where(['status', 'createdAt']).between(['unread'], ['unread'], true, true).toArray())).toEqual([6, 3, 7, 1, 4]);
    expect(ids(db.tasks.where(['status', 'createdAt']).above(['read']).toArray())).toEqual([6, 3, 7, 1, 4]);
    expect(ids(db.tasks.where(['status', 'createdAt']).aboveOrEqual(['read']).toArray())).toEqual([2, 6, 3, 7, 1, 4]);
    expect(ids(db.tasks.where(['status', 'createdAt']).below(['read']).toArray())).toEqual([5]);
    expect(ids(db.tasks.where(['status', 'createdAt']).belowOrEqual(['read']).toArray())).toEqual([5, 2]);
  });

  it('orders a missing part first, as the value order puts undefined first', () => {
    expect(ids(seeded().tasks.where(['status', 'createdAt']).between(['unread'], ['unread', 25]).toArray())).toEqual([6, 3, 7]);
    expect(ids(seeded().tasks.where(['status', 'createdAt']).equals(['unread', undefined]).toArray())).toEqual([6]);
  });

  it('answers anyOf and noneOf with tuples', () => {
    const db = seeded();
    expect(ids(db.tasks.where(['status', 'createdAt']).anyOf([['unread', 30], ['read', 10], ['read', 99]]).toArray()).sort()).toEqual([1, 2]);
    expect(ids(db.tasks.where(['status', 'createdAt']).noneOf([['unread', 30], ['read', 10]]).toArray()).sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('reads nested paths as parts and follows updates of any part', () => {
    const db = seeded();
    const where = () => ids(db.tasks.where(['owner.team', 'status', 'priority']).between(['a', 'unread'], ['a', 'unread'], true, true).toArray());
    expect(where()).toEqual([1, 6, 4, 7]);
    db.tasks.update(7, { owner: { team: 'b' } });
    db.tasks.update(3, { owner: { team: 'a' } });
    expect(where()).toEqual([3, 1, 6, 4]);
  });

  it('compares Dates in a part by their time, among the other values in the value order', () => {
    const db = createStore();
    db.tasks.bulkAdd([
      { id: 1, status: 's', createdAt: new Date(5) },
      { id: 2, status: 's', createdAt: 'later' as unknown as number },
      { id: 3, status: 's', createdAt: 1e12 },
      { id: 4, status: 's', createdAt: new Date(1) },
    ]);
    expect(ids(db.tasks.where(['status', 'createdAt']).aboveOrEqual(['s']).toArray())).toEqual([3, 4, 1, 2]);
    expect(ids(db.tasks.where(['status', 'createdAt']).equals(['s', new Date(5)]).toArray())).toEqual([1]);
  });

  it('refuses a tuple of the wrong length, a value that is no index value, and startsWith', () => {
    const db = seeded();
    const loose = db.tasks.where(['status', 'createdAt']) as unknown as Record<string, (...args: unknown[]) => unknown>;
    expectRamifyError(() => loose.equals(['unread']), 'INVALID_QUERY', ['"tasks"', '"[status+createdAt]"', 'tuple of 2 values', '["unread"]']);
    expectRamifyError(() => loose.equals('unread'), 'INVALID_QUERY', ['"tasks"', '"[status+createdAt]"', '"unread"']);
    expectRamifyError(() => loose.above(['a', 1, 2]), 'INVALID_QUERY', ['tuple of 1 to 2 values']);
    expectRamifyError(() => loose.between(['a', {}], ['b']), 'INVALID_QUERY', ['for createdAt']);
    expectRamifyError(() => loose.startsWith('u'), 'INVALID_QUERY', ['"[status+createdAt]"', 'not an operator of a compound index']);
  });

  it('is NOT_INDEXED for paths in another order or no compound index, listing the indexes', () => {
    const db = seeded();
    const where = db.tasks.where as unknown as (paths: unknown) => unknown;
    expectRamifyError(() => where(['createdAt', 'status']), 'NOT_INDEXED', ['"tasks"', '"[createdAt+status]"', '[status+createdAt]']);
    expectRamifyError(() => where('[status+createdAt]'), 'NOT_INDEXED', ['"[status+createdAt]"']);
    expectRamifyError(() => where(['status', 7]), 'INVALID_QUERY', ['"tasks"', 'compound path']);
    expectRamifyError(() => where(['status', '__proto__']), 'INVALID_QUERY', ['__proto__']);
    const long = expectRamifyError(() => where(Array.from({ length: 100_000 }, () => 'status')), 'INVALID_QUERY', ['at most 8 path strings']);
    expect(long.message.length).toBeLessThan(300);
  });

  it('agrees with a scan on random tuples of mixed values, ranges and bounds', () => {
    const value = fc.constantFrom<unknown>(undefined, null, false, true, -1.5, -0, 0, 2, 1e-300, -Infinity, new Date(3), '', 'a', 'a\u0000', 'a\u0000b', 'ab', 'b', '\uffff');
    const order = (a: unknown, b: unknown) => {
      const rank = (v: unknown) => (v === undefined ? 0 : v === null ? 1 : typeof v === 'boolean' ? 2 : typeof v === 'number' ? 3 : v instanceof Date ? 4 : 5);
      const ra = rank(a);
      const rb = rank(b);
      if (ra !== rb) return ra - rb;
      const x = a instanceof Date ? a.getTime() : (a as number);
      const y = b instanceof Date ? b.getTime() : (b as number);
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const tupleOrder = (a: unknown[], b: unknown[]) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const c = order(a[i], b[i]);
        if (c !== 0) return c;
      }
      return 0; // a shorter tuple stands for all it begins
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { maxLength: 12 }), fc.tuple(value, value), fc.tuple(value, value), fc.boolean(), fc.boolean(), fc.boolean(), (rows, lo, hi, short, includeLo, includeHi) => {
        const db = new Ramify().createStore<{ rows: Schema<{ id: number; a?: unknown; b?: unknown }, 'id'> }>({ rows: { primaryKey: 'id', indexes: [['a', 'b']] } });
        db.rows.bulkAdd(rows.map(([a, b], id) => ({ id, a, b })));
        const lower = short ? [lo[0]] : lo;
        const result = db.rows.where(['a', 'b']).between(lower as [unknown], hi, includeLo, includeHi).toArray();
        const expected = db.rows
          .toArray()
          .filter((doc) => {
            const tuple = [doc.a, doc.b];
            const c = tupleOrder(tuple, lower);
            const d = tupleOrder(tuple, hi);
            return (includeLo ? c >= 0 : c > 0) && (includeHi ? d <= 0 : d < 0);
          })
          .sort((x, y) => tupleOrder([x.a, x.b], [y.a, y.b]) || x.id - y.id);
        expect(result.map((doc) => doc.id)).toEqual(expected.map((doc) => doc.id));
      }),
      { seed: 14, numRuns: 400 },
    );
  });
});

describe('unique compound indexes', () => {
  const create = () =>
    new Ramify().createStore<TaskSchema>({ tasks: { primaryKey: 'id', indexes: ['status'], unique: [['owner.team', 'title']] } });

  it('refuse a second document with the same tuple, naming the index and the tuple', () => {
    const db = create();
    db.tasks.add({ id: 1, status: 'a', owner: { team: 'x' }, title: 'T' });
    const error = expectRamifyError(() => db.tasks.add({ id: 2, status: 'b', owner: { team: 'x' }, title: 'T' }), 'UNIQUE_VIOLATION', ['"tasks"', '"[owner.team+title]"', '["x", "T"]', 'key 1']);
    expect(error.value).toEqual(['x', 'T']);
    expect(db.tasks.count()).toBe(1);
    expect(db.tasks.add({ id: 3, status: 'b', owner: { team: 'y' }, title: 'T' })).toBe(3);
  });

  it('let any number of documents miss a part, as missing values are no value', () => {
    const db = create();
    db.tasks.bulkAdd([
      { id: 1, status: 'a', owner: { team: 'x' } },
      { id: 2, status: 'a', owner: { team: 'x' } },
      { id: 3, status: 'a', title: 'T' },
    ]);
    expect(db.tasks.where(['owner.team', 'title']).equals(['x', undefined]).keys()).toEqual([1, 2]);
  });

  it('free a tuple when its document changes a part', () => {
    const db = create();
    db.tasks.add({ id: 1, status: 'a', owner: { team: 'x' }, title: 'T' });
    db.tasks.update(1, { title: 'U' });
    expect(db.tasks.add({ id: 2, status: 'a', owner: { team: 'x' }, title: 'T' })).toBe(2);
    expectRamifyError(() => db.tasks.update(2, { title: 'U' }), 'UNIQUE_VIOLATION', ['"[owner.team+title]"']);
  });
});

describe('the planner and compound indexes', () => {
  it('answers equality on the first part sorted by the second as the same query without the compound index', () => {
    const withIndex = seeded(true);
    const without = seeded(false);
    const run = (db: ReturnType<typeof seeded>) => [
      ids(db.tasks.where('status').equals('unread').sortBy('createdAt').reverse().limit(3).toArray()),
      ids(db.tasks.where('status').equals('unread').sortBy('createdAt').toArray()),
      ids(db.tasks.where('status').equals('unread').sortBy('createdAt').offset(1).limit(2).toArray()),
      ids(db.tasks.where({ status: 'unread' }).sortBy('createdAt').reverse().toArray()),
      ids(db.tasks.where('status').equals('unread').and('createdAt').above(15).toArray()).sort(),
      ids(db.tasks.where('createdAt').between(15, 40).and('status').equals('unread').sortBy('createdAt').toArray()),
      db.tasks.where('status').equals('unread').sortBy('createdAt').last()?.id,
    ];
    expect(run(withIndex)).toEqual([[4, 1, 7], [6, 3, 7, 1, 4], [3, 7], [4, 1, 7, 3, 6], [1, 3, 4, 7], [3, 7, 1], 4]);
    expect(run(without)).toEqual(run(withIndex));
  });

  // The sort path has no index of its own here: without the compound index, the planner must
  // collect every unread document and sort them, and the filter sees each.
  const newestUnread = (indexes: TaskSchema['tasks']['indexes']) => {
    const db = new Ramify().createStore<TaskSchema>({ tasks: { primaryKey: 'id', indexes } });
    db.tasks.bulkAdd(Array.from({ length: 1000 }, (_, i) => ({ id: i, status: i % 2 ? 'unread' : 'read', createdAt: i })));
    let seen = 0;
    const newest = db.tasks.where('status').equals('unread').filter(() => ++seen > 0).sortBy('createdAt').reverse().limit(30).toArray();
    return { ids: ids(newest), seen };
  };

  it('walks the compound index in sort order, reading only the documents a limit keeps', () => {
    expect(newestUnread(['status', ['status', 'createdAt']])).toEqual({ ids: Array.from({ length: 30 }, (_, i) => 999 - 2 * i), seen: 30 });
  });

  it('reads every match to sort them without the compound index', () => {
    expect(newestUnread(['status'])).toEqual({ ids: Array.from({ length: 30 }, (_, i) => 999 - 2 * i), seen: 500 });
  });
});

describe('compound queries as JSON', () => {
  it('survive JSON text and rebuild to the same results', () => {
    const db = seeded();
    const query = db.tasks.where(['status', 'createdAt']).between(['unread', 20], ['unread', 40]).and('status').equals('unread').sortBy('createdAt');
    const json = JSON.parse(JSON.stringify(query.toJSON())) as QueryJSON;
    expect(json.where[0]).toEqual({ path: ['status', 'createdAt'], op: 'between', args: [['unread', 20], ['unread', 40], true, false] });
    expect(ids(db.tasks.query(json).toArray())).toEqual([3, 7, 1]);
    expect(ids(query.toArray())).toEqual([3, 7, 1]);
  });

  it('encode Dates and undefined inside tuples, and lists of tuples', () => {
    const db = createStore();
    db.tasks.bulkAdd([{ id: 1, status: 's', createdAt: new Date(5) }, { id: 2, status: 's' }]);
    const json = JSON.parse(JSON.stringify(db.tasks.where(['status', 'createdAt']).anyOf([['s', new Date(5)], ['s', undefined]]).toJSON())) as QueryJSON;
    expect(json.where[0].args).toEqual([[['s', { $date: 5 }], ['s', { $undefined: true }]]]);
    expect(db.tasks.query(json).keys().sort()).toEqual([1, 2]);
  });

  it('refuse a compound path that is not a list of 2 to 8 strings, and deeper operands', () => {
    const db = seeded();
    const run = (where: unknown) => db.tasks.query({ collection: 'tasks', where } as unknown as QueryJSON);
    expectRamifyError(() => run([{ path: ['status'], op: 'equals', args: [['x']] }]), 'INVALID_QUERY', ['"tasks"', '2 to 8 strings', '["status"]']);
    expectRamifyError(() => run([{ path: ['status', 1], op: 'equals', args: [['x', 1]] }]), 'INVALID_QUERY', ['2 to 8 strings']);
    expectRamifyError(() => run([{ path: ['status', 'createdAt'], op: 'anyOf', args: [[[['x'], 1]]] }]), 'INVALID_QUERY', ['"[status+createdAt]"', 'an array inside a list']);
    expectRamifyError(() => run([{ path: ['createdAt', 'status'], op: 'equals', args: [[1, 'x']] }]), 'INVALID_QUERY', ['"[createdAt+status]"', 'indexed']);
  });
});

describe('live queries over compound indexes', () => {
  it('equal a fresh run after every step of random writes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), id: fc.integer({ min: 0, max: 12 }), status: fc.constantFrom('unread', 'read'), createdAt: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('update' as const), id: fc.integer({ min: 0, max: 12 }), createdAt: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('status' as const), id: fc.integer({ min: 0, max: 12 }), status: fc.constantFrom('unread', 'read') }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const db = createStore();
        const queries = [
          db.tasks.where('status').equals('unread').sortBy('createdAt').reverse(),
          db.tasks.where('status').equals('unread').sortBy('createdAt').reverse().limit(3),
          db.tasks.where(['status', 'createdAt']).between(['unread', 2], ['unread', 5]).sortBy('createdAt'),
          db.tasks.where(['status', 'createdAt']).above(['read']).limit(4),
        ];
        const last = queries.map(() => [] as readonly Task[]);
        const stops = queries.map((q, i) => q.observe((docs) => (last[i] = docs)));
        for (const o of ops) {
          if (o.kind === 'put') db.tasks.put(o.createdAt === undefined ? { id: o.id, status: o.status } : { id: o.id, status: o.status, createdAt: o.createdAt });
          else if (o.kind === 'update') db.tasks.update(o.id, { createdAt: o.createdAt });
          else if (o.kind === 'status') db.tasks.update(o.id, { status: o.status });
          else db.tasks.delete(o.id);
          queries.forEach((q, i) => {
            const fresh = q.toArray();
            expect(last[i].length).toBe(fresh.length);
            last[i].forEach((doc, j) => expect(doc).toBe(fresh[j]));
          });
        }
        stops.forEach((stop) => stop());
      }),
      { seed: 15, numRuns: 200 },
    );
  });
});
