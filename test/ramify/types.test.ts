// Type-level tests: `tsc --noEmit` (part of `npm test`) checks them; every `@ts-expect-error` must
// meet an error. Lines that would also fail at run time sit in functions that are never called.
import { describe, it, expect, expectTypeOf } from 'vitest';
import {
  Ramify,
  liveQuery,
  type ChangeType,
  type Collection,
  type Doc,
  type DocOf,
  type Key,
  type KeyOf,
  type NestedKeyOf,
  type PathValue,
  type PkOf,
  type Query,
  type QueryJSON,
  type QueryJson,
  type Schema,
  type Store,
} from '@ramify-db/core';
import { appDefinitions, makeStore, type AppSchema, type Message, type Post, type User } from './fixtures';

const never = (fn: () => unknown) => fn;

describe('schema typing', () => {
  it('offers every dotted path into plain nested objects, and none into arrays or Dates', () => {
    expectTypeOf<NestedKeyOf<User>>().toEqualTypeOf<
      | 'id'
      | 'name'
      | 'email'
      | 'age'
      | 'roles'
      | 'stats'
      | 'stats.level'
      | 'stats.score'
      | 'profile'
      | 'profile.city'
      | 'profile.address'
      | 'profile.address.zip'
      | 'createdAt'
    >();
    expectTypeOf<NestedKeyOf<Message>>().toEqualTypeOf<
      'id' | 'senderId' | 'channelId' | 'createdAt' | 'tags' | 'mentions' | 'metadata' | 'metadata.priority' | 'metadata.readBy'
    >();
    expect(makeStore().messages.multiEntry).toContain('metadata.readBy');
  });

  it('accepts nested paths in indexes, multiEntry and unique', () => {
    const db = new Ramify().createStore<{ users: Schema<User, 'id'> }>({
      users: { primaryKey: 'id', indexes: ['stats.level', 'profile.address.zip'], multiEntry: ['roles'], unique: ['profile.city'] },
    });
    expect([...db.users.unique]).toEqual(['profile.city']);
  });

  it('rejects a path that does not exist on the document type', () => {
    never(() =>
      new Ramify().createStore<{ users: Schema<User, 'id'> }>({
        // @ts-expect-error 'nickname' is not a field of User
        users: { primaryKey: 'id', indexes: ['nickname'] },
      }),
    );
    never(() =>
      new Ramify().createStore<{ users: Schema<User, 'id'> }>({
        // @ts-expect-error 'stats.rank' is not a path of User
        users: { primaryKey: 'id', multiEntry: ['stats.rank'] },
      }),
    );
    expectTypeOf<'nickname'>().not.toExtend<NestedKeyOf<User>>();
  });

  it('rejects paths into arrays and Dates', () => {
    never(() =>
      new Ramify().createStore<{ users: Schema<User, 'id'> }>({
        // @ts-expect-error no paths into arrays
        users: { primaryKey: 'id', indexes: ['roles.length'] },
      }),
    );
    never(() =>
      new Ramify().createStore<{ users: Schema<User, 'id'> }>({
        // @ts-expect-error no paths into Dates
        users: { primaryKey: 'id', indexes: ['createdAt.getTime'] },
      }),
    );
    expectTypeOf<'roles.0'>().not.toExtend<NestedKeyOf<User>>();
  });

  it('requires the primary key to be a field of the document type', () => {
    // @ts-expect-error 'uuid' is not a key of User
    expectTypeOf<Schema<User, 'uuid'>>().not.toBeAny();
    never(() =>
      new Ramify().createStore<{ users: Schema<User, 'id'> }>({
        // @ts-expect-error the definition must name the declared primary key
        users: { primaryKey: 'email' },
      }),
    );
  });

  it('gives the type found at a path, with undefined when a step is optional', () => {
    expectTypeOf<PathValue<User, 'stats.level'>>().toEqualTypeOf<number>();
    expectTypeOf<PathValue<User, 'profile.address.zip'>>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PathValue<User, 'roles'>>().toEqualTypeOf<string[]>();
    expectTypeOf<PathValue<User, 'createdAt'>>().toEqualTypeOf<Date | undefined>();
  });

  it('extracts the document type and primary key from a schema', () => {
    expectTypeOf<DocOf<AppSchema['posts']>>().toEqualTypeOf<Post>();
    expectTypeOf<PkOf<AppSchema['posts']>>().toEqualTypeOf<'id'>();
  });
});

