// The remote store's objects. A page has no schema at run time (only its type), so the store is a
// Proxy that hands out a remote collection for any name; the background refuses unknown ones.
// Queries are immutable descriptions, like the core's: every step returns a new one. Clause
// operands are encoded the way the core's query JSON expects ({ $date }, { $undefined }); the
// steps are checked by the background when the query runs, so a bad `limit(-1)` rejects the
// terminal call with the core's INVALID_QUERY.
import type { ClauseJSON, JsonValue, Operator, QueryJSON } from '@ramify-db/core';
import type { Link } from './link';
import type { WireQuery } from './protocol';

type Fn = (...args: never[]) => unknown;
type Loose = Record<string, Fn>;

const OPERATORS: readonly Operator[] = ['equals', 'anyOf', 'allOf', 'noneOf', 'above', 'aboveOrEqual', 'below', 'belowOrEqual', 'between', 'startsWith'];

/** The core's encoding of an operand inside query JSON. */
function operand(value: unknown): JsonValue {
  if (value === undefined) return { $undefined: true };
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map(operand);
  return value as JsonValue;
}

function remoteQuery(link: Link, collection: string, state: WireQuery): Loose {
  const step = (changes: Partial<WireQuery>) => remoteQuery(link, collection, { ...state, ...changes });
  const run =
    (method: string) =>
    (...args: unknown[]) =>
      link.call(collection, method, args, state);
  return {
    sortBy: (path: string) => step({ sortBy: path }),
    reverse: () => {
      const { reverse, ...rest } = state;
      return remoteQuery(link, collection, reverse ? rest : { ...rest, reverse: true });
    },
    offset: (n: number) => step({ offset: n }),
    limit: (n: number) => step({ limit: n }),
    toArray: run('toArray'),
    first: run('first'),
    last: run('last'),
    count: run('count'),
    keys: run('keys'),
    modify: run('modify'),
    delete: run('delete'),
    observe: (callback: (docs: never[]) => void, onError?: (error: Error) => void) => link.observe(collection, state, callback as never, onError),
  };
}

function whereClause(link: Link, collection: string, path: string): Loose {
  const clause: Loose = {};
  for (const op of OPERATORS) {
    clause[op] = (...args: unknown[]) => {
      // The core's between() records its defaults; so does the description sent.
      const full = op === 'between' ? [args[0], args[1], args.length > 2 ? args[2] : true, args.length > 3 ? args[3] : false] : args;
      const where: ClauseJSON[] = [{ path, op, args: full.map(operand) }];
      return remoteQuery(link, collection, { where });
    };
  }
  return clause;
}

function fromDescription(description: QueryJSON): WireQuery {
  // Passed as it is: the background checks it with collection.query(), collection name included.
  return { ...description } as WireQuery;
}

function remoteCollection(link: Link, name: string): Loose {
  const call =
    (method: string) =>
    (...args: unknown[]) =>
      link.call(name, method, args);
  const all = remoteQuery(link, name, {});
  const subscribed = new Map<Fn, () => void>();
  return {
    collectionName: name as never,
    add: call('add'),
    put: call('put'),
    get: call('get'),
    update: call('update'),
    delete: call('delete'),
    bulkAdd: call('bulkAdd'),
    bulkPut: call('bulkPut'),
    bulkGet: call('bulkGet'),
    bulkUpdate: call('bulkUpdate'),
    bulkDelete: call('bulkDelete'),
    clear: call('clear'),
    count: call('count'),
    keys: call('keys'),
    has: call('has'),
    toArray: call('toArray'),
    each: async (fn: (doc: unknown, key: unknown) => void) => {
      const [docs, keys] = (await link.call(name, 'entries', [])) as [unknown[], unknown[]];
      for (let i = 0; i < docs.length; i++) fn(docs[i], keys[i]);
    },
    where: (pathOrCriteria: unknown) =>
      typeof pathOrCriteria === 'string' ? whereClause(link, name, pathOrCriteria) : remoteQuery(link, name, { criteria: pathOrCriteria as Record<string, unknown> }),
    sortBy: all.sortBy,
    limit: all.limit,
    offset: all.offset,
    reverse: all.reverse,
    query: (description: QueryJSON) => remoteQuery(link, name, fromDescription(description)),
    subscribe: (listener: Fn) => {
      // Like the core: subscribing the same listener twice keeps one subscription.
      if (!subscribed.has(listener)) subscribed.set(listener, link.subscribe(name, listener as never));
      return () => {
        subscribed.get(listener)?.();
        subscribed.delete(listener);
      };
    },
    unsubscribe: (listener: Fn) => {
      subscribed.get(listener)?.();
      subscribed.delete(listener);
    },
  };
}

/** Names that are never collections: a store must not look like a promise, JSON value or matcher. */
const NOT_COLLECTIONS = new Set(['then', 'catch', 'finally', 'toJSON', 'constructor', 'valueOf', 'toString', 'asymmetricMatch', '$$typeof', 'nodeType']);

export function remoteStore(link: Link): object {
  const collections = new Map<string, Loose>();
  const storeDelete = () => link.call('', 'delete', []);
  return new Proxy(Object.create(null) as object, {
    get(_, name) {
      if (typeof name !== 'string' || NOT_COLLECTIONS.has(name)) return undefined;
      if (name === 'delete') return storeDelete;
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
