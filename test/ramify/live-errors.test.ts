// query.observe(callback, onError): a query that fails to run, the first time or after a change,
// goes to onError (default: the store's onError) and is run again at the next change.
import { describe, expect, it } from 'vitest';
import { expectRamifyError, seededStore, type User } from './fixtures';

function user(id: string, extra: Partial<User> = {}): User {
  return { id, name: id, email: `${id}@x`, roles: ['editor'], stats: { level: 1, score: 0 }, ...extra };
}

/** A filter that throws while `broken.now` is true. */
function breakable() {
  const broken = { now: false };
  const boom = new Error('filter failed');
  const filter = (u: User) => {
    if (broken.now) throw boom;
    return u.id !== 'bob';
  };
  return { broken, boom, filter };
}

// Sorted without a window, changes are applied to the last result; with a limit, it runs again.
describe.each(['incremental', 'rerun'] as const)('query.observe with an error callback (%s)', (path) => {
  const observe = (db: ReturnType<typeof seededStore>, filter: (u: User) => boolean, callback: (ids: string[]) => void, onError?: (error: unknown) => void) => {
    const query = path === 'incremental' ? db.users.filter(filter).sortBy('name') : db.users.filter(filter).sortBy('name').limit(10);
    return query.observe((docs) => callback(docs.map((d) => d.id)), onError);
  };

  it('calls onError, and not back, when the query fails the first time; then runs it again at the next change', () => {
    const db = seededStore();
    const { broken, boom, filter } = breakable();
    const results: string[][] = [];
    const errors: unknown[] = [];
    broken.now = true;
    observe(db, filter, (ids) => results.push(ids), (error) => errors.push(error));
    expect([results, errors]).toEqual([[], [boom]]);
    broken.now = false;
    db.users.update('alice', { age: 31 });
    expect(results).toEqual([['alice', 'carol', 'dave']]);
  });

  it('calls back with an empty first result once the query runs, after failing', () => {
    const db = seededStore();
    const { broken, filter } = breakable();
    const results: string[][] = [];
    broken.now = true;
    observe(db, (u) => filter(u) && u.id === 'nobody', (ids) => results.push(ids), () => {});
    broken.now = false;
    db.users.update('alice', { age: 31 });
    expect(results).toEqual([[]]);
  });

  it('calls onError when the query fails after a change, and gives the right result once it runs again', () => {
    const db = seededStore();
    const { broken, boom, filter } = breakable();
    const results: string[][] = [];
    const errors: unknown[] = [];
    observe(db, filter, (ids) => results.push(ids), (error) => errors.push(error));
    broken.now = true;
    db.users.add(user('aaron', { name: 'Aaron' }));
    expect(errors).toEqual([boom]);
    broken.now = false;
    db.users.delete('carol');
    expect(results).toEqual([
      ['alice', 'carol', 'dave'],
      ['aaron', 'alice', 'dave'],
    ]);
  });

  it("sends a failure to the store's onError when no onError is given", () => {
    const reported: unknown[] = [];
    const db = seededStore({ onError: (error) => reported.push(error) });
    const { broken, boom, filter } = breakable();
    broken.now = true;
    expect(() => observe(db, filter, () => {})).not.toThrow();
    expect(reported).toEqual([boom]);
  });

  it("sends an error thrown by the callback to the store's onError, not to the query's", () => {
    const reported: unknown[] = [];
    const errors: unknown[] = [];
    const db = seededStore({ onError: (error) => reported.push(error) });
    const thrown = new Error('render failed');
    observe(db, (u) => u.id !== 'bob', () => {
      throw thrown;
    }, (error) => errors.push(error));
    expect([reported, errors]).toEqual([[thrown], []]);
  });
});

describe('query.observe arguments', () => {
  it('refuses an onError that is not a function with INVALID_ARGUMENT', () => {
    const db = seededStore();
    expectRamifyError(() => db.users.sortBy('name').observe(() => {}, 'log' as never), 'INVALID_ARGUMENT', ['onError']);
    expectRamifyError(() => db.users.sortBy('name').limit(2).observe(() => {}, 5 as never), 'INVALID_ARGUMENT', ['onError']);
  });
});