describe('store typing', () => {
  it('types each collection from its schema', () => {
    const db = makeStore();
    expectTypeOf(db).toEqualTypeOf<Store<AppSchema>>();
    expectTypeOf(db.users).toEqualTypeOf<Collection<User, 'id'>>();
    expectTypeOf(db.collections.posts).toEqualTypeOf<Collection<Post, 'id'>>();
    expectTypeOf(db.transaction(() => 42)).toEqualTypeOf<number>();
    expectTypeOf(db.delete).returns.toEqualTypeOf<void>();
    // @ts-expect-error no such collection
    never(() => db.comments);
    expect(db.users.collectionName).toBe('users');
  });

  it('types the store members next to the collections', () => {
    const db = new Ramify().createStore(appDefinitions());
    expectTypeOf(db.collections.users).toEqualTypeOf<Collection<User, 'id'>>();
    expectTypeOf(db.users.primaryKey).toEqualTypeOf<'id'>();
    expect(typeof db.transaction).toBe('function');
  });
});

describe('collection method typing', () => {
  const db = makeStore();

  it('returns documents typed Doc<T>, read-only at the top level', () => {
    expectTypeOf(db.users.get('alice')).toEqualTypeOf<Doc<User> | undefined>();
    expectTypeOf(db.users.toArray()).toEqualTypeOf<Doc<User>[]>();
    expectTypeOf(db.users.bulkGet(['a'])).toEqualTypeOf<(Doc<User> | undefined)[]>();
    expectTypeOf(db.posts.where('userId').equals('x').first()).toEqualTypeOf<Doc<Post> | undefined>();
    expectTypeOf(db.posts.where('userId').equals('x').toArray()).toEqualTypeOf<Doc<Post>[]>();
    never(() => {
      const doc = db.users.get('alice')!;
      // @ts-expect-error stored documents are read-only
      doc.name = 'x';
    });
    expect(db.users.get('alice')).toBeUndefined();
  });

  it('types keys by the primary key field', () => {
    expectTypeOf(db.users.add({ id: 'x', name: 'x', email: 'x', roles: [], stats: { level: 1, score: 1 } })).toEqualTypeOf<string>();
    expectTypeOf(db.posts.keys()).toEqualTypeOf<number[]>();
    expectTypeOf(db.users.where('roles').equals('a').keys()).toEqualTypeOf<string[]>();
    expectTypeOf(db.posts.bulkDelete([1])).toEqualTypeOf<(number | undefined)[]>();
    expectTypeOf(db.users.update('x', {})).toEqualTypeOf<string | undefined>();
    // @ts-expect-error post keys are numbers
    never(() => db.posts.get('1'));
    // @ts-expect-error user keys are strings
    never(() => db.users.delete(1));
  });

  it('checks documents and changes against the document type', () => {
    // @ts-expect-error a User needs name, email, roles and stats
    never(() => db.users.add({ id: 'x' }));
    // @ts-expect-error age is a number
    never(() => db.users.update('x', { age: 'old' }));
    // @ts-expect-error unknown field
    never(() => db.users.update('x', { nickname: 'x' }));
    expectTypeOf(db.users.update).parameter(1).toEqualTypeOf<Partial<User>>();
  });

  it('types change listeners with the collection key type', () => {
    db.posts.subscribe((type, keys) => {
      expectTypeOf(type).toEqualTypeOf<ChangeType>();
      expectTypeOf(keys).toEqualTypeOf<number[]>();
    });
    db.users.subscribe(async (_type, keys) => {
      expectTypeOf(keys).toEqualTypeOf<string[]>();
    });
    expectTypeOf<ChangeType>().toEqualTypeOf<'create' | 'update' | 'delete' | 'clear'>();
  });
});

