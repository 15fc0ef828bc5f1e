import { describe, it, expect, vi, afterEach } from 'vitest';
import { Ramify, type ChangeType, type Key } from '@ramify-db/core';
import {
  appDefinitions,
  catchError,
  day,
  expectRamifyError,
  makeStore,
  normalised,
  recordEvents,
  seededStore,
  settle,
  type AppSchema,
  type User,
} from './fixtures';

function user(id: string, extra: Partial<User> = {}): User {
  return { id, name: id, email: `${id}@x`, roles: [], stats: { level: 1, score: 0 }, ...extra };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('event types and keys', () => {
  it('add emits create with the new key', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.add(user('erin'));
    expect(log).toEqual([['users', 'create', ['erin']]]);
  });

  it('passes number keys as numbers', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.posts.delete(3);
    expect(log).toEqual([['posts', 'delete', [3]]]);
  });

  it('put of a new key emits create', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.put(user('erin'));
    expect(log).toEqual([['users', 'create', ['erin']]]);
  });

  it('put over an existing key emits update', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.put(user('alice'));
    expect(log).toEqual([['users', 'update', ['alice']]]);
  });

  it('update emits update', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.update('bob', { age: 26 });
    expect(log).toEqual([['users', 'update', ['bob']]]);
  });

  it('delete emits delete', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.delete('bob');
    expect(log).toEqual([['users', 'delete', ['bob']]]);
  });

  it('clear emits clear with no keys', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.clear();
    expect(log).toEqual([['users', 'clear', []]]);
  });

  it('update that changes the primary key emits delete of the old key, then create of the new one', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.update('bob', { id: 'robert' });
    expect(log).toEqual([
      ['users', 'delete', ['bob']],
      ['users', 'create', ['robert']],
    ]);
  });

  it('delivers events only to subscribers of the changed collection', () => {
    const db = seededStore();
    const log = recordEvents(db, ['posts', 'messages']);
    db.users.add(user('erin'));
    db.users.clear();
    expect(log).toEqual([]);
  });
});

describe('bulk operations emit at most one event per type', () => {
  it('bulkAdd emits one create with every key', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.bulkAdd([user('x'), user('y'), user('z')]);
    expect(normalised(log)).toEqual([['users', 'create', ['x', 'y', 'z']]]);
  });

  it('bulkPut of new and existing keys emits one create and one update', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.bulkPut([user('alice'), user('x'), user('bob'), user('y')]);
    expect(normalised(log)).toEqual([
      ['users', 'create', ['x', 'y']],
      ['users', 'update', ['alice', 'bob']],
    ]);
  });

  it('bulkPut does not list documents it left as they were', () => {
    const db = seededStore();
    const same = db.users.get('carol')!;
    const log = recordEvents(db);
    db.users.bulkPut([{ ...same, stats: { ...same.stats }, roles: [...same.roles], createdAt: day(3) }, user('x')]);
    expect(normalised(log)).toEqual([['users', 'create', ['x']]]);
  });

  it('bulkUpdate emits one update and does not list absent keys', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.bulkUpdate(['alice', 'nobody', 'bob'], { age: 1 });
    expect(normalised(log)).toEqual([['users', 'update', ['alice', 'bob']]]);
  });

  it('bulkUpdate does not list documents the changes left as they were', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.bulkUpdate(['alice', 'bob'], { age: 30 });
    expect(log).toEqual([['users', 'update', ['bob']]]);
  });

  it('bulkUpdate that changes primary keys emits one delete and one create', () => {
    const db = makeStore();
    db.things.bulkAdd([{ id: 1 }]);
    const log = recordEvents(db);
    db.things.bulkUpdate([1], { id: 2 });
    expect(log).toEqual([
      ['things', 'delete', [1]],
      ['things', 'create', [2]],
    ]);
  });

  it('bulkDelete emits one delete and does not list absent keys', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.bulkDelete(['alice', 'nobody', 'dave']);
    expect(normalised(log)).toEqual([['users', 'delete', ['alice', 'dave']]]);
  });

  it('query modify emits one update with every changed key', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.where('roles').equals('editor').modify({ stats: { level: 0, score: 0 } });
    expect(normalised(log)).toEqual([['users', 'update', ['alice', 'bob', 'dave']]]);
  });

  it('query delete emits one delete with every deleted key', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.where('stats.level').equals(3).delete();
    expect(normalised(log)).toEqual([['users', 'delete', ['alice', 'carol']]]);
  });

  it('lists every key once', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.bulkPut([user('x', { age: 1 }), user('x', { age: 2 }), user('alice'), user('alice', { age: 3 })]);
    expect(normalised(log)).toEqual([
      ['users', 'create', ['x']],
      ['users', 'update', ['alice']],
    ]);
  });
});

