// The remote store's objects. A page has no schema at run time (only its type), so the store is a
// Proxy that hands out a remote collection for any name; the background refuses unknown ones.
// Queries are immutable descriptions, like the core's: every step returns a new one. Clause
// operands are encoded the way the core's query JSON expects ({ $date }, { $undefined }); the
// steps are checked by the background when the query runs, so a bad `limit(-1)` rejects the
// terminal call with the core's INVALID_QUERY.
import type { Collection, CompoundPath, Criteria, Doc, KeyOf, KeyPath, PathOf, PathValue, Query, QueryJSON, StoreMembers, StoreSchema, TupleValues } from '@ramify-db/core';
import { encodeValue } from '@ramify-db/core/internal';
import { COLLECTION_API, membersOf, OPERATORS, QUERY_API, type OperatorSpec, STORE_API, type CollectionCall, type QueryCall, type StoreCall } from './api';
import type { Link } from './link';
import type { WireQuery } from './protocol';
import type { RemoteCalls, RemoteChangeListener, RemoteCollection, RemoteCompoundWhereClause, RemoteQuery, RemoteStore, RemoteWhereClause } from './remote-types';

const STORE_CALLS = membersOf(STORE_API, 'call');
const COLLECTION_CALLS = membersOf(COLLECTION_API, 'call');
const QUERY_CALLS = membersOf(QUERY_API, 'call');
// Sound: the keys of a constant table are its names.
const OPERATOR_NAMES = Object.keys(OPERATORS) as (keyof typeof OPERATORS)[];

/** A record of one function per name. */
function byName<Names extends string, F>(names: readonly Names[], make: (name: Names) => F): Record<Names, F> {
  const out: Partial<Record<Names, F>> = {};
  for (const name of names) out[name] = make(name);
  // Sound: the loop gave every name its function.
  return out as Record<Names, F>;
}

/**
 * One function per call member of a table, each running the method of that name in the background.
 * The cast is sound: the background runs the method of that name on a store built from the same
 * schema type, and the codec brings its result back exactly. TypeScript cannot relate a name in a
 * loop to that method's own type, nor know what the background answers.
 */
function calls<Api, Names extends keyof Api & string>(names: readonly Names[], run: (method: Names, args: unknown[]) => Promise<unknown>): RemoteCalls<Api, Names> {
  return byName(names, (method) => (...args: never[]) => run(method, args)) as RemoteCalls<Api, Names>;
}

function remoteQuery<T, PK extends KeyPath<T>>(link: Link, collection: string, state: WireQuery): RemoteQuery<T, PK> {
  const next = (changed: WireQuery) => remoteQuery<T, PK>(link, collection, changed);
  function and<P extends PathOf<T, PK>>(path: P): RemoteWhereClause<T, PK, PathValue<T, P>>;
  function and<const P extends CompoundPath<T>>(paths: P): RemoteCompoundWhereClause<T, PK, TupleValues<T, P>>;
  // The overloads type the clause by the paths; at run time both build the same description.
  function and(path: string | readonly string[]): object {
    return whereClause(link, collection, path, state);
  }
  return {
    ...calls<Query<T, PK>, QueryCall>(QUERY_CALLS, (method, args) => link.call(collection, method, args, state)),
    and,
    sortBy: (path) => next({ ...state, sortBy: path }),
    reverse: () => {
      const { reverse, ...rest } = state;
      return next(reverse ? rest : { ...rest, reverse: true });
    },
    offset: (n) => next({ ...state, offset: n }),
    limit: (n) => next({ ...state, limit: n }),
    // Sound: the background sends this query's results, documents of T.
    observe: (callback, onError) => link.observe(collection, state, callback as (docs: unknown[]) => void, onError),
  };
}

/**
 * The operators after `where(path)` or `query.and(path)`: each adds its clause to `base`. A compound
 * clause (paths of a compound index) gets the same operators; the background refuses those a
 * compound index does not take, as the core does.
 */
