import { describe, it, expect } from 'vitest';
import {
  catchError,
  day,
  expectIndexesConsistent,
  expectRamifyError,
  expectUnchanged,
  normalised,
  recordEvents,
  seededStore,
  snapshot,
  sortKeys,
  type User,
} from './fixtures';

function user(id: string, extra: Partial<User> = {}): User {
  return { id, name: id, email: `${id}@x`, roles: ['member'], stats: { level: 1, score: 0 }, ...extra };
}

const fail = new Error('abort');

/** Runs `fn` in a transaction that then throws, and checks the error comes back unchanged. */
function abort(db: ReturnType<typeof seededStore>, fn: () => void) {
  const error = catchError(() =>
    db.transaction(() => {
      fn();
      throw fail;
    }),
  );
  expect(error).toBe(fail);
}

describe('transaction results', () => {
  it('returns the result of the function', () => {
    const db = seededStore();
    expect(db.transaction(() => db.users.add(user('erin')))).toBe('erin');
    expect(db.transaction(() => ({ n: 1 }))).toEqual({ n: 1 });
    expect(db.transaction(() => undefined)).toBeUndefined();
  });

  it('runs the function synchronously, once', () => {
    const db = seededStore();
    let calls = 0;
    db.transaction(() => {
      calls++;
    });
    expect(calls).toBe(1);
  });

  it('lets reads and queries inside see the writes made so far', () => {
    const db = seededStore();
    db.transaction(() => {
      db.users.add(user('erin', { age: 50 }));
      expect(db.users.get('erin')!.age).toBe(50);
      expect(sortKeys(db.users.where('age').above(40).keys())).toEqual(['dave', 'erin']);
      expect(db.users.count()).toBe(5);
    });
  });

  it('keeps the writes when the function returns', () => {
    const db = seededStore();
    db.transaction(() => {
      db.users.add(user('erin'));
      db.posts.delete(1);
    });
    expect(db.users.has('erin')).toBe(true);
    expect(db.posts.has(1)).toBe(false);
  });

  it('rejects an argument that is not a function with INVALID_ARGUMENT', () => {
    const db = seededStore();
    expectRamifyError(() => db.transaction('x' as never), 'INVALID_ARGUMENT', [/transaction/]);
  });
});

