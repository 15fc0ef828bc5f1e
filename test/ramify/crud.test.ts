import { describe, it, expect } from 'vitest';
import {
  catchError,
  day,
  expectIndexesConsistent,
  expectRamifyError,
  expectUnchanged,
  idsOf,
  makeStore,
  normalised,
  recordEvents,
  sampleUsers,
  seededStore,
  snapshot,
  sortKeys,
  type User,
} from './fixtures';

function user(id: string, extra: Partial<User> = {}): User {
  return { id, name: id.toUpperCase(), email: `${id}@example.com`, roles: [], stats: { level: 1, score: 0 }, ...extra };
}

describe('add', () => {
  it('returns the key and stores a copy of the document', () => {
    const db = makeStore();
    expect(db.users.add(user('erin'))).toBe('erin');
    expect(db.users.get('erin')).toEqual(user('erin'));
    expect(db.users.count()).toBe(1);
  });

  it('returns number keys as numbers', () => {
    const db = makeStore();
    expect(db.posts.add({ id: 7, userId: 'x', title: 't', tags: [], published: false, createdAt: day(1) })).toBe(7);
  });

  it('rejects an existing key with DUPLICATE_KEY and keeps the stored document', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.add(user('alice')), 'DUPLICATE_KEY', ['users', /\bid\b/, 'alice']);
    expectUnchanged(db, before);
  });
});

describe('put', () => {
  it('inserts a new document and returns its key', () => {
    const db = seededStore();
    expect(db.users.put(user('erin'))).toBe('erin');
    expect(db.users.get('erin')).toEqual(user('erin'));
    expect(db.users.count()).toBe(5);
  });

  it('replaces an existing document entirely, dropping fields the new one lacks', () => {
    const db = seededStore();
    expect(db.users.put(user('alice', { name: 'New' }))).toBe('alice');
    expect(db.users.get('alice')).toEqual(user('alice', { name: 'New' }));
    expect('profile' in db.users.get('alice')!).toBe(false);
    expect(db.users.count()).toBe(4);
  });
});

describe('get and has', () => {
  it('get returns the document or undefined', () => {
    const db = seededStore();
    expect(db.users.get('bob')).toEqual(sampleUsers()[1]);
    expect(db.users.get('nobody')).toBeUndefined();
  });

  it('has tells whether a key exists', () => {
    const db = seededStore();
    expect(db.users.has('bob')).toBe(true);
    expect(db.users.has('nobody')).toBe(false);
    expect(db.posts.has(1)).toBe(true);
    expect(db.posts.has('1' as unknown as number)).toBe(false);
  });
});

