import { describe, it, expect } from 'vitest';
import { types } from 'node:util';
import { IDBFactory } from 'fake-indexeddb';
import { RamifyError } from '@ramify-db/core';
import { day, expectRamifyError, expectUnchanged, makeStore, recordEvents, sampleMessages, seededStore, snapshot, type Message, type Thing, type User } from './fixtures';

function erin(): User {
  return {
    id: 'erin',
    name: 'Erin',
    email: 'erin@example.com',
    age: 33,
    roles: ['admin'],
    stats: { level: 2, score: 4 },
    profile: { city: 'Oslo', address: { zip: '0150' } },
    createdAt: day(9),
  };
}

function isDeeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(isDeeplyFrozen);
}

/** 300 messages, m-0 … m-299: a load (bulk writes of 256 or more defer the indexes). */
function manyMessages(): Message[] {
  return Array.from({ length: 300 }, (_, i) => ({
    id: `m-${i}`,
    senderId: i % 2 ? 'alice' : 'bob',
    channelId: i % 3 ? 'general' : 'random',
    createdAt: day(i % 28),
    tags: i % 4 ? ['urgent'] : [],
    mentions: [],
    metadata: { priority: i % 3, readBy: i % 5 ? ['bob'] : [] },
  }));
}

describe('writes copy the input', () => {
  it('add detaches the stored document from the caller object, nested objects and arrays included', () => {
    const db = makeStore();
    const input = erin();
    db.users.add(input);
    input.name = 'changed';
    input.roles.push('editor');
    input.stats.level = 9;
    input.profile!.address!.zip = '0000';
    input.createdAt!.setTime(0);
    expect(db.users.get('erin')).toEqual(erin());
    expect(db.users.where('stats.level').equals(2).keys()).toEqual(['erin']);
    expect(db.users.where('roles').equals('editor').keys()).toEqual([]);
  });

  it('put detaches the stored document from the caller object', () => {
    const db = makeStore();
    const input = erin();
    db.users.put(input);
    input.stats.score = 100;
    expect(db.users.get('erin')!.stats.score).toBe(4);
  });

  it('update detaches the stored document from the changes object', () => {
    const db = seededStore();
    const changes = { stats: { level: 5, score: 5 }, roles: ['x'] };
    db.users.update('alice', changes);
    changes.stats.level = 0;
    changes.roles.push('y');
    expect(db.users.get('alice')!.stats).toEqual({ level: 5, score: 5 });
    expect(db.users.get('alice')!.roles).toEqual(['x']);
    expect(db.users.where('stats.level').equals(5).keys()).toEqual(['alice']);
  });

  it('bulkAdd and bulkPut detach every document', () => {
    const db = makeStore();
    const docs: Thing[] = [{ id: 1, list: ['a'] }, { id: 2, list: ['b'] }];
    db.things.bulkAdd(docs);
    docs[0].list!.push('z');
    db.things.bulkPut([{ id: 3, payload: docs }]);
    docs[1].list!.push('z');
    expect(db.things.get(1)).toEqual({ id: 1, list: ['a'] });
    expect(db.things.get(3)).toEqual({ id: 3, payload: [{ id: 1, list: ['a', 'z'] }, { id: 2, list: ['b'] }] });
  });

  it('modify detaches the stored documents from the changes object', () => {
    const db = seededStore();
    const changes = { stats: { level: 7, score: 0 } };
    db.users.where('name').equals('Bob').modify(changes);
    changes.stats.level = 8;
    expect(db.users.get('bob')!.stats).toEqual({ level: 7, score: 0 });
  });

  it('does not keep the caller object itself', () => {
    const db = makeStore();
    const input = erin();
    db.users.add(input);
    expect(db.users.get('erin')).not.toBe(input);
    expect(Object.isFrozen(input)).toBe(false);
  });
});