describe('operations that change nothing emit nothing', () => {
  const noops: [string, (db: ReturnType<typeof seededStore>) => unknown][] = [
    ['update with the same values', (db) => db.users.update('alice', { age: 30, roles: ['admin', 'editor'] })],
    ['update with no changes', (db) => db.users.update('alice', {})],
    ['update of an absent key', (db) => db.users.update('nobody', { age: 1 })],
    ['update removing a field that is missing', (db) => db.users.update('carol', { age: undefined })],
    ['put of a deep-equal document', (db) => db.users.put({ ...db.users.get('bob')!, stats: { level: 1, score: 5 } })],
    ['delete of an absent key', (db) => db.users.delete('nobody')],
    ['bulkDelete of absent keys', (db) => db.users.bulkDelete(['nobody', 'none'])],
    ['bulkUpdate of absent keys', (db) => db.users.bulkUpdate(['nobody'], { age: 1 })],
    ['bulkAdd of nothing', (db) => db.users.bulkAdd([])],
    ['bulkPut of nothing', (db) => db.users.bulkPut([])],
    ['modify that matches nothing', (db) => db.users.where('age').above(100).modify({ age: 1 })],
    ['modify that changes nothing', (db) => db.users.where('age').equals(30).modify({ age: 30 })],
    ['query delete that matches nothing', (db) => db.users.where('age').above(100).delete()],
    ['clear of an empty collection', (db) => db.things.clear()],
    ['an empty transaction', (db) => db.transaction(() => 1)],
    ['a transaction that adds and deletes the same key', (db) =>
      db.transaction(() => {
        db.users.add(user('tmp'));
        db.users.delete('tmp');
      })],
    ['a transaction that changes a document and changes it back', (db) =>
      db.transaction(() => {
        db.users.update('alice', { age: 99 });
        db.users.update('alice', { age: 30 });
      })],
  ];
  for (const [label, run] of noops) {
    it(label, () => {
      const db = seededStore();
      const log = recordEvents(db);
      run(db);
      expect(log).toEqual([]);
    });
  }

  it('a failed write emits nothing', () => {
    const db = seededStore();
    const log = recordEvents(db);
    catchError(() => db.users.add(user('alice')));
    catchError(() => db.users.bulkAdd([user('x'), user('bob')]));
    catchError(() => db.users.update('bob', { id: 'alice' }));
    catchError(() => db.users.put(user('y', { email: {} as never })));
    expect(log).toEqual([]);
  });
});