describe('update', () => {
  it('shallow-merges the changes and returns the key', () => {
    const db = seededStore();
    expect(db.users.update('bob', { name: 'Robert', stats: { level: 4, score: 0 } })).toBe('bob');
    expect(db.users.get('bob')).toEqual({ ...sampleUsers()[1], name: 'Robert', stats: { level: 4, score: 0 } });
  });

  it('replaces a nested object as a whole (shallow merge)', () => {
    const db = seededStore();
    db.users.update('alice', { profile: { city: 'Lyon' } });
    expect(db.users.get('alice')!.profile).toEqual({ city: 'Lyon' });
  });

  it('adds a field that was missing', () => {
    const db = seededStore();
    db.users.update('carol', { age: 50 });
    expect(db.users.get('carol')!.age).toBe(50);
  });

  it('removes a field whose change is undefined', () => {
    const db = seededStore();
    expect(db.users.update('alice', { age: undefined, profile: undefined })).toBe('alice');
    const alice = db.users.get('alice')!;
    expect('age' in alice).toBe(false);
    expect('profile' in alice).toBe(false);
    expect(Object.keys(alice).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'roles', 'stats']);
    expect(db.users.where('age').equals(undefined).keys().sort()).toEqual(['alice', 'carol']);
  });

  it('removing a field that is already missing changes nothing', () => {
    const db = seededStore();
    const carol = db.users.get('carol');
    const log = recordEvents(db);
    expect(db.users.update('carol', { age: undefined })).toBe('carol');
    expect(db.users.get('carol')).toBe(carol);
    expect(log).toEqual([]);
  });

  it('returns undefined for an absent key and writes nothing', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    expect(db.users.update('nobody', { name: 'x' })).toBeUndefined();
    expectUnchanged(db, before);
    expect(log).toEqual([]);
  });

  it('moves the document when the primary key changes and returns the new key', () => {
    const db = seededStore();
    expect(db.users.update('bob', { id: 'robert' })).toBe('robert');
    expect(db.users.get('bob')).toBeUndefined();
    expect(db.users.has('bob')).toBe(false);
    expect(db.users.get('robert')).toEqual({ ...sampleUsers()[1], id: 'robert' });
    expect(db.users.count()).toBe(4);
    expect(db.users.where('name').equals('Bob').keys()).toEqual(['robert']);
    expectIndexesConsistent(db.users);
  });

  it('changes the primary key and other fields at once', () => {
    const db = seededStore();
    expect(db.users.update('bob', { id: 'robert', name: 'Robert' })).toBe('robert');
    expect(db.users.get('robert')).toEqual({ ...sampleUsers()[1], id: 'robert', name: 'Robert' });
  });

  it('rejects a primary key change to a taken key with DUPLICATE_KEY and changes nothing', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.update('bob', { id: 'alice' }), 'DUPLICATE_KEY', ['users', /\bid\b/, 'alice']);
    expectUnchanged(db, before);
  });

  it('rejects a primary key change to an invalid key with INVALID_KEY and changes nothing', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.update('bob', { id: NaN as unknown as string }), 'INVALID_KEY', ['users', /\bid\b/, 'NaN']);
    expectRamifyError(() => db.users.update('bob', { id: undefined }), 'INVALID_KEY', ['users', /\bid\b/, 'undefined']);
    expectUnchanged(db, before);
  });

  it('accepts the same primary key in the changes as no key change', () => {
    const db = seededStore();
    expect(db.users.update('bob', { id: 'bob', age: 26 })).toBe('bob');
    expect(db.users.get('bob')!.age).toBe(26);
  });

  it('rejects changes that are not an object', () => {
    const db = seededStore();
    const before = snapshot(db);
    for (const changes of [null, 'name', 5, ['x']]) {
      expectRamifyError(() => db.users.update('bob', changes as unknown as Partial<User>), 'INVALID_ARGUMENT', ['users', String(changes)]);
      expectRamifyError(() => db.users.bulkUpdate(['bob'], changes as unknown as Partial<User>), 'INVALID_ARGUMENT', ['users']);
    }
    expectUnchanged(db, before);
  });
});

describe('delete', () => {
  it('removes the document and returns its key', () => {
    const db = seededStore();
    expect(db.users.delete('bob')).toBe('bob');
    expect(db.users.get('bob')).toBeUndefined();
    expect(db.users.count()).toBe(3);
    expect(db.users.where('name').equals('Bob').count()).toBe(0);
  });

  it('returns undefined for an absent key', () => {
    const db = seededStore();
    expect(db.users.delete('nobody')).toBeUndefined();
    expect(db.users.count()).toBe(4);
  });

  it('lets a deleted key be added again', () => {
    const db = seededStore();
    db.users.delete('bob');
    expect(db.users.add(user('bob'))).toBe('bob');
    expect(db.users.get('bob')).toEqual(user('bob'));
  });
});

describe('bulkAdd', () => {
  it('adds every document and returns their keys in input order', () => {
    const db = makeStore();
    expect(db.users.bulkAdd([user('zed'), user('amy'), user('kim')])).toEqual(['zed', 'amy', 'kim']);
    expect(idsOf(db.users.toArray())).toEqual(['amy', 'kim', 'zed']);
  });

  it('accepts an empty array and writes nothing', () => {
    const db = seededStore();
    const log = recordEvents(db);
    expect(db.users.bulkAdd([])).toEqual([]);
    expect(db.users.count()).toBe(4);
    expect(log).toEqual([]);
  });

  it('writes nothing when one document has an existing key, naming its index and key', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    const error = expectRamifyError(() => db.users.bulkAdd([user('erin'), user('frank'), user('bob')]), 'DUPLICATE_KEY', [
      'users',
      /\b2\b/,
      'bob',
    ]);
    expect(error.value).toBe('bob');
    expectUnchanged(db, before);
    expect(log).toEqual([]);
  });

  it('writes nothing when a key repeats inside the batch, naming the second occurrence', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.bulkAdd([user('erin'), user('frank'), user('erin')]), 'DUPLICATE_KEY', [
      'users',
      /\b2\b/,
      'erin',
    ]);
    expectUnchanged(db, before);
  });

  it('writes nothing when one document has an invalid key, naming its index', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(
      () => db.users.bulkAdd([user('erin'), { ...user('x'), id: NaN as unknown as string }]),
      'INVALID_KEY',
      ['users', /\b1\b/, 'NaN'],
    );
    expectUnchanged(db, before);
  });

  it('writes nothing when one document has an invalid index value, naming its index and key', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(
      () => db.users.bulkAdd([user('erin'), user('frank'), user('gina'), user('hank', { email: {} as unknown as string })]),
      'INVALID_INDEX_VALUE',
      ['users', /\b3\b/, 'hank', 'email'],
    );
    expectUnchanged(db, before);
  });

  it('writes nothing when one document is not plain data, naming its index and key', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(
      () => db.things.bulkAdd([{ id: 'ok' }, { id: 'fn', payload: () => 1 }]),
      'INVALID_DOCUMENT',
      ['things', /\b1\b/, 'fn', 'payload'],
    );
    expectUnchanged(db, before);
  });

  it('rejects an argument that is not an array', () => {
    const db = seededStore();
    const before = snapshot(db);
    expect(() => db.users.bulkAdd(user('erin') as unknown as User[])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expectUnchanged(db, before);
  });
});

