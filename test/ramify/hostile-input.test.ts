// Input the core cannot trust: a polluted Object.prototype, objects whose fields are inherited,
// fields named like members of the prototypes, options that are not objects, the reserved names,
// values nested far deeper than a document may be, and operand lists of any length.
// Each is refused with a coded error, or handled correctly, and leaves the store as it was.
import { describe, it, expect } from 'vitest';
import { Ramify, deepEqual, type QueryJSON } from '@ramify-db/core';
import {
  catchError,
  createUntyped,
  expectRamifyError,
  expectUnchanged,
  makeStore,
  recordEvents,
  sampleUsers,
  seededStore,
  snapshot,
  sortKeys,
  type AppStore,
  type Thing,
} from './fixtures';

// ---------------------------------------------------------------------------------------------

describe('a polluted Object.prototype', () => {
  /**
   * Runs `fn` while Object.prototype has an enumerable field, as after a prototype-pollution
   * attack, and removes it before anything is asserted.
   */
  function polluted<R>(fields: Record<string, unknown>, fn: () => R): R {
    for (const [name, value] of Object.entries(fields)) {
      Object.defineProperty(Object.prototype, name, { value, enumerable: true, writable: true, configurable: true });
    }
    try {
      return fn();
    } finally {
      for (const name of Object.keys(fields)) delete (Object.prototype as Record<string, unknown>)[name];
    }
  }

  it('does not reach a copied document', () => {
    const db = makeStore();
    polluted({ evil: 1 }, () => {
      db.things.add({ id: 'a', payload: { inner: { x: 1 }, list: [{ y: 2 }] } });
      db.users.put(sampleUsers()[0]);
    });
    const thing = db.things.get('a')!;
    const payload = thing.payload as { inner: object; list: object[] };
    expect(Object.keys(thing)).toEqual(['id', 'payload']);
    expect(Object.hasOwn(thing, 'evil')).toBe(false);
    expect(Object.hasOwn(payload, 'evil')).toBe(false);
    expect(Object.hasOwn(payload.inner, 'evil')).toBe(false);
    expect(Object.hasOwn(payload.list[0], 'evil')).toBe(false);
    expect(Object.hasOwn(db.users.get('alice')!.stats, 'evil')).toBe(false);
  });

  it('holding a function does not make every document unstorable', () => {
    const db = makeStore();
    const keys = polluted({ evil: () => 'pwned' }, () => [
      db.things.add({ id: 'a', payload: { x: 1 } }),
      ...db.things.bulkAdd([{ id: 'b', payload: { y: 1 } }], { adopt: true }),
    ]);
    expect(keys).toEqual(['a', 'b']);
    expect(Object.keys(db.things.get('a')!)).toEqual(['id', 'payload']);
    expect(Object.keys(db.things.get('b')!)).toEqual(['id', 'payload']);
  });

  it('does not reach an adopted document, and is not frozen by it', () => {
    const db = makeStore();
    const shared = { when: new Date(5) };
    const stamp = new Date(7);
    const doc = { id: 'a', payload: { x: 1 } };
    polluted({ evil: shared, stamp }, () => db.things.bulkAdd([doc], { adopt: true }));
    expect(db.things.get('a')).toBe(doc);
    expect(Object.keys(doc)).toEqual(['id', 'payload']);
    expect(Object.keys(doc.payload)).toEqual(['x']);
    expect(Object.isFrozen(shared)).toBe(false);
    expect(Object.isFrozen(stamp)).toBe(false);
  });

  it('is not seen by deepEqual', () => {
    const answers = polluted({ evil: 1 }, () => [
      deepEqual({ a: 1, b: { c: [1, { d: 2 }] } }, { a: 1, b: { c: [1, { d: 2 }] } }),
      deepEqual({ a: 1 }, { a: 1, b: 2 }),
      deepEqual({ a: 1, b: 2 }, { a: 1 }),
    ]);
    expect(answers).toEqual([true, false, false]);
  });

  it('does not make a put of an equal document look like a change', () => {
    const db = seededStore();
    const before = db.users.get('alice');
    const log = recordEvents(db);
    const key = polluted({ evil: 1 }, () => db.users.put(sampleUsers()[0]));
    expect(key).toBe('alice');
    expect(db.users.get('alice')).toBe(before);
    expect(log).toEqual([]);
  });

  it('does not turn an update that changes nothing into a write', () => {
    const db = seededStore();
    const before = db.users.get('alice');
    const log = recordEvents(db);
    const key = polluted({ evil: undefined }, () => db.users.update('alice', { name: 'Alice' }));
    expect(key).toBe('alice');
    expect(db.users.get('alice')).toBe(before);
    expect(log).toEqual([]);
  });

  it('is not copied by an update', () => {
    const db = seededStore();
    const log = recordEvents(db);
    polluted({ evil: 'pwned' }, () => db.users.update('alice', { name: 'Alicia' }));
    expect(Object.keys(db.users.get('alice')!)).toEqual(['id', 'name', 'email', 'age', 'roles', 'stats', 'profile', 'createdAt']);
    expect(log).toEqual([['users', 'update', ['alice']]]);
  });

  it('does not lend a document without a primary key the inherited one', () => {
    const db = seededStore();
    const before = snapshot(db);
    const errors = polluted({ id: 'ghost' }, () => [
      catchError(() => db.things.add({ payload: 1 } as never)),
      catchError(() => db.users.update('alice', { id: undefined } as never)),
    ]);
    expect(errors.map((error) => [error.code, error.value])).toEqual([
      ['INVALID_KEY', undefined],
      ['INVALID_KEY', undefined],
    ]);
    expectUnchanged(db, before);
  });

  it('is not read as an index value of a document that lacks the field', () => {
    const db = createUntyped({ items: { primaryKey: 'id', indexes: ['tag'] } });
    const items = (db as unknown as { items: AppStore['things'] }).items;
    const where = () => items.where('tag' as never) as unknown as { equals(v: unknown): { count(): number } };
    const counts = polluted({ tag: 'pwned' }, () => {
      items.add({ id: 'a' });
      items.bulkAdd(Array.from({ length: 300 }, (_, i) => ({ id: i })));
      return [where().equals('pwned').count(), where().equals(undefined).count()];
    });
    expect(counts).toEqual([0, 301]);
    expect([where().equals('pwned').count(), where().equals(undefined).count()]).toEqual([0, 301]);
  });

  it('does not switch on adopt for a bulk write whose options lack it', () => {
    const db = makeStore();
    const doc = { id: 'a', payload: { x: 1 } };
    polluted({ adopt: true }, () => db.things.bulkAdd([doc], {}));
    expect(db.things.get('a')).not.toBe(doc);
    expect(Object.isFrozen(doc)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('fields named like members of Object.prototype, Array.prototype and Date.prototype', () => {
  const names = ['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];

  for (const name of names) {
    it(`update(key, { ${name}: undefined }) on a document without it changes nothing, emits nothing, keeps the identity`, () => {
      const db = seededStore();
      const before = db.users.get('alice');
      const log = recordEvents(db);
      expect(db.users.update('alice', { [name]: undefined } as never)).toBe('alice');
      expect(db.users.bulkUpdate(['alice', 'bob'], { [name]: undefined } as never)).toEqual(['alice', 'bob']);
      expect(db.users.where('age').above(0).modify({ [name]: undefined } as never)).toEqual([]);
      expect(db.users.get('alice')).toBe(before);
      expect(log).toEqual([]);
    });
  }

  it('stores such a field as data and removes it with undefined', () => {
    const db = makeStore();
    const log = recordEvents(db);
    db.things.add({ id: 't', toString: 'x', valueOf: 2 } as never);
    expect(db.things.get('t')).toEqual({ id: 't', toString: 'x', valueOf: 2 });
    db.things.update('t', { toString: undefined } as never);
    expect(Object.keys(db.things.get('t')!)).toEqual(['id', 'valueOf']);
    expect(log).toEqual([
      ['things', 'create', ['t']],
      ['things', 'update', ['t']],
    ]);
  });

  it('indexes such paths by own fields only: a document without them has no value there', () => {
    const db = createUntyped({
      items: { primaryKey: 'id', indexes: ['toString', 'list.map', 'list.length', 'when.getTime'], multiEntry: ['valueOf'] },
    });
    const items = (db as unknown as { items: AppStore['things'] }).items;
    expect(items.add({ id: 1, list: [1, 2], when: new Date(3) } as never)).toBe(1);
    expect(items.add({ id: 2, toString: 'x', valueOf: ['a', 'b'] } as never)).toBe(2);
    const where = (path: string) => items.where(path as never) as unknown as { equals(v: unknown): { keys(): unknown[] } };
    expect(where('toString').equals(undefined).keys()).toEqual([1]);
    expect(where('toString').equals('x').keys()).toEqual([2]);
    expect(where('valueOf').equals('b').keys()).toEqual([2]);
    expect(where('list.map').equals(undefined).keys()).toEqual([1, 2]);
    expect(where('list.length').equals(2).keys()).toEqual([1]);
    expect(where('when.getTime').equals(undefined).keys()).toEqual([1, 2]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('objects whose fields are inherited, not own', () => {
  it('a store definition with an inherited primaryKey is INVALID_SCHEMA', () => {
    expectRamifyError(() => createUntyped({ users: Object.create({ primaryKey: 'id' }) }), 'INVALID_SCHEMA', ['users', 'primaryKey']);
  });

  it('a store definition with inherited indexes gets none', () => {
    const db = createUntyped({ users: Object.assign(Object.create({ indexes: ['name'] }), { primaryKey: 'id' }) });
    expect([...(db as unknown as AppStore).users.indexes]).toEqual([]);
  });

  it('bulk options with an inherited adopt copy the documents', () => {
    const db = makeStore();
    const doc = { id: 'a', payload: { x: 1 } };
    db.things.bulkAdd([doc], Object.create({ adopt: true }));
    expect(db.things.get('a')).not.toBe(doc);
    expect(Object.isFrozen(doc)).toBe(false);
  });

  it('a criteria object that is not a plain object is INVALID_QUERY', () => {
    const db = seededStore();
    expectRamifyError(() => db.users.where(new Map([['age', 30]]) as never), 'INVALID_QUERY', ['users', /criteria/]);
    expectRamifyError(() => db.users.where(Object.create({ age: 30 })), 'INVALID_QUERY', ['users', /criteria/]);
    expectRamifyError(() => db.users.where(new Date() as never), 'INVALID_QUERY', ['users', /criteria/]);
  });

  it('a query description whose fields are inherited is INVALID_QUERY', () => {
    const db = seededStore();
    expectRamifyError(() => db.users.query(Object.create({ collection: 'users', where: [] })), 'INVALID_QUERY', ['users']);
    const inherited = Object.create({ path: 'age', op: 'equals', args: [30] });
    expectRamifyError(() => db.users.query({ collection: 'users', where: [inherited] }), 'INVALID_QUERY', ['users', /path/]);
  });

  it('a clause with an unknown key is INVALID_QUERY', () => {
    const db = seededStore();
    const clause = { path: 'age', op: 'equals', args: [30], not: true };
    expectRamifyError(() => db.users.query({ collection: 'users', where: [clause] } as QueryJSON), 'INVALID_QUERY', ['users', 'not']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('store options', () => {
  it('refuses options that are not an object with INVALID_ARGUMENT', () => {
    expectRamifyError(() => new Ramify().createStore({}, null as never), 'INVALID_ARGUMENT', ['createStore', 'null']);
    expectRamifyError(() => new Ramify(null as never).createStore({}), 'INVALID_ARGUMENT', ['null']);
    expectRamifyError(() => new Ramify().createStore({}, 'loud' as never), 'INVALID_ARGUMENT', ['createStore', 'loud']);
  });
});

// ---------------------------------------------------------------------------------------------

const RESERVED = ['__proto__', 'constructor', 'prototype'] as const;

/** An object with one own enumerable field, whatever its name (`__proto__` included), as JSON.parse makes it. */
function withField(name: string, value: unknown, rest: Record<string, unknown> = {}): Record<string, unknown> {
  const record: Record<string, unknown> = { ...rest };
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  return record;
}

describe('reserved names: __proto__, constructor and prototype', () => {
  describe('in schema paths: INVALID_SCHEMA', () => {
    for (const name of RESERVED) {
      for (const list of ['indexes', 'multiEntry', 'unique'] as const) {
        for (const path of [name, `stats.${name}`, `${name}.level`]) {
          it(`refuses ${JSON.stringify(path)} in ${list}`, () => {
            const error = expectRamifyError(() => createUntyped({ users: { primaryKey: 'id', [list]: [path] } }), 'INVALID_SCHEMA', [
              'users',
              path,
              list,
              /reserved/,
            ]);
            expect(error.collection).toBe('users');
            expect(error.field).toBe(path);
            expect(error.value).toBe(path);
          });
        }
      }
      it(`refuses ${name} as the primary key`, () => {
        const error = expectRamifyError(() => createUntyped({ users: { primaryKey: name } }), 'INVALID_SCHEMA', ['users', name, /reserved/]);
        expect(error.field).toBe('primaryKey');
        expect(error.value).toBe(name);
      });
    }
  });

  describe('in query paths: INVALID_QUERY', () => {
    const db = seededStore();
    for (const name of RESERVED) {
      for (const path of [name, `stats.${name}`, `${name}.level`]) {
        it(`refuses where(${JSON.stringify(path)})`, () => {
          const error = expectRamifyError(() => db.users.where(path as never), 'INVALID_QUERY', ['users', path, /reserved/]);
          expect(error.field).toBe(path);
          expect(error.value).toBe(path);
        });

        it(`refuses the criteria key ${JSON.stringify(path)}`, () => {
          const error = expectRamifyError(() => db.users.where(withField(path, 1) as never), 'INVALID_QUERY', ['users', path, /reserved/]);
          expect(error.field).toBe(path);
        });

        it(`refuses sortBy(${JSON.stringify(path)}), which is not indexed`, () => {
          expectRamifyError(() => db.users.sortBy(path as never), 'INVALID_QUERY', ['users', path, /reserved/]);
          expectRamifyError(() => db.users.where('age').above(1).sortBy(path as never), 'INVALID_QUERY', ['users', path, /reserved/]);
        });

        it(`refuses ${JSON.stringify(path)} as a path and as sortBy in a query description`, () => {
          const clause = { collection: 'users', where: [{ path, op: 'equals', args: [1] }] };
          expectRamifyError(() => db.users.query(clause as QueryJSON), 'INVALID_QUERY', ['users', path, /reserved/]);
          const sorted = { collection: 'users', where: [], sortBy: path };
          expectRamifyError(() => db.users.query(sorted as QueryJSON), 'INVALID_QUERY', ['users', path, /reserved/]);
        });
      }
    }
  });

  describe('as field names in documents: INVALID_DOCUMENT, nothing written', () => {
    for (const name of RESERVED) {
      const placements: [string, (value: unknown) => Thing, string][] = [
        ['at the top level', (value) => withField(name, value, { id: 'bad' }) as unknown as Thing, name],
        ['in a nested object', (value) => ({ id: 'bad', payload: { inner: withField(name, value, { ok: 1 }) } }), `payload.inner.${name}`],
        ['in an object inside an array', (value) => ({ id: 'bad', payload: { list: [1, withField(name, value)] } }), `payload.list.1.${name}`],
      ];
      for (const [where, make, field] of placements) {
        const writes: [string, (db: AppStore, doc: Thing) => unknown][] = [
          ['add', (db, doc) => db.things.add(doc)],
          ['put', (db, doc) => db.things.put(doc)],
          ['bulkAdd', (db, doc) => db.things.bulkAdd([{ id: 'fine' }, doc])],
          ['bulkPut', (db, doc) => db.things.bulkPut([{ id: 'fine' }, doc])],
          ['bulkAdd with adopt', (db, doc) => db.things.bulkAdd([{ id: 'fine' }, doc], { adopt: true })],
          ['bulkPut with adopt', (db, doc) => db.things.bulkPut([doc], { adopt: true })],
        ];
        for (const [method, write] of writes) {
          it(`${method} refuses a field named ${name} ${where}`, () => {
            const db = seededStore();
            const before = snapshot(db);
            const log = recordEvents(db);
            const value = { x: 1 };
            const error = expectRamifyError(() => write(db, make(value)), 'INVALID_DOCUMENT', ['things', field, /reserved/]);
            expect(error.collection).toBe('things');
            expect(error.field).toBe(field);
            expect(error.value).toBe(value);
            expectUnchanged(db, before);
            expect(log).toEqual([]);
          });
        }
      }
    }

    it('keeps refusing when the reserved field holds undefined', () => {
      const db = seededStore();
      const before = snapshot(db);
      for (const name of RESERVED) {
        expectRamifyError(() => db.things.add(withField(name, undefined, { id: 'bad' }) as unknown as Thing), 'INVALID_DOCUMENT', ['things', name]);
      }
      expectUnchanged(db, before);
    });
  });

  describe('as field names in update changes: INVALID_DOCUMENT, nothing written', () => {
    for (const name of RESERVED) {
      for (const value of [1, undefined, { x: 1 }]) {
        it(`update, bulkUpdate and modify refuse ${name}: ${JSON.stringify(value) ?? 'undefined'}`, () => {
          const db = seededStore();
          const before = snapshot(db);
          const log = recordEvents(db);
          const changes = withField(name, value, { name: 'Changed' }) as never;
          const error = expectRamifyError(() => db.users.update('alice', changes), 'INVALID_DOCUMENT', ['users', name, /reserved/]);
          expect(error.field).toBe(name);
          expect(error.value).toBe(value);
          expectRamifyError(() => db.users.bulkUpdate(['alice', 'bob'], changes), 'INVALID_DOCUMENT', ['users', name]);
          expectRamifyError(() => db.users.where('age').above(0).modify(changes), 'INVALID_DOCUMENT', ['users', name]);
          expectUnchanged(db, before);
          expect(log).toEqual([]);
        });
      }

      it(`update refuses ${name} inside a changed value, naming its path`, () => {
        const db = seededStore();
        const before = snapshot(db);
        const changes = { profile: withField(name, 'x', { city: 'Rome' }) } as never;
        const error = expectRamifyError(() => db.users.update('alice', changes), 'INVALID_DOCUMENT', ['users', `profile.${name}`]);
        expect(error.field).toBe(`profile.${name}`);
        expect(error.value).toBe('x');
        expectUnchanged(db, before);
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** `levels` arrays around 1: put under a field, the innermost array is `levels` levels below the document. */
function nestedArrays(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

/** Like nestedArrays, with objects `{ a: ... }`. */
function nestedObjects(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('values nested deeper than 100 levels', () => {
  it('stores a document nested 100 levels below its top and refuses 101, on every write path', () => {
    const db = makeStore();
    expect(db.things.add({ id: 'arrays', payload: nestedArrays(100) })).toBe('arrays');
    expect(db.things.add({ id: 'objects', payload: nestedObjects(100) })).toBe('objects');
    expect(db.things.update('arrays', { payload: nestedArrays(99) })).toBe('arrays');
    expect(db.things.update('arrays', { payload: nestedArrays(100) })).toBe('arrays');
    const before = snapshot(db);
    const field = ['payload', ...Array(100).fill('0')].join('.');
    const refusals: [string, () => unknown][] = [
      ['add', () => db.things.add({ id: 'x', payload: nestedArrays(101) })],
      ['put', () => db.things.put({ id: 'arrays', payload: nestedArrays(101) })],
      ['bulkAdd with adopt', () => db.things.bulkAdd([{ id: 'x', payload: nestedArrays(101) }], { adopt: true })],
      ['update', () => db.things.update('arrays', { payload: nestedArrays(101) })],
    ];
    for (const [label, write] of refusals) {
      const error = expectRamifyError(write, 'INVALID_DOCUMENT', ['things', /nested more than 100 levels/]);
      expect(error.field, label).toBe(field);
    }
    expectUnchanged(db, before);
  });

  it('can write back and adopt every document it stores, however deep', () => {
    const db = makeStore();
    db.things.add({ id: 'a', payload: nestedArrays(99) });
    db.things.update('a', { payload: nestedArrays(100) });
    const stored = db.things.get('a')!;
    expect(db.things.put(structuredClone(stored))).toBe('a');
    expect(db.things.get('a')).toBe(stored);
    const other = makeStore();
    expect(other.things.bulkAdd([structuredClone(stored)], { adopt: true })).toEqual(['a']);
  });

  for (const levels of [1_500, 4_000, 100_000]) {
    describe(`${levels.toLocaleString('en')} levels`, () => {
      for (const [shape, nest] of [
        ['arrays', nestedArrays],
        ['objects', nestedObjects],
      ] as const) {
        it(`refuses a document of nested ${shape} with INVALID_DOCUMENT on add, put, bulkAdd (adopt) and update`, () => {
          const db = seededStore();
          const before = snapshot(db);
          const log = recordEvents(db);
          const deep = nest(levels);
          const field = ['payload', ...Array(100).fill(shape === 'arrays' ? '0' : 'a')].join('.');
          const writes: (() => unknown)[] = [
            () => db.things.add({ id: 'x', payload: deep }),
            () => db.things.put({ id: 'x', payload: deep }),
            () => db.things.bulkAdd([{ id: 'y' }, { id: 'x', payload: deep }], { adopt: true }),
            () => db.users.update('alice', { profile: deep } as never),
          ];
          for (const write of writes) {
            const error = catchError(write);
            expect(error.code).toBe('INVALID_DOCUMENT');
            expect(error.message).toMatch(/nested more than 100 levels/);
            if (error.collection === 'things') expect(error.field).toBe(field);
          }
          expectUnchanged(db, before);
          expect(log).toEqual([]);
        });
      }

      it('refuses operands nested that deep with INVALID_QUERY: fluent, criteria and query descriptions', () => {
        const db = seededStore();
        const before = snapshot(db);
        const deep = nestedArrays(levels);
        const queries: (() => unknown)[] = [
          () => db.users.where('age').equals(deep as never),
          () => db.users.where('age').anyOf([deep] as never),
          () => db.users.where('roles').equals(deep as never),
          () => db.users.where({ age: deep } as never),
          () => db.users.where({ roles: deep } as never),
          () => db.users.query({ collection: 'users', where: [{ path: 'age', op: 'equals', args: [deep] }] } as QueryJSON),
          () => db.users.query({ collection: 'users', where: [{ path: 'age', op: 'anyOf', args: [deep] }] } as QueryJSON),
          () => db.users.query({ collection: 'users', where: [{ path: 'roles', op: 'equals', args: [[1, deep]] }] } as QueryJSON),
        ];
        for (const query of queries) {
          const error = catchError(query);
          expect(error.code).toBe('INVALID_QUERY');
          expect(error.collection).toBe('users');
          expect(error.message.length).toBeLessThan(300);
        }
        expectUnchanged(db, before);
      });

      it('describes such a value briefly in an error message', () => {
        const db = seededStore();
        const error = catchError(() => db.users.where('age').equals(nestedArrays(levels) as never));
        expect(error.message).toBe('collection "users", field "age": equals() needs a string, number, boolean, Date, null or undefined (got [[[[...]]]])');
      });

      it('deepEqual answers false for two distinct values nested that deep, without overflowing', () => {
        expect(deepEqual(nestedArrays(levels), nestedArrays(levels))).toBe(false);
        expect(deepEqual(nestedObjects(levels), nestedObjects(levels))).toBe(false);
        const same = nestedObjects(levels);
        expect(deepEqual(same, same)).toBe(true);
      });
    });
  }

  it('deepEqual compares values up to 100 levels deep', () => {
    expect(deepEqual(nestedArrays(100), nestedArrays(100))).toBe(true);
    expect(deepEqual(nestedObjects(100), nestedObjects(100))).toBe(true);
    expect(deepEqual(nestedObjects(100), nestedObjects(99))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('operand lists of any length, query descriptions of a bounded length', () => {
  it('anyOf with 200,000 distinct values', () => {
    const db = seededStore();
    const values = Array.from({ length: 200_000 }, (_, i) => i);
    expect(sortKeys(db.users.where('age').anyOf(values).keys())).toEqual(['alice', 'bob', 'dave']);
    expect(sortKeys(db.users.where('age').noneOf(values).keys())).toEqual(['carol']);
  });

  it('allOf with 200,000 distinct values on a multiEntry index', () => {
    const db = seededStore();
    const values = Array.from({ length: 200_000 }, (_, i) => `role-${i}`);
    expect(db.users.where('roles').allOf(values).keys()).toEqual([]);
    expect(db.users.where('roles').allOf(['editor', ...values.slice(0, 1)]).count()).toBe(0);
    expect(sortKeys(db.users.where('roles').allOf(['editor', 'editor']).keys())).toEqual(['alice', 'bob', 'dave']);
  });

  it('a query description with up to 100 clauses', () => {
    const db = seededStore();
    const where = Array.from({ length: 100 }, (_, i) => ({ path: 'age', op: 'aboveOrEqual', args: [i % 26] }));
    expect(sortKeys(db.users.query({ collection: 'users', where } as QueryJSON).keys())).toEqual(['alice', 'bob', 'dave']);
  });

  it('refuses a query description with more than 100 clauses with INVALID_QUERY', () => {
    const db = seededStore();
    for (const length of [101, 100_000]) {
      const where = Array.from({ length }, () => ({ path: 'age', op: 'aboveOrEqual', args: [0] }));
      const error = expectRamifyError(() => db.users.query({ collection: 'users', where } as QueryJSON), 'INVALID_QUERY', [
        'users',
        `${length} clauses`,
        'at most 100',
      ]);
      expect(error.value).toBe(length);
    }
  });
});