describe('rollback when the function throws', () => {
  it('rethrows the very error, including values that are not Errors', () => {
    const db = seededStore();
    expect(catchError(() => db.transaction(() => {
      throw fail;
    }))).toBe(fail);
    let thrown: unknown;
    try {
      db.transaction(() => {
        throw 'plain string';
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe('plain string');
  });

  const changes: [string, (db: ReturnType<typeof seededStore>) => void][] = [
    ['add', (db) => db.users.add(user('erin'))],
    ['put of a new key', (db) => db.users.put(user('erin'))],
    ['put over an existing key', (db) => db.users.put(user('alice'))],
    ['update of a plain field', (db) => db.users.update('bob', { name: 'Robert' })],
    ['update of a nested indexed path', (db) => db.users.update('bob', { stats: { level: 9, score: 9 } })],
    ['update of a multiEntry field', (db) => db.users.update('alice', { roles: ['viewer'] })],
    ['update removing a field', (db) => db.users.update('alice', { age: undefined, profile: undefined })],
    ['update changing the primary key', (db) => db.users.update('alice', { id: 'ally' })],
    ['delete', (db) => db.users.delete('carol')],
    ['clear', (db) => db.users.clear()],
    ['bulkAdd', (db) => db.users.bulkAdd([user('x'), user('y')])],
    ['bulkPut', (db) => db.users.bulkPut([user('alice'), user('x')])],
    ['bulkUpdate', (db) => db.users.bulkUpdate(['alice', 'bob'], { age: 1 })],
    ['bulkDelete', (db) => db.users.bulkDelete(['alice', 'bob'])],
    ['query modify', (db) => db.users.where('roles').equals('editor').modify({ age: 2 })],
    ['query delete', (db) => db.users.where('roles').equals('editor').delete()],
    ['store.delete()', (db) => db.delete()],
  ];
  for (const [label, change] of changes) {
    it(`undoes ${label}, indexes included, and emits nothing`, () => {
      const db = seededStore();
      const before = snapshot(db);
      const log = recordEvents(db);
      abort(db, () => change(db));
      expectUnchanged(db, before);
      expectIndexesConsistent(db.users);
      expect(log).toEqual([]);
    });
  }

  it('undoes a sequence of changes to the same documents across collections', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    abort(db, () => {
      db.users.update('alice', { id: 'ally', age: 1 });
      db.users.update('ally', { roles: ['x'] });
      db.users.add(user('alice'));
      db.users.delete('bob');
      db.users.add(user('bob', { age: 3 }));
      db.posts.clear();
      db.posts.add({ id: 1, userId: 'ally', title: 'new', tags: ['t'], published: false, createdAt: day(1) });
      db.messages.where('senderId').equals('alice').modify({ senderId: 'ally' });
      db.messages.update('m-b', { id: 'm-z' });
    });
    expectUnchanged(db, before);
    expectIndexesConsistent(db.users);
    expectIndexesConsistent(db.posts);
    expectIndexesConsistent(db.messages);
    expect(log).toEqual([]);
  });

  it('undoes the changes when a write inside fails and the error is not caught', () => {
    const db = seededStore();
    const before = snapshot(db);
    const error = expectRamifyError(
      () =>
        db.transaction(() => {
          db.users.add(user('erin'));
          db.users.add(user('alice'));
        }),
      'DUPLICATE_KEY',
      ['users', 'alice'],
    );
    expect(error.code).toBe('DUPLICATE_KEY');
    expectUnchanged(db, before);
  });

  it('keeps the store usable after a rollback', () => {
    const db = seededStore();
    abort(db, () => db.users.add(user('erin')));
    expect(db.users.add(user('erin'))).toBe('erin');
    expect(db.users.where('roles').equals('member').keys()).toEqual(['erin']);
  });
});

describe('events of a transaction', () => {
  it('delivers nothing until the function returns', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('erin'));
      db.posts.delete(1);
      expect(log).toEqual([]);
    });
    expect(log).toHaveLength(2);
  });

  it('merges the events per collection and type', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('x'));
      db.users.add(user('y'));
      db.users.update('alice', { age: 1 });
      db.users.update('bob', { age: 1 });
      db.users.delete('carol');
      db.users.delete('dave');
    });
    expect(normalised(log)).toEqual([
      ['users', 'delete', ['carol', 'dave']],
      ['users', 'create', ['x', 'y']],
      ['users', 'update', ['alice', 'bob']],
    ]);
  });

  it('orders the events of a collection clear, delete, create, update', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.posts.update(1, { title: 'x' });
      db.posts.add({ id: 9, userId: 'a', title: 't', tags: [], published: true, createdAt: day(1) });
      db.posts.delete(2);
    });
    expect(log).toEqual([
      ['posts', 'delete', [2]],
      ['posts', 'create', [9]],
      ['posts', 'update', [1]],
    ]);
  });

  it('emits create only for a key created and then updated', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('x'));
      db.users.update('x', { age: 5 });
    });
    expect(log).toEqual([['users', 'create', ['x']]]);
  });

  it('emits update once for a key updated several times', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.update('alice', { age: 1 });
      db.users.update('alice', { age: 2 });
      db.users.put(user('alice'));
    });
    expect(log).toEqual([['users', 'update', ['alice']]]);
  });

  it('emits delete only for a key updated and then deleted', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.update('alice', { age: 1 });
      db.users.delete('alice');
    });
    expect(log).toEqual([['users', 'delete', ['alice']]]);
  });

  it('emits update for a key deleted and added again with different content', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.delete('alice');
      db.users.add(user('alice'));
    });
    expect(log).toEqual([['users', 'update', ['alice']]]);
  });

  it('emits create once for a key created, deleted and created again', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('x'));
      db.users.delete('x');
      db.users.add(user('y'));
      db.users.add(user('x', { age: 3 }));
    });
    expect(normalised(log)).toEqual([['users', 'create', ['x', 'y']]]);
    expect(db.users.get('x')!.age).toBe(3);
  });

  it('emits nothing for keys created and deleted, whatever took their places since', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('x'));
      db.users.delete('x');
      db.users.add(user('y'));
      db.users.update('y', { id: 'z' });
      db.users.delete('z');
    });
    expect(log).toEqual([]);
    expect(db.users.count()).toBe(4);
    expectIndexesConsistent(db.users);
  });

  it('emits delete and create for a primary key change', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.update('alice', { id: 'ally' });
      db.users.update('ally', { age: 3 });
    });
    expect(log).toEqual([
      ['users', 'delete', ['alice']],
      ['users', 'create', ['ally']],
    ]);
  });

  it('emits no delete or create for a primary key changed and changed back', () => {
    const db = seededStore();
    const log = recordEvents(db);
    const alice = db.users.get('alice');
    db.transaction(() => {
      db.users.update('alice', { id: 'ally' });
      db.users.update('ally', { id: 'alice' });
    });
    expect(db.users.get('alice')).toEqual(alice);
    expect(log.filter(([, type]) => type !== 'update')).toEqual([]);
  });

  it('emits clear, then create for the documents written after the clear', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.update('alice', { age: 1 });
      db.users.clear();
      db.users.add(user('x'));
      db.users.add(user('alice'));
    });
    expect(normalised(log)).toEqual([
      ['users', 'clear', []],
      ['users', 'create', ['alice', 'x']],
    ]);
  });

  it('emits only clear for documents added and then cleared', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('x'));
      db.users.clear();
    });
    expect(log).toEqual([['users', 'clear', []]]);
  });

  it('lists every key in at most one event per collection', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('x'));
      db.users.delete('x');
      db.users.add(user('x', { age: 9 }));
      db.users.update('bob', { age: 1 });
      db.users.bulkPut([user('bob'), user('y')]);
      db.users.bulkDelete(['y']);
    });
    expect(normalised(log)).toEqual([
      ['users', 'create', ['x']],
      ['users', 'update', ['bob']],
    ]);
  });

  it('delivers the events of each collection, with keys of that collection only', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('x'));
      db.posts.add({ id: 9, userId: 'x', title: 't', tags: [], published: true, createdAt: day(1) });
      db.users.delete('bob');
      db.messages.update('m-a', { tags: [] });
    });
    expect(normalised(log).sort()).toEqual([
      ['messages', 'update', ['m-a']],
      ['posts', 'create', [9]],
      ['users', 'create', ['x']],
      ['users', 'delete', ['bob']],
    ]);
  });

  it('delivers writes made by subscribers during delivery after the transaction events', () => {
    const db = seededStore();
    const log = recordEvents(db, ['users']);
    db.posts.subscribe((type, keys) => {
      if (type === 'create') db.users.update('alice', { age: keys.length });
    });
    db.transaction(() => {
      db.users.add(user('x'));
      db.posts.bulkAdd([
        { id: 8, userId: 'x', title: 't', tags: [], published: true, createdAt: day(1) },
        { id: 9, userId: 'x', title: 't', tags: [], published: true, createdAt: day(1) },
      ]);
    });
    expect(log).toEqual([
      ['users', 'create', ['x']],
      ['users', 'update', ['alice']],
    ]);
    expect(db.users.get('alice')!.age).toBe(2);
  });
});