describe('delivery', () => {
  it('delivers the event synchronously, before the write returns, with the change complete', () => {
    const db = seededStore();
    const seen: unknown[] = [];
    db.users.subscribe((type, keys) => {
      seen.push([type, keys, db.users.get(keys[0])?.age, db.users.count()]);
    });
    db.users.update('bob', { age: 77 });
    expect(seen).toEqual([['update', ['bob'], 77, 4]]);
  });

  it('delivers events in the order the changes happened', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.users.add(user('x'));
    db.posts.delete(1);
    db.users.update('x', { age: 2 });
    db.messages.clear();
    db.users.delete('x');
    expect(log).toEqual([
      ['users', 'create', ['x']],
      ['posts', 'delete', [1]],
      ['users', 'update', ['x']],
      ['messages', 'clear', []],
      ['users', 'delete', ['x']],
    ]);
  });

  it('applies a write made by a subscriber at once and delivers its event after the current one', () => {
    const db = seededStore();
    const first: string[] = [];
    const second: string[] = [];
    let seenInside: boolean | undefined;
    db.users.subscribe((type, keys) => {
      first.push(`${type}:${keys.join(',')}`);
      if (type === 'create' && keys[0] === 'a') {
        db.users.add(user('b'));
        seenInside = db.users.has('b');
      }
    });
    db.users.subscribe((type, keys) => {
      second.push(`${type}:${keys.join(',')}`);
    });
    db.users.add(user('a'));
    expect(seenInside).toBe(true);
    expect(first).toEqual(['create:a', 'create:b']);
    expect(second).toEqual(['create:a', 'create:b']);
  });

  it('gives every subscriber of every collection the same global order with cascading writes', () => {
    const db = seededStore();
    const logs: string[][] = [[], [], []];
    // A user creation makes a post; a post creation updates the user: a cascade across collections.
    db.users.subscribe((type, keys) => {
      logs[0].push(`users.${type}:${keys.join(',')}`);
      if (type === 'create') db.posts.add({ id: 100, userId: keys[0] as string, title: 'welcome', tags: [], published: false, createdAt: day(1) });
    });
    db.posts.subscribe((type, keys) => {
      logs[1].push(`posts.${type}:${keys.join(',')}`);
      if (type === 'create') db.users.update('erin', { age: 1 });
    });
    const all: string[] = [];
    db.users.subscribe((type, keys) => {
      logs[2].push(`users.${type}:${keys.join(',')}`);
      all.push(`users.${type}`);
    });
    db.posts.subscribe((type) => {
      all.push(`posts.${type}`);
    });
    db.users.add(user('erin'));
    expect(all).toEqual(['users.create', 'posts.create', 'users.update']);
    expect(logs[0]).toEqual(['users.create:erin', 'users.update:erin']);
    expect(logs[2]).toEqual(logs[0]);
    expect(logs[1]).toEqual(['posts.create:100']);
    expect(db.users.get('erin')!.age).toBe(1);
  });

  it('returns from the write only after the events of its cascade are delivered', () => {
    const db = seededStore();
    const order: string[] = [];
    db.users.subscribe((type, keys) => {
      order.push(`event ${type} ${keys.join(',')}`);
      if (keys[0] === 'a') db.users.add(user('b'));
    });
    db.users.add(user('a'));
    order.push('returned');
    expect(order).toEqual(['event create a', 'event create b', 'returned']);
  });

  it('gives subscribers the keys as an array they cannot change for the others', () => {
    const db = seededStore({ onError: () => {} });
    const seen: Key[][] = [];
    db.users.subscribe((_type, keys) => {
      try {
        (keys as Key[]).push('intruder');
      } catch {
        // A frozen array is fine too.
      }
    });
    db.users.subscribe((_type, keys) => {
      seen.push([...keys]);
    });
    db.users.add(user('x'));
    expect(seen).toEqual([['x']]);
  });

  it('calls a subscriber added during delivery from the next event on', () => {
    const db = seededStore();
    const late: string[] = [];
    let added = false;
    db.users.subscribe(() => {
      if (added) return;
      added = true;
      db.users.subscribe((type) => {
        late.push(type);
      });
    });
    db.users.add(user('x'));
    db.users.delete('x');
    expect(late).toEqual(['delete']);
  });
});

describe('unsubscribing', () => {
  it('stops events through the function subscribe returned', () => {
    const db = seededStore();
    const types: ChangeType[] = [];
    const stop = db.users.subscribe((type) => {
      types.push(type);
    });
    db.users.add(user('x'));
    stop();
    db.users.delete('x');
    expect(types).toEqual(['create']);
  });

  it('stops events through collection.unsubscribe(listener)', () => {
    const db = seededStore();
    const types: ChangeType[] = [];
    const listener = (type: ChangeType) => {
      types.push(type);
    };
    db.users.subscribe(listener);
    db.users.add(user('x'));
    db.users.unsubscribe(listener);
    db.users.delete('x');
    expect(types).toEqual(['create']);
  });

  it('leaves other subscribers subscribed', () => {
    const db = seededStore();
    const a: ChangeType[] = [];
    const b: ChangeType[] = [];
    const stop = db.users.subscribe((type) => {
      a.push(type);
    });
    db.users.subscribe((type) => {
      b.push(type);
    });
    stop();
    db.users.add(user('x'));
    expect(a).toEqual([]);
    expect(b).toEqual(['create']);
  });

  it('is harmless when repeated or for a listener never subscribed', () => {
    const db = seededStore();
    const stop = db.users.subscribe(() => {});
    stop();
    expect(() => stop()).not.toThrow();
    expect(() => db.users.unsubscribe(() => {})).not.toThrow();
  });

  it('rejects a subscriber that is not a function with INVALID_ARGUMENT', () => {
    const db = seededStore();
    expectRamifyError(() => db.users.subscribe('listener' as never), 'INVALID_ARGUMENT', ['users', 'listener']);
  });
});

