// The shapes of the store, its collections and queries, as users see them.
import type {
  ChangeListener,
  CompoundPath,
  Criteria,
  Doc,
  DocOf,
  KeyOf,
  KeyPath,
  OperandOf,
  PathOf,
  PathValue,
  PkOf,
  QueryJSON,
  QueryJson,
  StoreSchema,
  TupleValues,
} from './types';

export interface BulkOptions {
  /** Hand the documents over instead of having them copied: they are stored, and later frozen, in place. */
  adopt?: boolean;
}

export interface Query<T, PK extends KeyPath<T>> {
  /**
   * One more condition, on an indexed path or the paths of a compound index: a document must meet
   * every condition. The planner drives the query from the clause with the fewest candidates.
   */
  and<P extends PathOf<T, PK>>(path: P): WhereClause<T, PK, PathValue<T, P>>;
  and<const P extends CompoundPath<T>>(paths: P): CompoundWhereClause<T, PK, TupleValues<T, P>>;
  /** Keeps only the documents `fn` accepts. A query with a filter function has no JSON description. */
  filter(fn: (doc: Doc<T>) => boolean): Query<T, PK>;
  /** Sorts by a path (stable; walks the index when the path is indexed). */
  sortBy(path: PathOf<T, PK>): Query<T, PK>;
  reverse(): Query<T, PK>;
  offset(n: number): Query<T, PK>;
  limit(n: number): Query<T, PK>;

  toArray(): Doc<T>[];
  first(): Doc<T> | undefined;
  last(): Doc<T> | undefined;
  count(): number;
  keys(): KeyOf<T, PK>[];
  /** Shallow-merges `changes` into every matching document; returns the keys that changed. */
  modify(changes: Partial<T>): KeyOf<T, PK>[];
  /** Deletes every matching document; returns their keys. */
  delete(): KeyOf<T, PK>[];

  /** The query's JSON description (none with filter(fn): INVALID_QUERY), for `collection.query()`. */
  toJSON(): QueryJson<T, PK>;
  /**
   * Calls back with the result now and again whenever it changes. Returns the unsubscribe function.
   * A run of the query that throws goes to `onError` (default: the store's onError), and the next
   * change runs it again; an error thrown by `callback` goes to the store's onError.
   */
  observe(callback: (docs: Doc<T>[]) => void, onError?: (error: unknown) => void): () => void;
}

export interface WhereClause<T, PK extends KeyPath<T>, V> {
  equals(value: V | OperandOf<V>): Query<T, PK>;
  anyOf(values: readonly OperandOf<V>[]): Query<T, PK>;
  allOf(values: readonly OperandOf<V>[]): Query<T, PK>;
  noneOf(values: readonly OperandOf<V>[]): Query<T, PK>;
  above(value: OperandOf<V>): Query<T, PK>;
  aboveOrEqual(value: OperandOf<V>): Query<T, PK>;
  below(value: OperandOf<V>): Query<T, PK>;
  belowOrEqual(value: OperandOf<V>): Query<T, PK>;
  between(lower: OperandOf<V>, upper: OperandOf<V>, includeLower?: boolean, includeUpper?: boolean): Query<T, PK>;
  startsWith(prefix: string): Query<T, PK>;
}

/** The tuple `V` and each of its shorter starts: a start stands for every tuple it begins. */
export type TuplePrefix<V extends readonly unknown[]> = V extends readonly [...infer Start, unknown] ? Readonly<V> | TuplePrefix<Start> : never;

/**
 * The operators on a compound index (`where(['status', 'createdAt'])`), whose values are tuples
 * ordered part by part. Ranges take a tuple or a shorter start of one, which stands for every
 * tuple it begins: `between(['unread'], ['unread'], true, true)` is every unread document.
 */
export interface CompoundWhereClause<T, PK extends KeyPath<T>, V extends readonly unknown[]> {
  equals(value: Readonly<V>): Query<T, PK>;
  anyOf(values: readonly Readonly<V>[]): Query<T, PK>;
  noneOf(values: readonly Readonly<V>[]): Query<T, PK>;
  above(value: TuplePrefix<V>): Query<T, PK>;
  aboveOrEqual(value: TuplePrefix<V>): Query<T, PK>;
  below(value: TuplePrefix<V>): Query<T, PK>;
  belowOrEqual(value: TuplePrefix<V>): Query<T, PK>;
  between(lower: TuplePrefix<V>, upper: TuplePrefix<V>, includeLower?: boolean, includeUpper?: boolean): Query<T, PK>;
}