describe('reads return frozen stored documents', () => {
  it('returns the same object on every read, without copying', () => {
    const db = seededStore();
    const a = db.users.get('alice');
    expect(db.users.get('alice')).toBe(a);
    expect(db.users.bulkGet(['alice'])[0]).toBe(a);
    expect(db.users.toArray().find((u) => u.id === 'alice')).toBe(a);
    expect(db.users.where('email').equals('alice@example.com').first()).toBe(a);
  });

  it('returns plain objects, not proxies or class instances', () => {
    const db = seededStore();
    const alice = db.users.get('alice')!;
    expect(Object.getPrototypeOf(alice)).toBe(Object.prototype);
    expect(Array.isArray(alice.roles)).toBe(true);
    expect(Object.keys(alice).sort()).toEqual(['age', 'createdAt', 'email', 'id', 'name', 'profile', 'roles', 'stats']);
  });

  it('builds plain objects at every level, on every write path', () => {
    const db = seededStore();
    db.users.update('alice', { profile: { city: 'Lyon' }, age: undefined });
    db.users.put({ ...db.users.get('bob')!, stats: { level: 9, score: 9 } });
    for (const user of db.users.toArray()) {
      expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(user.stats)).toBe(Object.prototype);
      if (user.profile !== undefined) expect(Object.getPrototypeOf(user.profile)).toBe(Object.prototype);
      expect(structuredClone(user)).toEqual(user);
    }
    expect(Object.keys(db.users.get('alice')!)).toEqual(['id', 'name', 'email', 'roles', 'stats', 'profile', 'createdAt']);
  });

  describe('hands out deeply frozen documents, with Dates whose setters throw, from every read', () => {
    // Each write path leaves a document for a read to freeze; each read must freeze what it returns.
    const writes: [string, (db: ReturnType<typeof makeStore>) => void][] = [
      ['add', (db) => sampleMessages().forEach((m) => db.messages.add(m))],
      ['bulkAdd of a load', (db) => db.messages.bulkAdd(manyMessages())],
      ['bulkAdd with adopt', (db) => db.messages.bulkAdd(manyMessages(), { adopt: true })],
      ['put over a document', (db) => {
        db.messages.bulkAdd(manyMessages());
        db.messages.put({ ...manyMessages()[3], tags: ['x'] });
      }],
      ['update', (db) => {
        db.messages.bulkAdd(manyMessages());
        db.messages.update('m-3', { metadata: { priority: 9, readBy: ['z'] }, createdAt: day(3) });
      }],
    ];
    const reads: [string, (db: ReturnType<typeof makeStore>) => unknown[]][] = [
      ['get', (db) => [db.messages.get('m-3') ?? db.messages.get('m-a')]],
      ['bulkGet', (db) => db.messages.bulkGet(['m-3', 'm-a'])],
      ['toArray', (db) => db.messages.toArray()],
      ['each', (db) => {
        const seen: unknown[] = [];
        db.messages.each((doc) => seen.push(doc));
        return seen;
      }],
      ['an equality', (db) => db.messages.where('channelId').equals('general').toArray()],
      ['a range', (db) => db.messages.where('createdAt').above(day(0)).toArray()],
      ['a multiEntry query', (db) => db.messages.where('tags').anyOf(['urgent', 'x', 'later']).toArray()],
      ['a sorted window', (db) => db.messages.sortBy('createdAt').reverse().limit(5).toArray()],
      ['first and last', (db) => [db.messages.where('senderId').equals('alice').first(), db.messages.sortBy('id').last()]],
      ['a filter function', (db) => {
        const seen: unknown[] = [];
        db.messages.filter((doc) => (seen.push(doc), true)).count();
        return seen;
      }],
      ['a live query', (db) => {
        const seen: unknown[] = [];
        const stop = db.messages.where('channelId').equals('general').sortBy('createdAt').observe((docs) => seen.push(...docs));
        db.messages.add({ ...sampleMessages()[0], id: 'm-live', createdAt: day(40) });
        stop();
        return seen;
      }],
    ];
    for (const [written, write] of writes) {
      for (const [read, run] of reads) {
        it(`after ${written}, through ${read}`, () => {
          const db = makeStore();
          write(db);
          const docs = run(db).filter((doc) => doc !== undefined);
          expect(docs.length).toBeGreaterThan(0);
          for (const doc of docs) {
            expect(isDeeplyFrozen(doc)).toBe(true);
            const date = (doc as Message).createdAt;
            expect(() => date.setTime(0)).toThrow(expect.objectContaining({ code: 'READ_ONLY' }));
          }
        });
      }
    }
  });

  it('freezes documents deeply, nested objects and arrays included', () => {
    const db = seededStore();
    for (const user of db.users.toArray()) expect(isDeeplyFrozen(user)).toBe(true);
    for (const message of db.messages.toArray()) expect(isDeeplyFrozen(message)).toBe(true);
  });

  it('throws on an attempt to change a stored document, in strict mode', () => {
    const db = seededStore();
    const alice = db.users.get('alice') as User;
    expect(() => {
      alice.name = 'x';
    }).toThrow(TypeError);
    expect(() => {
      alice.stats.level = 9;
    }).toThrow(TypeError);
    expect(() => alice.roles.push('x')).toThrow(TypeError);
    expect(() => {
      alice.profile!.address!.zip = '1';
    }).toThrow(TypeError);
    expect(db.users.get('alice')).toEqual(sampleAlice());
  });

  it('stores Dates as frozen Date instances whose setters throw', () => {
    const db = seededStore();
    const created = db.users.get('alice')!.createdAt!;
    expect(created).toBeInstanceOf(Date);
    expect(Object.isFrozen(created)).toBe(true);
    expect(created.getTime()).toBe(day(1).getTime());
    for (const setter of ['setTime', 'setFullYear', 'setMonth', 'setDate', 'setHours', 'setUTCMinutes', 'setMilliseconds'] as const) {
      expect(() => (created[setter] as (n: number) => number)(0), setter).toThrow(RamifyError);
    }
    expect(created.getTime()).toBe(day(1).getTime());
    expect(db.users.where('createdAt').equals(day(1)).keys()).toEqual(['alice']);
  });

  it('keeps Dates usable as Dates: toISOString, comparison, new Date(copy)', () => {
    const db = seededStore();
    const created = db.users.get('alice')!.createdAt!;
    expect(created.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(+created).toBe(day(1).getTime());
    const copy = new Date(created);
    copy.setTime(0);
    expect(copy.getTime()).toBe(0);
  });

  it('survives structuredClone unchanged', () => {
    const db = seededStore();
    for (const user of db.users.toArray()) {
      const clone = structuredClone(user);
      expect(clone).toEqual(user);
      expect(clone).not.toBe(user);
    }
    const cloned = structuredClone(db.users.get('alice')!);
    expect(cloned.createdAt).toBeInstanceOf(Date);
    expect(cloned.createdAt!.getTime()).toBe(day(1).getTime());
  });

  it('survives a JSON round trip like the original input', () => {
    const db = seededStore();
    const stored = db.users.get('alice')!;
    expect(JSON.stringify(stored)).toBe(JSON.stringify(sampleAlice()));
    expect(JSON.parse(JSON.stringify(stored))).toEqual({ ...sampleAlice(), createdAt: '2024-01-01T00:00:00.000Z' });
  });

  it('returns the stored object itself, not a Proxy', () => {
    const db = seededStore();
    const alice = db.users.get('alice')!;
    expect(types.isProxy(alice)).toBe(false);
    expect(types.isProxy(alice.stats)).toBe(false);
    expect(types.isProxy(alice.roles)).toBe(false);
  });

  it('survives postMessage unchanged', async () => {
    const db = seededStore();
    const alice = db.users.get('alice')!;
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => {
      port2.onmessage = (event) => resolve(event.data);
    });
    port1.postMessage(alice);
    const copy = (await received) as User;
    port1.close();
    port2.close();
    expect(copy).toEqual(sampleAlice());
    expect(copy.createdAt).toBeInstanceOf(Date);
  });

  it('survives an IndexedDB put and get unchanged', async () => {
    const db = seededStore();
    const alice = db.users.get('alice')!;
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const open = new IDBFactory().open('documents-test', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('users', { keyPath: 'id' });
    const idb = await request(open);
    await request(idb.transaction('users', 'readwrite').objectStore('users').put(alice));
    const back = (await request(idb.transaction('users').objectStore('users').get('alice'))) as User;
    idb.close();
    expect(back).toEqual(sampleAlice());
    expect(back.createdAt!.getTime()).toBe(day(1).getTime());
  });

  it('survives structuredClone of every kind of plain data: null, bigint, nested arrays, empty objects', () => {
    const db = makeStore();
    const payload = { n: null, big: 12345678901234567890n, grid: [[1, 2], [3, [4, { deep: true }]]], empty: {}, none: [] };
    db.things.add({ id: 'p', payload });
    const stored = db.things.get('p')!;
    expect(stored).toEqual({ id: 'p', payload });
    expect(structuredClone(stored)).toEqual({ id: 'p', payload });
    expect(isDeeplyFrozen(stored)).toBe(true);
  });

  it('accepts an object with a null prototype as plain data', () => {
    const db = makeStore();
    const payload = Object.assign(Object.create(null) as object, { a: 1 });
    db.things.add({ id: 'n', payload });
    expect((db.things.get('n')!.payload as { a: number }).a).toBe(1);
  });
});