describe('nested transactions', () => {
  it('delivers the inner transaction events when the outer one returns', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.transaction(() => {
        db.users.add(user('x'));
      });
      expect(log).toEqual([]);
      db.users.add(user('y'));
    });
    expect(normalised(log)).toEqual([['users', 'create', ['x', 'y']]]);
  });

  it('returns the inner result to the outer function', () => {
    const db = seededStore();
    expect(db.transaction(() => db.transaction(() => 'inner') + '+outer')).toBe('inner+outer');
  });

  it('undoes only the inner changes when the inner one throws and the outer catches it', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('kept'));
      const error = catchError(() =>
        db.transaction(() => {
          db.users.add(user('dropped'));
          db.users.update('kept', { age: 5 });
          db.users.delete('alice');
          throw fail;
        }),
      );
      expect(error).toBe(fail);
      expect(db.users.has('dropped')).toBe(false);
      expect(db.users.has('alice')).toBe(true);
      expect(db.users.get('kept')!.age).toBeUndefined();
    });
    expect(db.users.has('kept')).toBe(true);
    expect(db.users.has('dropped')).toBe(false);
    expect(db.users.has('alice')).toBe(true);
    expect(log).toEqual([['users', 'create', ['kept']]]);
    expectIndexesConsistent(db.users);
  });

  it('undoes documents the outer one created before and after an inner one, when the outer one throws', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    abort(db, () => {
      db.users.bulkAdd([user('a1'), user('a2')]);
      db.users.add(user('a3'));
      db.transaction(() => {
        db.users.update('a1', { age: 1 });
        db.users.delete('a2');
        db.users.add(user('b1'));
      });
      db.users.add(user('a2'));
      db.users.delete('bob');
    });
    expectUnchanged(db, before);
    expect(log).toEqual([]);
    expectIndexesConsistent(db.users);
  });

  it('emits the net events of documents created before and inside an inner one', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('a1'));
      db.users.add(user('a2'));
      db.transaction(() => {
        db.users.update('a1', { age: 1 });
        db.users.delete('a2');
        db.users.add(user('b1'));
      });
      db.users.add(user('a2', { age: 2 }));
    });
    expect(normalised(log)).toEqual([['users', 'create', ['a1', 'a2', 'b1']]]);
    expect(db.users.get('a1')!.age).toBe(1);
    expect(db.users.get('a2')!.age).toBe(2);
  });

  it('undoes the inner changes too when the outer one throws after the inner one returned', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    abort(db, () => {
      db.transaction(() => {
        db.users.add(user('x'));
        db.users.update('alice', { id: 'ally' });
      });
    });
    expectUnchanged(db, before);
    expect(log).toEqual([]);
  });
});