describe('subscriber errors', () => {
  it('a throwing subscriber does not stop the write or the other subscribers; onError gets the error', () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const boom = new Error('boom');
    const seen: string[] = [];
    db.users.subscribe(() => {
      throw boom;
    });
    db.users.subscribe((type, keys) => {
      seen.push(`${type}:${keys.join(',')}`);
    });
    expect(db.users.add(user('x'))).toBe('x');
    expect(db.users.get('x')).toBeDefined();
    expect(seen).toEqual(['create:x']);
    expect(errors).toEqual([boom]);
  });

  it('a subscriber whose promise rejects does not stop anything; onError gets the reason', async () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const reason = new Error('async boom');
    const seen: string[] = [];
    db.users.subscribe(async () => {
      await Promise.resolve();
      throw reason;
    });
    db.users.subscribe((type) => {
      seen.push(type);
    });
    expect(db.users.add(user('x'))).toBe('x');
    expect(seen).toEqual(['create']);
    await settle();
    expect(errors).toEqual([reason]);
    expect(db.users.has('x')).toBe(true);
  });

  it('a subscriber whose promise resolves reports nothing', async () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    db.users.subscribe(async () => {
      await Promise.resolve();
    });
    db.users.add(user('x'));
    await settle();
    expect(errors).toEqual([]);
  });

  it('the events after a throwing subscriber are still delivered to it and the others', () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const seen: ChangeType[] = [];
    db.users.subscribe((type) => {
      seen.push(type);
      if (type === 'create') throw new Error('first only');
    });
    db.users.add(user('x'));
    db.users.delete('x');
    expect(seen).toEqual(['create', 'delete']);
    expect(errors).toHaveLength(1);
  });

  it('an error thrown inside a transaction delivery goes to onError, not to the caller of transaction', () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const boom = new Error('boom');
    db.users.subscribe(() => {
      throw boom;
    });
    expect(db.transaction(() => db.users.add(user('x')))).toBe('x');
    expect(errors).toEqual([boom]);
  });

  it('an onError handler that throws does not break the write', () => {
    const db = seededStore({
      onError: () => {
        throw new Error('handler broken');
      },
    });
    db.users.subscribe(() => {
      throw new Error('boom');
    });
    expect(db.users.add(user('x'))).toBe('x');
    expect(db.users.has('x')).toBe(true);
  });

  it('uses the onError given to Ramify when createStore gets none', () => {
    const errors: unknown[] = [];
    const db = new Ramify({ onError: (e) => errors.push(e) }).createStore<AppSchema>(appDefinitions());
    const boom = new Error('boom');
    db.users.subscribe(() => {
      throw boom;
    });
    db.users.add(user('x'));
    expect(errors).toEqual([boom]);
  });

  it('prefers the onError given to createStore over the one given to Ramify', () => {
    const ramifyErrors: unknown[] = [];
    const storeErrors: unknown[] = [];
    const db = new Ramify({ onError: (e) => ramifyErrors.push(e) }).createStore<AppSchema>(appDefinitions(), {
      onError: (e) => storeErrors.push(e),
    });
    db.users.subscribe(() => {
      throw new Error('boom');
    });
    db.users.add(user('x'));
    expect(ramifyErrors).toEqual([]);
    expect(storeErrors).toHaveLength(1);
  });

  it('rejects an onError that is not a function with INVALID_ARGUMENT', () => {
    expectRamifyError(() => new Ramify().createStore<AppSchema>(appDefinitions(), { onError: 'log' as never }), 'INVALID_ARGUMENT', [
      'onError',
      'log',
    ]);
  });

  it('reports to console.error by default', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const db = makeStore();
    const boom = new Error('boom');
    db.users.subscribe(() => {
      throw boom;
    });
    db.users.add(user('x'));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]).toContain(boom);
  });
});

describe('store.delete()', () => {
  it('empties every collection', () => {
    const db = seededStore();
    db.things.add({ id: 1 });
    db.delete();
    expect([db.users.count(), db.posts.count(), db.messages.count(), db.things.count()]).toEqual([0, 0, 0, 0]);
    expect(db.users.where('roles').equals('editor').count()).toBe(0);
  });

  it('emits one clear event per collection', () => {
    const db = seededStore();
    db.things.add({ id: 1 });
    const log = recordEvents(db);
    db.delete();
    expect([...log].sort()).toEqual([
      ['messages', 'clear', []],
      ['posts', 'clear', []],
      ['things', 'clear', []],
      ['users', 'clear', []],
    ]);
  });

  it('emits nothing for a collection that was already empty', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.delete();
    expect(log.map(([name]) => name).sort()).toEqual(['messages', 'posts', 'users']);
  });

  it('leaves the store usable', () => {
    const db = seededStore();
    db.delete();
    expect(db.users.add(user('alice'))).toBe('alice');
    expect(db.users.where('name').equals('alice').keys()).toEqual(['alice']);
  });
});
