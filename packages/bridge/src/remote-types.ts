// The remote API's types, derived from the same schema type the background's store is built from:
// `connect<AppSchema>()` in a page gives the same documents, keys and paths as
// `createStore<AppSchema>()` in the background, with every call returning a Promise.
// `filter(fn)` is absent (a function cannot cross a message boundary), and so is `then`: the store
// can be returned from an async function without being mistaken for a promise.
import type {
  ChangeType,
  Collection,
  CompoundPath,
  CompoundWhereClause,
  Criteria,
  Doc,
  DocOf,
  KeyOf,
  KeyPath,
  PathOf,
  PathValue,
  PkOf,
  Query,
  StoreMembers,
  StoreSchema,
  TupleValues,
  WhereClause,
} from '@ramify-db/core';
import type { CollectionCall, CollectionStep, OPERATORS, QueryCall, QueryStep, StoreCall } from './api';

type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

/** The remote form of the core's calls `Names` on `Api`: the same parameters, the result in a Promise. */
export type RemoteCalls<Api, Names extends keyof Api> = { readonly [M in Names]: Async<Api[M]> };

/** The remote form of the core's steps `Names` on `Api`: the same parameters, a remote query. */
export type RemoteSteps<Api, Names extends keyof Api, Out> = {
  readonly [M in Names]: Api[M] extends (...args: infer A) => unknown ? (...args: A) => Out : never;
};

/** A query description built in the page and run in the background by each terminal call. */
export interface RemoteQuery<T, PK extends KeyPath<T>> extends RemoteCalls<Query<T, PK>, QueryCall>, RemoteSteps<Query<T, PK>, QueryStep, RemoteQuery<T, PK>> {
  /** One more condition, as the core's `and`: the background's planner picks the index to drive from. */
  and<P extends PathOf<T, PK>>(path: P): RemoteWhereClause<T, PK, PathValue<T, P>>;
  and<const P extends CompoundPath<T>>(paths: P): RemoteCompoundWhereClause<T, PK, TupleValues<T, P>>;
  /**
   * Calls back with the result as soon as it arrives, then whenever it changes (the background
   * sends deltas). `onError` gets a query the background refuses; default: connect's `onError`.
   * Returns the unsubscribe function.
   */
  observe(callback: (docs: Doc<T>[]) => void, onError?: (error: Error) => void): () => void;
}

export type RemoteWhereClause<T, PK extends KeyPath<T>, V> = RemoteSteps<WhereClause<T, PK, V>, keyof typeof OPERATORS, RemoteQuery<T, PK>>;

/** The operators on a compound index, as the core's CompoundWhereClause: tuples, or starts of them in ranges. */
export type RemoteCompoundWhereClause<T, PK extends KeyPath<T>, V extends readonly unknown[]> = RemoteSteps<CompoundWhereClause<T, PK, V>, keyof CompoundWhereClause<T, PK, V>, RemoteQuery<T, PK>>;

export interface RemoteCollection<T, PK extends KeyPath<T>>
  extends RemoteCalls<Collection<T, PK>, CollectionCall>,
    RemoteSteps<Collection<T, PK>, Exclude<CollectionStep, 'where'>, RemoteQuery<T, PK>> {
  readonly collectionName: string;
  /** Fetches the documents, then runs `fn` over them in the page. */
  each(fn: (doc: Doc<T>, key: KeyOf<T, PK>) => void): Promise<void>;
  where<P extends PathOf<T, PK>>(path: P): RemoteWhereClause<T, PK, PathValue<T, P>>;
  where<const P extends CompoundPath<T>>(paths: P): RemoteCompoundWhereClause<T, PK, TupleValues<T, P>>;
  where(criteria: Criteria<T, PK>): RemoteQuery<T, PK>;
  /**
   * Change events pushed from the background, and 'resync' when events may have been missed while
   * the port was down (see RemoteChangeType). `onError` hears why the background refused the
   * subscription, or why it ended (then no event comes any more); without it, connect()'s onError
   * does. Returns the unsubscribe function.
   */
  subscribe(listener: RemoteChangeListener<KeyOf<T, PK>>, onError?: (error: Error) => void): () => void;
  unsubscribe(listener: RemoteChangeListener<KeyOf<T, PK>>): void;
}

/**
 * A change event's type in a page: the core's, plus 'resync' (with no keys) after the page's port
 * was lost and opened again: changes made meanwhile were not sent, so re-read what you hold. It
 * comes once per reconnect, never on the first connection.
 */
export type RemoteChangeType = ChangeType | 'resync';

export type RemoteChangeListener<K> = (type: RemoteChangeType, keys: K[]) => void | Promise<void>;

export type RemoteCollectionOf<S> = RemoteCollection<DocOf<S>, Extract<PkOf<S>, KeyPath<DocOf<S>>>>;

export type RemoteStore<S extends StoreSchema> = {
  readonly [N in Exclude<keyof S, 'then' | StoreCall>]: RemoteCollectionOf<S[N]>;
} & RemoteCalls<StoreMembers<S>, StoreCall>;