describe('a failing bulk operation', () => {
  it('undoes what a getter of one of its documents wrote to the store meanwhile', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    const sneaky = {
      ...user('sneaky'),
      get name() {
        db.users.delete('alice');
        db.users.add(user('planted'));
        return 'Sneaky';
      },
    };
    expectRamifyError(() => db.users.bulkAdd([user('n1'), sneaky, user('n2'), user('bob')]), 'DUPLICATE_KEY', ['users', 'bob']);
    expectUnchanged(db, before);
    expect(log).toEqual([]);
    expectIndexesConsistent(db.users);
  });
});

describe('a failing bulk operation inside a transaction', () => {
  it('writes nothing of the bulk operation and lets the transaction go on when caught', () => {
    const db = seededStore();
    const log = recordEvents(db);
    db.transaction(() => {
      db.users.add(user('before'));
      const error = catchError(() => db.users.bulkAdd([user('x'), user('y'), user('alice')]));
      expect(error.code).toBe('DUPLICATE_KEY');
      expect(db.users.has('x')).toBe(false);
      db.users.add(user('after'));
    });
    expect(sortKeys(db.users.keys())).toEqual(['after', 'alice', 'before', 'bob', 'carol', 'dave']);
    expect(normalised(log)).toEqual([['users', 'create', ['after', 'before']]]);
    expectIndexesConsistent(db.users);
  });

  it('leaves earlier writes of the transaction to the same documents in place', () => {
    const db = seededStore();
    db.transaction(() => {
      db.users.update('bob', { age: 50 });
      catchError(() => db.users.bulkUpdate(['bob', 'carol'], { id: 'same' }));
      expect(db.users.get('bob')!.age).toBe(50);
    });
    expect(db.users.get('bob')!.age).toBe(50);
    expect(db.users.has('same')).toBe(false);
    expectIndexesConsistent(db.users);
  });

  it('keeps a query modify that failed halfway from writing anything', () => {
    const db = seededStore();
    const before = snapshot(db);
    db.transaction(() => {
      const error = catchError(() => db.users.where('roles').equals('editor').modify({ id: 'one' }));
      expect(error.code).toBe('DUPLICATE_KEY');
    });
    expectUnchanged(db, before);
  });
});
