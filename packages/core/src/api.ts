// The shapes of the store, its collections and queries, as users see them.
import type {
  ChangeListener,
  Criteria,
  Doc,
  DocOf,
  KeyOf,
  OperandOf,
  PathOf,
  PathValue,
  PkOf,
  QueryJSON,
  StoreSchema,
} from './types';

export interface BulkOptions {
  /** Hand the documents over instead of having them copied: they are stored, and later frozen, in place. */
  adopt?: boolean;
}

export interface Query<T, PK extends keyof T> {
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

  toJSON(): QueryJSON;
  /**
   * Calls back with the result now and again whenever it changes. Returns the unsubscribe function.
   * A run of the query that throws goes to `onError` (default: the store's onError), and the next
   * change runs it again; an error thrown by `callback` goes to the store's onError.
   */
  observe(callback: (docs: Doc<T>[]) => void, onError?: (error: unknown) => void): () => void;
}

export interface WhereClause<T, PK extends keyof T, V> {
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

export interface Collection<T, PK extends keyof T> {
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
  where(criteria: Criteria<T, PK>): Query<T, PK>;
  filter(fn: (doc: Doc<T>) => boolean): Query<T, PK>;
  sortBy(path: PathOf<T, PK>): Query<T, PK>;
  limit(n: number): Query<T, PK>;
  offset(n: number): Query<T, PK>;
  reverse(): Query<T, PK>;
  /** Rebuilds a query from its JSON description (`query.toJSON()`). */
  query(description: QueryJSON): Query<T, PK>;

  subscribe(listener: ChangeListener<KeyOf<T, PK>>): () => void;
  unsubscribe(listener: ChangeListener<KeyOf<T, PK>>): void;
}

export type CollectionOf<S> = Collection<DocOf<S>, PkOf<S> & keyof DocOf<S>>;

export type Collections<S extends StoreSchema> = { readonly [N in keyof S]: CollectionOf<S[N]> };

export interface StoreMembers<S extends StoreSchema> {
  readonly collections: Collections<S>;
  /** Runs `fn` atomically: if it throws, every change is undone; events are delivered when it returns. */
  transaction<R>(fn: () => R): R;
  /** Empties every collection (one `clear` event each). */
  delete(): void;
}

export type Store<S extends StoreSchema> = Collections<S> & StoreMembers<S>;