describe('identity and sharing on update', () => {
  it('builds a new frozen document on update and leaves the old one as it was', () => {
    const db = seededStore();
    const before = db.users.get('alice')!;
    db.users.update('alice', { name: 'Alicia' });
    const after = db.users.get('alice')!;
    expect(after).not.toBe(before);
    expect(before.name).toBe('Alice');
    expect(after.name).toBe('Alicia');
    expect(isDeeplyFrozen(after)).toBe(true);
  });

  it('shares untouched nested objects and arrays with the old document', () => {
    const db = seededStore();
    const before = db.users.get('alice')!;
    db.users.update('alice', { name: 'Alicia' });
    const after = db.users.get('alice')!;
    expect(after.stats).toBe(before.stats);
    expect(after.roles).toBe(before.roles);
    expect(after.profile).toBe(before.profile);
    expect(after.createdAt).toBe(before.createdAt);
  });

  it('keeps the identity of a document when update changes nothing', () => {
    const db = seededStore();
    const before = db.users.get('alice')!;
    const log = recordEvents(db);
    expect(db.users.update('alice', { name: 'Alice', stats: { level: 3, score: 10 }, createdAt: day(1) })).toBe('alice');
    expect(db.users.update('alice', {})).toBe('alice');
    expect(db.users.get('alice')).toBe(before);
    expect(log).toEqual([]);
  });

  it('keeps the identity of a document when put writes a deep-equal document', () => {
    const db = seededStore();
    const before = db.users.get('alice')!;
    const log = recordEvents(db);
    expect(db.users.put(sampleAlice())).toBe('alice');
    expect(db.users.get('alice')).toBe(before);
    expect(log).toEqual([]);
  });

  it('replaces the document when put differs only deep inside', () => {
    const db = seededStore();
    const before = db.users.get('alice')!;
    db.users.put({ ...sampleAlice(), profile: { city: 'Paris', address: { zip: '75002' } } });
    expect(db.users.get('alice')).not.toBe(before);
    expect(db.users.get('alice')!.profile!.address!.zip).toBe('75002');
  });

  it('treats a Date with a different time as a change and an equal time as no change', () => {
    const db = seededStore();
    const before = db.users.get('alice')!;
    db.users.update('alice', { createdAt: new Date(day(1).getTime()) });
    expect(db.users.get('alice')).toBe(before);
    db.users.update('alice', { createdAt: day(2) });
    expect(db.users.get('alice')).not.toBe(before);
  });

  it('keeps identities of untouched documents when modify changes others', () => {
    const db = seededStore();
    const bob = db.users.get('bob');
    db.users.where('name').equals('Alice').modify({ age: 31 });
    expect(db.users.get('bob')).toBe(bob);
  });
});