describe('bulkPut', () => {
  it('inserts new and replaces existing documents, returning keys in input order', () => {
    const db = seededStore();
    expect(db.users.bulkPut([user('bob', { name: 'B' }), user('erin')])).toEqual(['bob', 'erin']);
    expect(db.users.get('bob')).toEqual(user('bob', { name: 'B' }));
    expect(db.users.get('erin')).toEqual(user('erin'));
    expect(db.users.count()).toBe(5);
    expectIndexesConsistent(db.users);
  });

  it('keeps the last document when a key repeats inside the batch', () => {
    const db = makeStore();
    const log = recordEvents(db);
    expect(db.users.bulkPut([user('erin', { age: 1 }), user('erin', { age: 2 })])).toEqual(['erin', 'erin']);
    expect(db.users.get('erin')!.age).toBe(2);
    expect(db.users.count()).toBe(1);
    expect(db.users.where('age').equals(1).count()).toBe(0);
    expect(log).toEqual([['users', 'create', ['erin']]]);
  });

  it('writes nothing when one document is rejected, naming its index and key', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    expectRamifyError(
      () => db.users.bulkPut([user('bob', { name: 'B' }), user('erin', { roles: [{}] as unknown as string[] })]),
      'INVALID_INDEX_VALUE',
      ['users', /\b1\b/, 'erin', 'roles'],
    );
    expectUnchanged(db, before);
    expect(log).toEqual([]);
  });
});

describe('bulkGet', () => {
  it('returns documents in key order given, undefined where absent', () => {
    const db = seededStore();
    const [carol, none, alice, carolAgain] = db.users.bulkGet(['carol', 'nobody', 'alice', 'carol']);
    expect(carol).toBe(db.users.get('carol'));
    expect(none).toBeUndefined();
    expect(alice).toBe(db.users.get('alice'));
    expect(carolAgain).toBe(carol);
  });

  it('returns an empty array for no keys', () => {
    const db = seededStore();
    expect(db.users.bulkGet([])).toEqual([]);
  });
});

describe('bulkUpdate', () => {
  it('updates every present key and returns undefined for absent ones', () => {
    const db = seededStore();
    expect(db.users.bulkUpdate(['alice', 'nobody', 'carol'], { age: 60 })).toEqual(['alice', undefined, 'carol']);
    expect(db.users.get('alice')!.age).toBe(60);
    expect(db.users.get('carol')!.age).toBe(60);
    expect(db.users.get('nobody')).toBeUndefined();
    expect(db.users.where('age').equals(60).keys().sort()).toEqual(['alice', 'carol']);
  });

  it('returns the key of a document the changes leave as it was', () => {
    const db = seededStore();
    const alice = db.users.get('alice');
    expect(db.users.bulkUpdate(['alice', 'bob'], { age: 30 })).toEqual(['alice', 'bob']);
    expect(db.users.get('alice')).toBe(alice);
    expect(db.users.get('bob')!.age).toBe(30);
  });

  it('writes nothing when the changes are rejected', () => {
    const db = seededStore();
    const before = snapshot(db);
    const log = recordEvents(db);
    expectRamifyError(() => db.users.bulkUpdate(['alice', 'bob'], { name: {} as unknown as string }), 'INVALID_INDEX_VALUE', [
      'users',
      'name',
    ]);
    expectUnchanged(db, before);
    expect(log).toEqual([]);
  });

  it('writes nothing when moving several documents to one new primary key, naming the second', () => {
    const db = seededStore();
    const before = snapshot(db);
    expectRamifyError(() => db.users.bulkUpdate(['alice', 'bob'], { id: 'zed' }), 'DUPLICATE_KEY', ['users', 'zed', /\b1\b/]);
    expectUnchanged(db, before);
  });
});