describe('query typing', () => {
  const db = makeStore();

  it('accepts only the primary key and paths in where()', () => {
    expectTypeOf(db.users.where('stats.level').equals(3)).toEqualTypeOf<Query<User, 'id'>>();
    expectTypeOf(db.users.where('id').startsWith('a')).toEqualTypeOf<Query<User, 'id'>>();
    // @ts-expect-error not a path of User
    never(() => db.users.where('nickname'));
    // @ts-expect-error not a path into arrays
    never(() => db.users.where('roles.0'));
  });

  it('types operands by the value at the path', () => {
    db.users.where('age').equals(30);
    db.users.where('age').between(1, 2, true, false);
    db.users.where('createdAt').above(new Date(0));
    db.users.where('name').anyOf(['a', 'b']);
    // @ts-expect-error age is a number
    never(() => db.users.where('age').equals('thirty'));
    // @ts-expect-error name is a string
    never(() => db.users.where('name').anyOf([1]));
    // @ts-expect-error createdAt is a Date
    never(() => db.users.where('createdAt').above('2024'));
    // @ts-expect-error stats.level is a number
    never(() => db.users.where('stats.level').below('high'));
    // @ts-expect-error startsWith takes a string
    never(() => db.users.where('email').startsWith(1));
    expect(db.users.where('age').equals(30).count()).toBe(0);
  });

  it('types operands of a multiEntry path by the element type', () => {
    db.users.where('roles').equals('admin');
    db.users.where('roles').equals(['admin', 'editor']);
    db.users.where('roles').allOf(['admin']);
    // @ts-expect-error elements are strings
    never(() => db.users.where('roles').anyOf([1]));
    expectTypeOf(db.users.where('roles').anyOf).parameter(0).toEqualTypeOf<readonly string[]>();
  });

  it('types criteria objects by path', () => {
    db.users.where({ 'stats.level': 3, roles: 'admin', age: [1, 2] });
    // @ts-expect-error age is a number
    never(() => db.users.where({ age: 'x' }));
    // @ts-expect-error not a path of User
    never(() => db.users.where({ nickname: 'x' }));
  });

  it('types sortBy paths and chain results', () => {
    expectTypeOf(db.users.sortBy('stats.score').reverse().offset(1).limit(2)).toEqualTypeOf<Query<User, 'id'>>();
    // @ts-expect-error not a path of User
    never(() => db.users.sortBy('rank'));
    expectTypeOf(db.users.filter((u) => u.age! > 1).count()).toEqualTypeOf<number>();
    expectTypeOf(db.users.where('age').above(1).modify({ age: 2 })).toEqualTypeOf<string[]>();
    expectTypeOf(db.posts.where('id').above(1).delete()).toEqualTypeOf<number[]>();
    // @ts-expect-error modify changes follow the document type
    never(() => db.users.where('age').above(1).modify({ age: 'x' }));
  });

  it('types filter callbacks with the stored document type', () => {
    db.users.filter((u) => {
      expectTypeOf(u).toEqualTypeOf<Doc<User>>();
      return true;
    });
  });

  it('types JSON descriptions', () => {
    expectTypeOf(db.users.where('age').equals(1).toJSON()).toEqualTypeOf<QueryJson<User, 'id'>>();
    expectTypeOf(db.users.where('age').equals(1).toJSON()).toExtend<QueryJSON>();
    expectTypeOf(db.users.query).returns.toEqualTypeOf<Query<User, 'id'>>();
    const json: QueryJSON = { collection: 'users', where: [{ path: 'createdAt', op: 'above', args: [{ $date: 0 }, { $undefined: true }] }] };
    // @ts-expect-error op must be an operator
    const bad: QueryJSON = { collection: 'users', where: [{ path: 'age', op: 'near', args: [] }] };
    expect([json.collection, bad.collection]).toEqual(['users', 'users']);
  });

  it('types live query results', () => {
    const stop = liveQuery(
      () => db.posts.where('userId').equals('x').keys(),
      [db.posts],
      (keys) => {
        expectTypeOf(keys).toEqualTypeOf<number[]>();
      },
    );
    const stopObserve = db.users.sortBy('name').observe((docs) => {
      expectTypeOf(docs).toEqualTypeOf<Doc<User>[]>();
    });
    expectTypeOf(stop).toEqualTypeOf<() => void>();
    stop();
    stopObserve();
  });

  it('exposes Key as string | number', () => {
    expectTypeOf<Key>().toEqualTypeOf<string | number>();
  });
});

