import { describe, it, expect } from 'vitest';
import { liveQuery } from '@ramify-db/core';
import { day, expectRamifyError, seededStore, type User } from './fixtures';

function user(id: string, extra: Partial<User> = {}): User {
  return { id, name: id, email: `${id}@x`, roles: ['editor'], stats: { level: 1, score: 0 }, ...extra };
}

describe('liveQuery', () => {
  it('calls back with the first result at once, before returning', () => {
    const db = seededStore();
    const results: string[][] = [];
    const stop = liveQuery(
      () => db.users.where('roles').equals('admin').keys(),
      [db.users],
      (keys) => results.push(keys),
    );
    expect(results).toEqual([['alice']]);
    stop();
  });

  it('calls back again when a change alters the result', () => {
    const db = seededStore();
    const results: string[][] = [];
    liveQuery(() => db.users.sortBy('name').keys(), [db.users], (keys) => results.push(keys));
    db.users.add(user('aaron', { name: 'Aaron' }));
    db.users.delete('bob');
    expect(results).toEqual([
      ['alice', 'bob', 'carol', 'dave'],
      ['aaron', 'alice', 'bob', 'carol', 'dave'],
      ['aaron', 'alice', 'carol', 'dave'],
    ]);
  });

  it('calls back when a document in the result is replaced, comparing by identity', () => {
    const db = seededStore();
    const results: (readonly User[])[] = [];
    liveQuery(() => db.users.where('stats.level').equals(3).sortBy('id').toArray(), [db.users], (docs) => results.push(docs));
    db.users.update('alice', { age: 31 });
    expect(results).toHaveLength(2);
    expect(results[1][0]).toBe(db.users.get('alice'));
    expect(results[1][0].age).toBe(31);
  });

  it('does not call back when a change leaves the result as it was', () => {
    const db = seededStore();
    let calls = 0;
    liveQuery(() => db.users.where('roles').equals('admin').toArray(), [db.users], () => calls++);
    db.users.update('bob', { age: 99 });
    db.users.add(user('erin'));
    db.users.delete('dave');
    expect(calls).toBe(1);
  });

  it('does not call back for a write that changes nothing', () => {
    const db = seededStore();
    let runs = 0;
    let calls = 0;
    liveQuery(
      () => {
        runs++;
        return db.users.toArray();
      },
      [db.users],
      () => calls++,
    );
    db.users.update('alice', { age: 30 });
    db.users.put({ ...db.users.get('bob')!, stats: { level: 1, score: 5 } });
    expect(calls).toBe(1);
    expect(runs).toBe(1);
  });

  it('compares scalar results by value', () => {
    const db = seededStore();
    const counts: number[] = [];
    liveQuery(() => db.users.where('roles').equals('editor').count(), [db.users], (n) => counts.push(n));
    db.users.update('bob', { age: 1 });
    db.users.add(user('erin'));
    expect(counts).toEqual([3, 4]);
  });

  it('compares results by document identity, in order', () => {
    const db = seededStore();
    let calls = 0;
    liveQuery(() => db.users.sortBy('age').keys(), [db.users], () => calls++);
    db.users.update('bob', { age: 35 });
    expect(calls).toBe(2);
  });

  it('does not run for changes of collections it was not given', () => {
    const db = seededStore();
    let runs = 0;
    liveQuery(
      () => {
        runs++;
        return db.users.count();
      },
      [db.users],
      () => {},
    );
    db.posts.add({ id: 9, userId: 'x', title: 't', tags: [], published: true, createdAt: day(1) });
    db.messages.clear();
    expect(runs).toBe(1);
  });

  it('runs again for changes of any collection it was given', () => {
    const db = seededStore();
    const results: string[] = [];
    liveQuery(
      () => `${db.users.count()}/${db.posts.count()}`,
      [db.users, db.posts],
      (r) => results.push(r),
    );
    db.posts.delete(1);
    db.users.delete('bob');
    expect(results).toEqual(['4/4', '4/3', '3/3']);
  });

  it('calls back once for a transaction, after it returns', () => {
    const db = seededStore();
    const results: number[] = [];
    liveQuery(() => db.users.count(), [db.users], (n) => results.push(n));
    db.transaction(() => {
      db.users.add(user('x'));
      db.users.add(user('y'));
      db.users.delete('alice');
      expect(results).toEqual([4]);
    });
    expect(results).toEqual([4, 5]);
  });

  it('does not call back for a transaction that was rolled back', () => {
    const db = seededStore();
    let calls = 0;
    liveQuery(() => db.users.toArray(), [db.users], () => calls++);
    expect(() =>
      db.transaction(() => {
        db.users.add(user('x'));
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(calls).toBe(1);
  });

  it('stops calling back and running after unsubscribe', () => {
    const db = seededStore();
    let runs = 0;
    let calls = 0;
    const stop = liveQuery(
      () => {
        runs++;
        return db.users.count();
      },
      [db.users],
      () => calls++,
    );
    stop();
    db.users.add(user('x'));
    expect(runs).toBe(1);
    expect(calls).toBe(1);
    expect(() => stop()).not.toThrow();
  });

  it('stops when unsubscribed from inside its own callback', () => {
    const db = seededStore();
    const counts: number[] = [];
    const stop: () => void = liveQuery(
      () => db.users.count(),
      [db.users],
      (n) => {
        counts.push(n);
        if (n === 5) stop();
      },
    );
    db.users.add(user('x'));
    db.users.add(user('y'));
    expect(counts).toEqual([4, 5]);
  });

  it('sends an error thrown by run to onError and keeps watching', () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const boom = new Error('run failed');
    const results: number[] = [];
    liveQuery(
      () => {
        const n = db.users.count();
        if (n === 5) throw boom;
        return n;
      },
      [db.users],
      (n) => results.push(n),
    );
    db.users.add(user('x'));
    db.users.add(user('y'));
    expect(errors).toEqual([boom]);
    expect(results).toEqual([4, 6]);
  });

  it('sends an error thrown by the callback to onError; the write and other subscribers are unaffected', () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const boom = new Error('callback failed');
    let first = true;
    liveQuery(
      () => db.users.count(),
      [db.users],
      () => {
        if (first) {
          first = false;
          return;
        }
        throw boom;
      },
    );
    const seen: string[] = [];
    db.users.subscribe((type) => {
      seen.push(type);
    });
    expect(db.users.add(user('x'))).toBe('x');
    expect(seen).toEqual(['create']);
    expect(errors).toEqual([boom]);
  });

  it('rejects collections that are missing, empty or not collections with INVALID_ARGUMENT', () => {
    const db = seededStore();
    expectRamifyError(() => liveQuery(() => 1, [], () => {}), 'INVALID_ARGUMENT', [/collection/]);
    expectRamifyError(() => liveQuery(() => 1, ['users'] as never, () => {}), 'INVALID_ARGUMENT', ['users']);
    expectRamifyError(() => liveQuery(() => 1, db.users as never, () => {}), 'INVALID_ARGUMENT', [/collection/]);
  });

  it('rejects a run or callback that is not a function with INVALID_ARGUMENT', () => {
    const db = seededStore();
    expectRamifyError(() => liveQuery('run' as never, [db.users], () => {}), 'INVALID_ARGUMENT', ['run']);
    expectRamifyError(() => liveQuery(() => 1, [db.users], 'cb' as never), 'INVALID_ARGUMENT', ['cb']);
  });
});

describe('query.observe', () => {
  it('calls back with the current result at once', () => {
    const db = seededStore();
    const results: (readonly User[])[] = [];
    const stop = db.users.where('roles').equals('admin').observe((docs) => results.push(docs));
    expect(results).toEqual([[db.users.get('alice')]]);
    stop();
  });

  it('calls back when the result changes and not otherwise', () => {
    const db = seededStore();
    const results: string[][] = [];
    db.users
      .where('age')
      .above(26)
      .sortBy('age')
      .observe((docs) => results.push(docs.map((d) => d.id)));
    db.users.update('bob', { name: 'Robert' });
    db.users.update('bob', { age: 35 });
    db.users.update('carol', { name: 'C' });
    db.users.delete('dave');
    expect(results).toEqual([
      ['alice', 'dave'],
      ['alice', 'bob', 'dave'],
      ['alice', 'bob'],
    ]);
  });

  it('calls back when a document in the result changes', () => {
    const db = seededStore();
    const results: (readonly User[])[] = [];
    db.users.where('id').equals('alice').observe((docs) => results.push(docs));
    db.users.update('alice', { name: 'Alicia' });
    expect(results.map((docs) => docs[0].name)).toEqual(['Alice', 'Alicia']);
  });

  it('ignores changes of other collections', () => {
    const db = seededStore();
    let calls = 0;
    db.users.sortBy('name').observe(() => calls++);
    db.posts.clear();
    db.messages.delete('m-a');
    expect(calls).toBe(1);
  });

  it('stops after unsubscribe', () => {
    const db = seededStore();
    let calls = 0;
    const stop = db.users.sortBy('name').observe(() => calls++);
    stop();
    db.users.delete('alice');
    expect(calls).toBe(1);
  });

  it('works for a query rebuilt from JSON', () => {
    const db = seededStore();
    const results: number[] = [];
    const q = db.users.query(db.users.where('roles').equals('editor').toJSON());
    q.observe((docs) => results.push(docs.length));
    db.users.update('bob', { roles: [] });
    expect(results).toEqual([3, 2]);
  });

  it('sends an error thrown by the callback to onError', () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const boom = new Error('observer failed');
    let calls = 0;
    db.users.sortBy('name').observe(() => {
      calls++;
      if (calls === 2) throw boom;
    });
    expect(db.users.add(user('x'))).toBe('x');
    db.users.add(user('y'));
    expect(errors).toEqual([boom]);
    expect(calls).toBe(3);
  });

  it('sends an error thrown by a filter of the query to onError', () => {
    const errors: unknown[] = [];
    const db = seededStore({ onError: (e) => errors.push(e) });
    const boom = new Error('filter failed');
    const results: number[] = [];
    db.users
      .filter((u) => {
        if (u.id === 'x') throw boom;
        return true;
      })
      .observe((docs) => results.push(docs.length));
    db.users.add(user('x'));
    expect(errors).toEqual([boom]);
    expect(results).toEqual([4]);
  });
});