describe('bulkDelete', () => {
  it('deletes present keys and returns undefined for absent ones', () => {
    const db = seededStore();
    expect(db.users.bulkDelete(['bob', 'nobody', 'dave'])).toEqual(['bob', undefined, 'dave']);
    expect(idsOf(db.users.toArray())).toEqual(['alice', 'carol']);
  });

  it('deletes a key listed twice once', () => {
    const db = seededStore();
    expect(db.users.bulkDelete(['bob', 'bob'])).toEqual(['bob', undefined]);
    expect(db.users.count()).toBe(3);
  });
});

describe('clear', () => {
  it('removes every document and empties every index', () => {
    const db = seededStore();
    expect(db.users.clear()).toBeUndefined();
    expect(db.users.count()).toBe(0);
    expect(db.users.toArray()).toEqual([]);
    expect(db.users.where('roles').equals('editor').toArray()).toEqual([]);
    expect(db.users.where('name').aboveOrEqual('').count()).toBe(0);
    expect(db.posts.count()).toBe(4);
  });

  it('allows adding the same keys again afterwards', () => {
    const db = seededStore();
    db.users.clear();
    expect(db.users.bulkAdd(sampleUsers())).toEqual(['alice', 'bob', 'carol', 'dave']);
    expectIndexesConsistent(db.users);
  });
});

describe('count, keys, has, toArray, each', () => {
  it('count returns the number of documents', () => {
    const db = seededStore();
    expect(db.users.count()).toBe(4);
    expect(db.things.count()).toBe(0);
  });

  it('keys returns every primary key', () => {
    const db = seededStore();
    expect(sortKeys(db.users.keys())).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(sortKeys(db.posts.keys())).toEqual([1, 2, 3, 4]);
  });

  it('toArray returns every stored document', () => {
    const db = seededStore();
    const all = db.users.toArray();
    expect(all).toHaveLength(4);
    expect([...all].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(sampleUsers());
  });

  it('toArray returns a fresh array the caller may change', () => {
    const db = seededStore();
    const all = db.users.toArray();
    all.pop();
    expect(db.users.toArray()).toHaveLength(4);
  });

  it('each calls back with every document and its key', () => {
    const db = seededStore();
    const seen: [string, string][] = [];
    db.users.each((doc, key) => {
      expect(db.users.get(key)).toBe(doc);
      seen.push([key, doc.name]);
    });
    expect(seen.sort()).toEqual([
      ['alice', 'Alice'],
      ['bob', 'Bob'],
      ['carol', 'Carol'],
      ['dave', 'Dave'],
    ]);
  });

  it('each does not call back for an empty collection', () => {
    const db = makeStore();
    let calls = 0;
    db.users.each(() => calls++);
    expect(calls).toBe(0);
  });

  it('keeps each working when the callback throws, by rethrowing the error', () => {
    const db = seededStore();
    const boom = new Error('boom');
    expect(catchError(() => db.users.each(() => {
      throw boom;
    }))).toBe(boom);
  });
});

describe('events of the collection methods', () => {
  it('emits exactly one event per write with the affected keys', () => {
    const db = seededStore();
    const log = recordEvents(db, ['users']);
    db.users.add(user('erin'));
    db.users.put(user('erin', { age: 1 }));
    db.users.update('erin', { age: 2 });
    db.users.delete('erin');
    db.users.bulkAdd([user('x'), user('y')]);
    db.users.bulkDelete(['x', 'y']);
    db.users.clear();
    expect(normalised(log)).toEqual([
      ['users', 'create', ['erin']],
      ['users', 'update', ['erin']],
      ['users', 'update', ['erin']],
      ['users', 'delete', ['erin']],
      ['users', 'create', ['x', 'y']],
      ['users', 'delete', ['x', 'y']],
      ['users', 'clear', []],
    ]);
  });
});