function whereClause<T, PK extends KeyPath<T>, V>(link: Link, collection: string, path: string | readonly string[], base: WireQuery = {}): RemoteWhereClause<T, PK, V> {
  return byName(OPERATOR_NAMES, (op) => (...args: unknown[]) => {
    // Optional arguments travel with their defaults, as the core records them in its description.
    const { arity, defaults = [] }: OperatorSpec = OPERATORS[op];
    const full = defaults.length === 0 ? args : Array.from({ length: arity + defaults.length }, (_, i) => (i < args.length ? args[i] : i < arity ? undefined : defaults[i - arity]));
    const clause = { path: typeof path === 'string' ? path : [...path], op, args: full.map(encodeValue) };
    return remoteQuery<T, PK>(link, collection, { ...base, where: [...(base.where ?? []), clause] });
  });
}

function remoteCollection<T, PK extends KeyPath<T>>(link: Link, name: string): RemoteCollection<T, PK> {
  const all = remoteQuery<T, PK>(link, name, {});
  const subscribed = new Map<RemoteChangeListener<KeyOf<T, PK>>, () => void>();
  const unsubscribe = (listener: RemoteChangeListener<KeyOf<T, PK>>) => {
    subscribed.get(listener)?.();
    subscribed.delete(listener);
  };
  function where<P extends PathOf<T, PK>>(path: P): RemoteWhereClause<T, PK, PathValue<T, P>>;
  function where<const P extends CompoundPath<T>>(paths: P): RemoteCompoundWhereClause<T, PK, TupleValues<T, P>>;
  function where(criteria: Criteria<T, PK>): RemoteQuery<T, PK>;
  function where(pathOrCriteria: string | readonly string[] | Criteria<T, PK>): object {
    return typeof pathOrCriteria === 'string' || Array.isArray(pathOrCriteria)
      ? whereClause(link, name, pathOrCriteria as string | readonly string[])
      : remoteQuery(link, name, { criteria: pathOrCriteria as Criteria<T, PK> });
  }
  return {
    ...calls<Collection<T, PK>, CollectionCall>(COLLECTION_CALLS, (method, args) => link.call(name, method, args)),
    collectionName: name,
    each: async (fn) => {
      // Sound: `entries` answers the collection's documents and their keys, in the same order.
      const [docs, keys] = (await link.call(name, 'entries', [])) as [Doc<T>[], KeyOf<T, PK>[]];
      for (let i = 0; i < docs.length; i++) fn(docs[i], keys[i]);
    },
    where,
    sortBy: all.sortBy,
    limit: all.limit,
    offset: all.offset,
    reverse: all.reverse,
    // Passed as it is: the background checks it with collection.query(), collection name included.
    query: (description: QueryJSON) => remoteQuery(link, name, { ...description }),
    subscribe: (listener, onError) => {
      // Like the core: subscribing the same listener twice keeps one subscription. The cast is
      // sound: the background sends the keys of this collection.
      if (!subscribed.has(listener)) subscribed.set(listener, link.subscribe(name, listener as RemoteChangeListener<unknown>, onError));
      return () => unsubscribe(listener);
    },
    unsubscribe,
  };
}

/** Names that are never collections: a store must not look like a promise, JSON value or matcher. */
const NOT_COLLECTIONS = new Set(['then', 'catch', 'finally', 'toJSON', 'constructor', 'valueOf', 'toString', 'asymmetricMatch', '$$typeof', 'nodeType']);

export function remoteStore<S extends StoreSchema>(link: Link): RemoteStore<S> {
  const collections = new Map<string, object>();
  const members = calls<StoreMembers<S>, StoreCall>(STORE_CALLS, (method, args) => link.call('', method, args));
  // The store has no member of its own: every one comes from `get`, typed by the schema type.
  // Which collections exist is the background's to say; it refuses a name it does not have.
  const target: RemoteStore<S> = Object.create(null);
  return new Proxy(target, {
    get(_, name) {
      if (typeof name !== 'string' || NOT_COLLECTIONS.has(name)) return undefined;
      if (Object.hasOwn(members, name)) return members[name as StoreCall]; // an own member: a StoreCall
      let collection = collections.get(name);
      if (collection === undefined) collections.set(name, (collection = remoteCollection(link, name)));
      return collection;
    },
    has: (_, name) => typeof name === 'string' && !NOT_COLLECTIONS.has(name),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