/**
 * What a description passed to `query()` must be: a QueryJson when it is written with literal
 * paths; any QueryJSON when its paths are plain strings (built as data elsewhere).
 */
export type CheckedJson<J extends QueryJSON, T, PK extends KeyPath<T>> = string extends ClausePath<J> ? unknown : QueryJson<T, PK>;
type ClausePath<J extends QueryJSON> = J['where'][number]['path'];

export interface Collection<T, PK extends KeyPath<T>> {
  readonly collectionName: string;
  readonly primaryKey: PK;
  readonly indexes: readonly string[];
  readonly multiEntry: readonly string[];
  readonly unique: readonly string[];

  add(doc: T): KeyOf<T, PK>;
  put(doc: T): KeyOf<T, PK>;
  get(key: KeyOf<T, PK>): Doc<T> | undefined;
  update(key: KeyOf<T, PK>, changes: Partial<T>): KeyOf<T, PK> | undefined;
  delete(key: KeyOf<T, PK>): KeyOf<T, PK> | undefined;
  /**
   * With `{ adopt: true }` the documents are handed over rather than copied: they are checked and
   * stored as they are, and frozen in place before a read hands them out (for data nobody else
   * holds, such as records just read from IndexedDB).
   */
  bulkAdd(docs: readonly T[], options?: BulkOptions): KeyOf<T, PK>[];
  bulkPut(docs: readonly T[], options?: BulkOptions): KeyOf<T, PK>[];
  bulkGet(keys: readonly KeyOf<T, PK>[]): (Doc<T> | undefined)[];
  bulkUpdate(keys: readonly KeyOf<T, PK>[], changes: Partial<T>): (KeyOf<T, PK> | undefined)[];
  bulkDelete(keys: readonly KeyOf<T, PK>[]): (KeyOf<T, PK> | undefined)[];
  clear(): void;

  count(): number;
  keys(): KeyOf<T, PK>[];
  has(key: KeyOf<T, PK>): boolean;
  toArray(): Doc<T>[];
  each(fn: (doc: Doc<T>, key: KeyOf<T, PK>) => void): void;

  where<P extends PathOf<T, PK>>(path: P): WhereClause<T, PK, PathValue<T, P>>;
  /** A compound index (or compound primary key) by its paths, in the declared order. */
  where<const P extends CompoundPath<T>>(paths: P): CompoundWhereClause<T, PK, TupleValues<T, P>>;
  where(criteria: Criteria<T, PK>): Query<T, PK>;
  filter(fn: (doc: Doc<T>) => boolean): Query<T, PK>;
  sortBy(path: PathOf<T, PK>): Query<T, PK>;
  limit(n: number): Query<T, PK>;
  offset(n: number): Query<T, PK>;
  reverse(): Query<T, PK>;
  /**
   * Rebuilds a query from its JSON description (`query.toJSON()`), typed by the document's paths
   * and checked again at run time (INVALID_QUERY), as it may come from another context.
   */
  query<const J extends QueryJSON>(description: J & CheckedJson<J, T, PK>): Query<T, PK>;

  subscribe(listener: ChangeListener<KeyOf<T, PK>>): () => void;
  unsubscribe(listener: ChangeListener<KeyOf<T, PK>>): void;
}

export type CollectionOf<S> = Collection<DocOf<S>, Extract<PkOf<S>, KeyPath<DocOf<S>>>>;

export type Collections<S extends StoreSchema> = { readonly [N in keyof S]: CollectionOf<S[N]> };

export interface StoreMembers<S extends StoreSchema> {
  readonly collections: Collections<S>;
  /** Runs `fn` atomically: if it throws, every change is undone; events are delivered when it returns. */
  transaction<R>(fn: () => R): R;
  /** Empties every collection (one `clear` event each). */
  delete(): void;
}

export type Store<S extends StoreSchema> = Collections<S> & StoreMembers<S>;