describe('rejects what is not plain data with INVALID_DOCUMENT', () => {
  class Point {
    constructor(
      public x: number,
      public y: number,
    ) {}
  }
  const cyclic = () => {
    const node: Record<string, unknown> = { name: 'loop' };
    node.self = node;
    return node;
  };
  const cases: [string, () => unknown, RegExp][] = [
    ['a function', () => function handler() {}, /function/],
    ['a symbol', () => Symbol('tag'), /Symbol/],
    ['a Map', () => new Map([[1, 2]]), /Map/],
    ['a Set', () => new Set([1]), /Set/],
    ['a class instance', () => new Point(1, 2), /Point/],
    ['a RegExp', () => /x/, /RegExp/],
    ['a typed array', () => new Uint8Array(2), /Uint8Array/],
    ['a cycle', cyclic, /payload/],
  ];
  for (const [label, make, shown] of cases) {
    it(`rejects ${label} inside a document and changes nothing`, () => {
      const db = seededStore();
      const before = snapshot(db);
      expectRamifyError(() => db.things.add({ id: 'bad', payload: { inner: make() } }), 'INVALID_DOCUMENT', [
        'things',
        'payload',
        shown,
      ]);
      expectUnchanged(db, before);
    });
  }

  it('rejects a document whose shared parts make more than 4 Mi places, copied or adopted, and changes nothing', () => {
    // 60 levels, each holding the next level twice: 2^60 places, a walk by depth alone never ends.
    let shared: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 60; i++) shared = { left: shared, right: shared };
    const db = makeStore();
    const before = snapshot(db);
    expectRamifyError(() => db.things.add({ id: 'bomb', payload: shared }), 'INVALID_DOCUMENT', ['things', 'more than 4194304 objects and arrays']);
    expectRamifyError(() => db.things.bulkAdd([{ id: 'bomb', payload: shared }], { adopt: true }), 'INVALID_DOCUMENT', ['things', 'more than 4194304 objects and arrays']);
    expect(snapshot(db)).toEqual(before);
  });

  it('stores a part shared by two fields of a document as two equal copies', () => {
    const part = { n: 1 };
    const db = makeStore();
    db.things.add({ id: 'twice', payload: { a: part, b: part } });
    const stored = db.things.get('twice')!.payload as { a: { n: number }; b: { n: number } };
    expect([stored.a, stored.b]).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('names the path to the bad value, through arrays', () => {
    const db = makeStore();
    const error = expectRamifyError(
      () => db.things.add({ id: 'bad', payload: { list: [1, { fn: () => 1 }] } }),
      'INVALID_DOCUMENT',
      ['things', 'payload.list.1.fn'],
    );
    expect(error.field).toBe('payload.list.1.fn');
    expect(error.collection).toBe('things');
  });

  it('rejects a document that is not a plain object', () => {
    const db = seededStore();
    const before = snapshot(db);
    for (const doc of [null, 'doc', 42, [{ id: 'x' }], new Map()]) {
      expectRamifyError(() => db.things.add(doc as unknown as Thing), 'INVALID_DOCUMENT', ['things', /plain object/]);
      expectRamifyError(() => db.things.put(doc as unknown as Thing), 'INVALID_DOCUMENT', ['things']);
    }
    expectUnchanged(db, before);
  });

  it('rejects a bad value in update changes and changes nothing', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.update('alice', { profile: { city: new Map() as unknown as string } }), 'INVALID_DOCUMENT', [
      'users',
      'profile.city',
      /Map/,
    ]);
    expectUnchanged(db, before);
  });

  it('rejects a bad value in put over an existing document and keeps the old one', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.put({ ...sampleAlice(), name: (() => 'x') as unknown as string }), 'INVALID_DOCUMENT', [
      'users',
      'name',
    ]);
    expectUnchanged(db, before);
  });

  it('rejects a bad value in modify changes and changes nothing', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(
      () => db.users.where('stats.level').equals(3).modify({ profile: { city: new Set() as unknown as string } }),
      'INVALID_DOCUMENT',
      ['users', 'profile.city'],
    );
    expectUnchanged(db, before);
  });
});

