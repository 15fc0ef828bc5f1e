// The remote API's types, derived from the same schema type the background's store is built from:
// `connect<AppSchema>()` in a page gives the same documents, keys and paths as
// `createStore<AppSchema>()` in the background, with every call returning a Promise.
// `filter(fn)` is absent (a function cannot cross a message boundary), and so is `then`: the store
// can be returned from an async function without being mistaken for a promise.
import type {
  ChangeType,
  Collection,
  Criteria,
  Doc,
  DocOf,
  KeyOf,
  PathOf,
  PathValue,
  PkOf,
  Query,
  QueryJSON,
  StoreSchema,
  WhereClause,
} from '@ramify-db/core';

type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

type QueryTerminal = 'toArray' | 'first' | 'last' | 'count' | 'keys' | 'modify' | 'delete';

/** A query description built in the page and run in the background by each terminal call. */
export interface RemoteQuery<T, PK extends keyof T> extends Readonly<{ [M in QueryTerminal]: Async<Query<T, PK>[M]> }> {
  sortBy(path: PathOf<T, PK>): RemoteQuery<T, PK>;
  reverse(): RemoteQuery<T, PK>;
  offset(n: number): RemoteQuery<T, PK>;
  limit(n: number): RemoteQuery<T, PK>;
  /**
   * Calls back with the result as soon as it arrives, then whenever it changes (the background
   * sends deltas). `onError` gets a query the background refuses; default: connect's `onError`.
   * Returns the unsubscribe function.
   */
  observe(callback: (docs: Doc<T>[]) => void, onError?: (error: Error) => void): () => void;
}

export type RemoteWhereClause<T, PK extends keyof T, V> = {
  readonly [M in keyof WhereClause<T, PK, V>]: (...args: Parameters<WhereClause<T, PK, V>[M]>) => RemoteQuery<T, PK>;
};

type CollectionCall = 'add' | 'put' | 'get' | 'update' | 'delete' | 'bulkAdd' | 'bulkPut' | 'bulkGet' | 'bulkUpdate' | 'bulkDelete' | 'clear' | 'count' | 'keys' | 'has' | 'toArray';

export interface RemoteCollection<T, PK extends keyof T> extends Readonly<{ [M in CollectionCall]: Async<Collection<T, PK>[M]> }> {
  readonly collectionName: string;
  /** Fetches the documents, then runs `fn` over them in the page. */
  each(fn: (doc: Doc<T>, key: KeyOf<T, PK>) => void): Promise<void>;
  where<P extends PathOf<T, PK>>(path: P): RemoteWhereClause<T, PK, PathValue<T, P>>;
  where(criteria: Criteria<T, PK>): RemoteQuery<T, PK>;
  sortBy(path: PathOf<T, PK>): RemoteQuery<T, PK>;
  limit(n: number): RemoteQuery<T, PK>;
  offset(n: number): RemoteQuery<T, PK>;
  reverse(): RemoteQuery<T, PK>;
  /** A query from its JSON description (`query.toJSON()` in the background). */
  query(description: QueryJSON): RemoteQuery<T, PK>;
  /**
   * Change events pushed from the background, and 'resync' when events may have been missed while
   * the port was down (see RemoteChangeType). Returns the unsubscribe function.
   */
  subscribe(listener: RemoteChangeListener<KeyOf<T, PK>>): () => void;
  unsubscribe(listener: RemoteChangeListener<KeyOf<T, PK>>): void;
}

/**
 * A change event's type in a page: the core's, plus 'resync' (with no keys) after the page's port
 * was lost and opened again: changes made meanwhile were not sent, so re-read what you hold. It
 * comes once per reconnect, never on the first connection.
 */
export type RemoteChangeType = ChangeType | 'resync';

export type RemoteChangeListener<K> = (type: RemoteChangeType, keys: K[]) => void | Promise<void>;

export type RemoteCollectionOf<S> = RemoteCollection<DocOf<S>, PkOf<S> & keyof DocOf<S>>;

export type RemoteStore<S extends StoreSchema> = {
  readonly [N in Exclude<keyof S, 'then' | 'delete'>]: RemoteCollectionOf<S[N]>;
} & {
  /** Empties every collection (one `clear` event each). */
  delete(): Promise<void>;
};
