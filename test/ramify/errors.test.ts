import { readFileSync } from 'node:fs';
import { describe, it, expect, expectTypeOf } from 'vitest';
import { RamifyError, isRamifyError, type BridgeErrorCode, type ErrorCode, type PersistenceErrorCode, type RamifyErrorCode } from '@ramify-db/core';
import { ERROR_CODES } from '@ramify-db/core/internal';
import { catchError, createUntyped, expectRamifyError, expectUnchanged, seededStore, snapshot, type AppStore, type User } from './fixtures';

function erin(extra: Partial<User> = {}): User {
  return { id: 'erin', name: 'Erin', email: 'erin@x', roles: [], stats: { level: 1, score: 0 }, ...extra };
}

/**
 * One representative bad input per error code: the call, the code, and what the error must name
 * (collection, field, value) both in its message and in its properties.
 */
const cases: {
  code: string;
  label: string;
  run: (db: AppStore) => unknown;
  collection: string;
  field?: string;
  value: unknown;
  mentions: (string | RegExp)[];
}[] = [
  {
    code: 'INVALID_KEY',
    label: 'a NaN primary key',
    run: (db) => db.users.add(erin({ id: NaN as unknown as string })),
    collection: 'users',
    field: 'id',
    value: NaN,
    mentions: ['users', /\bid\b/, 'NaN'],
  },
  {
    code: 'DUPLICATE_KEY',
    label: 'an existing primary key',
    run: (db) => db.users.add(erin({ id: 'bob' })),
    collection: 'users',
    field: 'id',
    value: 'bob',
    mentions: ['users', /\bid\b/, 'bob'],
  },
  {
    code: 'NOT_INDEXED',
    label: 'where() on a field that is not indexed',
    run: (db) => db.posts.where('title' as never),
    collection: 'posts',
    field: 'title',
    value: 'title',
    mentions: ['posts', 'title', 'userId'],
  },
  {
    code: 'INVALID_INDEX_VALUE',
    label: 'an object in a plain index',
    run: (db) => db.posts.update(1, { userId: { name: 'x' } as unknown as string }),
    collection: 'posts',
    field: 'userId',
    value: { name: 'x' },
    mentions: ['posts', 'userId', 'name'],
  },
  {
    code: 'INVALID_QUERY',
    label: 'a bad query description',
    run: (db) => db.users.query({ collection: 'users', where: [{ path: 'age', op: 'near' as never, args: [1] }] }),
    collection: 'users',
    field: 'age',
    value: 'near',
    mentions: ['users', 'age', 'near'],
  },
  {
    code: 'INVALID_DOCUMENT',
    label: 'a function inside a document',
    run: (db) => db.things.add({ id: 'x', payload: { onClick: () => 1 } }),
    collection: 'things',
    field: 'payload.onClick',
    value: expect.any(Function),
    mentions: ['things', 'payload.onClick', /function/],
  },
  {
    code: 'INVALID_ARGUMENT',
    label: 'a bulk operation given something other than an array',
    run: (db) => db.users.bulkPut('erin' as never),
    collection: 'users',
    value: 'erin',
    mentions: ['users', 'bulkPut', 'erin'],
  },
];