function sampleAlice(): User {
  return {
    id: 'alice',
    name: 'Alice',
    email: 'alice@example.com',
    age: 30,
    roles: ['admin', 'editor'],
    stats: { level: 3, score: 10 },
    profile: { city: 'Paris', address: { zip: '75001' } },
    createdAt: day(1),
  };
}

describe('bulkAdd and bulkPut with { adopt: true }', () => {
  const fresh = () => ({ id: 'z', name: 'Zed', email: 'z@example.com', roles: ['a'], stats: { level: 1, score: 2 }, createdAt: new Date(5) });

  it('stores the given objects themselves, deeply frozen, with frozen Dates', () => {
    const db = makeStore();
    const doc = fresh();
    db.users.bulkAdd([doc], { adopt: true });
    const stored = db.users.get('z')!;
    expect(stored).toBe(doc);
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.roles)).toBe(true);
    expect(Object.isFrozen(stored.stats)).toBe(true);
    expect(() => stored.createdAt!.setTime(0)).toThrow(expect.objectContaining({ code: 'READ_ONLY' }));
    expect(stored.createdAt!.getTime()).toBe(5);
  });

  it('copies a document that holds a frozen part instead of freezing it in place', () => {
    const db = makeStore();
    const doc = { ...fresh(), stats: Object.freeze({ level: 1, score: 2 }) };
    db.users.bulkPut([doc], { adopt: true });
    expect(db.users.get('z')).not.toBe(doc);
    expect(db.users.get('z')).toEqual(doc);
  });

  it('adopts a document whose only frozen parts are empty arrays: nothing in them to swap', () => {
    const db = makeStore();
    const doc = { ...fresh(), roles: Object.freeze([]) as unknown as string[] };
    db.users.bulkAdd([doc], { adopt: true });
    expect(db.users.get('z')).toBe(doc);
    expect(db.users.get('z')!.roles).toEqual([]);
    expect(Object.isFrozen(db.users.get('z')!.roles)).toBe(true);
  });

  it('copies a document with a sealed or non-extensible part instead of freezing it in place', () => {
    const db = makeStore();
    const sealed = { ...fresh(), stats: Object.seal({ level: 1, score: 2 }) };
    const closed = { ...fresh(), id: 'y', roles: Object.preventExtensions(['a']) };
    db.users.bulkAdd([sealed, closed], { adopt: true });
    expect(db.users.get('z')).not.toBe(sealed);
    expect(db.users.get('z')).toEqual(sealed);
    expect(db.users.get('y')).not.toBe(closed);
    expect(db.users.get('y')).toEqual(closed);
    expect(Object.isFrozen(sealed.stats)).toBe(false);
  });

  it('refuses what is not plain data with INVALID_DOCUMENT, naming the path, and stores nothing', () => {
    const db = makeStore();
    const before = snapshot(db);
    const bad = { ...fresh(), profile: { city: new Map() } };
    expectRamifyError(() => db.users.bulkAdd([bad as never], { adopt: true }), 'INVALID_DOCUMENT', ['users', 'profile.city']);
    expectUnchanged(db, before);
  });

  it('rejects options that are not an object or an adopt that is not a boolean with INVALID_ARGUMENT', () => {
    const db = makeStore();
    expectRamifyError(() => db.users.bulkAdd([fresh()], 'adopt' as never), 'INVALID_ARGUMENT', ['users']);
    expectRamifyError(() => db.users.bulkAdd([fresh()], { adopt: 'yes' } as never), 'INVALID_ARGUMENT', ['users', 'adopt']);
    expect(db.users.has('z')).toBe(false);
  });
});