describe('fluent multi-clause queries', () => {
  const db = makeStore();

  it('types each and(path) by the path, as where(path)', () => {
    expectTypeOf(db.users.where('age').above(1).and('roles').anyOf(['admin']).and('name').startsWith('A')).toEqualTypeOf<Query<User, 'id'>>();
    expectTypeOf(db.users.where('age').above(1).and('stats.level').equals).parameter(0).toEqualTypeOf<number>();
    db.users.where({ roles: 'admin' }).and('createdAt').below(new Date(0)).sortBy('age').limit(3);
    // @ts-expect-error not a path of User
    never(() => db.users.where('age').above(1).and('nickname'));
    // @ts-expect-error age is a number
    never(() => db.users.where('name').equals('a').and('age').equals('thirty'));
    // @ts-expect-error roles holds strings
    never(() => db.users.where('name').equals('a').and('roles').anyOf([1]));
    expect(db.users.where('age').above(1).and('name').equals('x').count()).toBe(0);
  });
});

interface Visit {
  userId: string;
  day: number;
  at: Date;
  tags: string[];
  meta: { source: string };
}

type VisitSchema = { visits: Schema<Visit, ['userId', 'day']> };

describe('compound index and key typing', () => {
  const visits = () =>
    new Ramify().createStore<VisitSchema>({ visits: { primaryKey: ['userId', 'day'], indexes: [['meta.source', 'at']], unique: [['userId', 'at']] } }).visits;

  it('declares compound indexes and keys as arrays of paths', () => {
    never(() =>
      new Ramify().createStore<VisitSchema>({
        // @ts-expect-error 'meta.sorce' is not a path of Visit
        visits: { primaryKey: ['userId', 'day'], indexes: [['meta.sorce', 'at']] },
      }),
    );
    never(() =>
      new Ramify().createStore<VisitSchema>({
        // @ts-expect-error the definition must name the declared key fields
        visits: { primaryKey: ['day', 'userId'] },
      }),
    );
    // @ts-expect-error 'when' is not a field of Visit
    expectTypeOf<Schema<Visit, ['userId', 'when']>>().not.toBeAny();
    expect(visits().indexes).toEqual(['[meta.source+at]', '[userId+at]']);
  });

  it('types keys as tuples of the key fields', () => {
    const c = visits();
    expectTypeOf<KeyOf<Visit, ['userId', 'day']>>().toEqualTypeOf<readonly [string, number]>();
    expectTypeOf(c.add).returns.toEqualTypeOf<readonly [string, number]>();
    expectTypeOf(c.keys()).toEqualTypeOf<(readonly [string, number])[]>();
    c.subscribe((_type, keys) => {
      expectTypeOf(keys).toEqualTypeOf<(readonly [string, number])[]>();
    });
    expect(c.get(['u', 1])).toBeUndefined();
    // @ts-expect-error a key is the tuple, not one field
    never(() => c.get('u'));
    // @ts-expect-error day is a number
    never(() => c.delete(['u', 'monday']));
  });

  it('types compound operands as tuples of the parts, and ranges by starts of them', () => {
    const c = visits();
    expectTypeOf(c.where(['meta.source', 'at']).equals).parameter(0).toEqualTypeOf<Readonly<[string, Date]>>();
    c.where(['meta.source', 'at']).between(['web', new Date(0)], ['web', new Date(9)]);
    c.where(['meta.source', 'at']).above(['web']);
    c.where(['meta.source', 'at']).anyOf([['web', new Date(0)]]);
    c.where(['userId', 'day']).equals(['u', 1]);
    // @ts-expect-error at is a Date
    never(() => c.where(['meta.source', 'at']).equals(['web', 0]));
    // @ts-expect-error parts in the declared order only type as their own values
    never(() => c.where(['meta.source', 'at']).below([new Date(0)]));
    // @ts-expect-error not a path of Visit
    never(() => c.where(['meta.sorce', 'at']));
    // @ts-expect-error no startsWith on tuples
    never(() => c.where(['meta.source', 'at']).startsWith('w'));
    expect(c.where(['meta.source', 'at']).above(['web']).count()).toBe(0);
  });
});