describe('every error the core throws', () => {
  for (const c of cases) {
    it(`${c.code}: ${c.label} is a RamifyError naming collection, field and value, and changes nothing`, () => {
      const db = seededStore();
      const before = snapshot(db);
      const error = expectRamifyError(() => c.run(db), c.code, c.mentions);
      expect(error.name).toBe('RamifyError');
      expect(error.code).toBe(c.code);
      expect(error.collection).toBe(c.collection);
      if (c.field !== undefined) expect(error.field).toBe(c.field);
      expect({ value: error.value }).toEqual({ value: c.value });
      expect(isRamifyError(error)).toBe(true);
      expectUnchanged(db, before);
    });
  }

  it('UNIQUE_VIOLATION: a value a unique index already holds', () => {
    const db = createUntyped({ accounts: { primaryKey: 'id', unique: ['email'] } }) as unknown as {
      accounts: { add(d: object): unknown; count(): number };
    };
    db.accounts.add({ id: 'a', email: 'x@y' });
    const error = expectRamifyError(() => db.accounts.add({ id: 'b', email: 'x@y' }), 'UNIQUE_VIOLATION', ['accounts', 'email', 'x@y']);
    expect(error).toMatchObject({ collection: 'accounts', field: 'email', value: 'x@y' });
    expect(db.accounts.count()).toBe(1);
  });

  it('INVALID_SCHEMA: an invalid definition', () => {
    const error = expectRamifyError(
      () => createUntyped({ users: { primaryKey: 'id', indexes: ['email', 'email'] } }),
      'INVALID_SCHEMA',
      ['users', 'email'],
    );
    expect(error).toMatchObject({ collection: 'users', field: 'email' });
  });

  it('keeps code, collection, field and value when a bulk operation wraps the error with position and key', () => {
    const db = seededStore();
    const error = expectRamifyError(
      () => db.posts.bulkAdd([{ id: 10, userId: 'a', title: 't', tags: [], published: true, createdAt: new Date(0) }, { id: 11, userId: 'b', title: 't', tags: [{}] as never, published: true, createdAt: new Date(0) }]),
      'INVALID_INDEX_VALUE',
      ['posts', 'tags', /\b1\b/, '11'],
    );
    expect(error).toMatchObject({ code: 'INVALID_INDEX_VALUE', collection: 'posts', field: 'tags', index: 1, key: 11 });
    expect(error).toBeInstanceOf(RamifyError);
  });

  it('names the position and key of the refused item of a failed bulkPut, typed on the error', () => {
    const db = seededStore();
    const error = catchError(() => db.users.bulkPut([erin(), erin({ id: 'frank', stats: { level: {} as never, score: 0 } })]));
    if (!isRamifyError(error)) throw new Error('expected a RamifyError');
    expectTypeOf(error.index).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.key).toEqualTypeOf<unknown>();
    expect([error.code, error.index, error.key]).toEqual(['INVALID_INDEX_VALUE', 1, 'frank']);
  });

  it('is thrown synchronously by the call that got the bad input', () => {
    const db = seededStore();
    let thrown: unknown;
    try {
      db.users.add(erin({ id: 'alice' }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RamifyError);
  });
});

describe('RamifyError', () => {
  it('is an Error with a code, a message and optional details', () => {
    const cause = new Error('inner');
    const error = new RamifyError('PERSISTENCE_FAILED', 'could not write', { collection: 'users', field: 'email', value: 3, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(RamifyError);
    expect(error.name).toBe('RamifyError');
    expect(error.message).toBe('could not write');
    expect(error).toMatchObject({ code: 'PERSISTENCE_FAILED', collection: 'users', field: 'email', value: 3 });
    expect(error.cause).toBe(cause);
    expect(typeof error.stack).toBe('string');
  });

  it('takes only the codes of the layers as its code', () => {
    expectTypeOf<RamifyError['code']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<RamifyErrorCode | PersistenceErrorCode | BridgeErrorCode>().toEqualTypeOf<ErrorCode>();
    // @ts-expect-error a code no layer defines
    expect(new RamifyError('NO_SUCH_CODE', 'x').code).toBe('NO_SUCH_CODE');
    // @ts-expect-error TIMEOUT is the bridge's, not the core's
    const core: RamifyErrorCode = 'TIMEOUT';
    expect(core).toBe('TIMEOUT');
  });

  it('lists every code once per layer, the core first', () => {
    expect(Object.keys(ERROR_CODES)).toEqual(['core', 'persistence', 'bridge']);
    for (const codes of Object.values(ERROR_CODES)) expect(new Set(codes).size).toBe(codes.length);
    expect(ERROR_CODES.core).toContain('READ_ONLY');
    expect([...ERROR_CODES.persistence, ...ERROR_CODES.bridge].filter((code) => (ERROR_CODES.core as readonly string[]).includes(code))).toEqual([]);
  });

  it('are listed in the README, each with the layers that throw it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('## Ramify Reading List'));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| ([a-z, ]+) \|/gm)].map(([, code, layers]) => [code, layers.split(', ')] as const);
    const layersOf = (code: string) => Object.entries(ERROR_CODES).filter(([, codes]) => (codes as readonly string[]).includes(code)).map(([layer]) => layer);
    expect(rows.map(([code]) => code).sort()).toEqual([...new Set(Object.values(ERROR_CODES).flat())].sort());
    for (const [code, layers] of rows) expect(layers, code).toEqual(expect.arrayContaining(layersOf(code)));
  });

  it('works without details', () => {
    const error = new RamifyError('TIMEOUT', 'too slow');
    expect(error.code).toBe('TIMEOUT');
    expect(error.collection).toBeUndefined();
    expect(error.field).toBeUndefined();
    expect(error.value).toBeUndefined();
  });

  it('isRamifyError tells RamifyErrors from other values', () => {
    expect(isRamifyError(new RamifyError('INTERNAL', 'x'))).toBe(true);
    expect(isRamifyError(new Error('x'))).toBe(false);
    expect(isRamifyError({ code: 'INVALID_KEY', message: 'fake' })).toBe(false);
    expect(isRamifyError(undefined)).toBe(false);
  });

  it('can be caught and branched on by code', () => {
    const db = seededStore();
    const error = catchError(() => db.users.add(erin({ id: 'alice' })));
    const outcome = isRamifyError(error) && error.code === 'DUPLICATE_KEY' ? 'exists' : 'other';
    expect(outcome).toBe('exists');
  });
});