describe('typed JSON descriptions', () => {
  const db = makeStore();

  it('accepts paths of the document and arguments of their types', () => {
    db.users.query({ collection: 'users', where: [{ path: 'age', op: 'between', args: [1, 9, true, true] }], sortBy: 'stats.score', limit: 2 });
    db.users.query({ collection: 'users', where: [{ path: 'createdAt', op: 'above', args: [{ $date: 0 }] }] });
    db.users.query({ collection: 'users', where: [{ path: 'roles', op: 'equals', args: [['a', 'b']] }, { path: 'age', op: 'equals', args: [{ $undefined: true }] }] });
    never(() => db.users.query({ collection: 'users', where: [{ path: ['stats.level', 'name'], op: 'equals', args: [[1, 'a']] }] }));
    expect(db.users.query({ collection: 'users', where: [{ path: 'name', op: 'startsWith', args: ['A'] }] }).count()).toBe(0);
  });

  it('rejects a typo in a path and arguments of the wrong type or number', () => {
    // @ts-expect-error 'nickname' is not a path of User
    never(() => db.users.query({ collection: 'users', where: [{ path: 'nickname', op: 'equals', args: ['x'] }] }));
    // @ts-expect-error age is a number
    never(() => db.users.query({ collection: 'users', where: [{ path: 'age', op: 'equals', args: ['thirty'] }] }));
    // @ts-expect-error a Date is encoded as { $date }
    never(() => db.users.query({ collection: 'users', where: [{ path: 'createdAt', op: 'above', args: [new Date(0)] }] }));
    // @ts-expect-error between takes two bounds
    never(() => db.users.query({ collection: 'users', where: [{ path: 'age', op: 'between', args: [1] }] }));
    // @ts-expect-error 'rank' is not a path of User
    never(() => db.users.query({ collection: 'users', where: [], sortBy: 'rank' }));
    // @ts-expect-error compound paths are paths of User too
    never(() => db.users.query({ collection: 'users', where: [{ path: ['stats.level', 'nick'], op: 'equals', args: [[1, 'a']] }] }));
  });

  it('still takes an untyped QueryJSON built as data, and gives a fluent query its typed JSON', () => {
    const data: QueryJSON = JSON.parse('{"collection":"users","where":[]}');
    expectTypeOf(db.users.query(data)).toEqualTypeOf<Query<User, 'id'>>();
    const json = db.users.where('age').above(1).and('name').equals('a').toJSON();
    expectTypeOf(json).toEqualTypeOf<QueryJson<User, 'id'>>();
    expectTypeOf(json).toExtend<QueryJSON>();
    expect(db.users.query(json).count()).toBe(0);
  });
});
