// The public types of the core. The runtime lives in the other files of this folder; everything a
// user writes against Ramify is typed from here.

/** A primary key: what IndexedDB can store as a key and we can compare cheaply. */
export type Key = string | number;

/** What an index can hold. A missing field is indexed as `undefined`. */
export type IndexValue = string | number | boolean | Date | null | undefined;

type Leaf = string | number | boolean | bigint | symbol | null | undefined | Date | ((...args: never[]) => unknown);
type Depth = [never, 0, 1, 2, 3, 4, 5, 6];

/**
 * Every dotted path into plain nested objects of `T` (`'stats.level'`), not into arrays or Dates.
 * Recursion stops after a few levels so recursive types stay cheap to check.
 */
export type NestedKeyOf<T, D extends number = 6> = [D] extends [never]
  ? never
  : T extends Leaf | readonly unknown[]
    ? never
    : {
        [K in keyof T & string]: NonNullable<T[K]> extends Leaf | readonly unknown[]
          ? K
          : K | `${K}.${NestedKeyOf<NonNullable<T[K]>, Depth[D]>}`;
      }[keyof T & string];

/** The type found at a dotted path; `undefined` joins in when any step on the way is optional. */
export type PathValue<T, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof T
    ? PathValue<NonNullable<T[K]>, Rest> | (undefined extends T[K] ? undefined : never)
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** The value an operator compares with: the element type for array (multiEntry) fields. */
export type OperandOf<V> = V extends readonly (infer E)[] ? E : V;

declare const documentType: unique symbol;

/** The paths of a compound index: two or more, in order (`['status', 'createdAt']`). */
export type CompoundPath<T> = readonly [NestedKeyOf<T>, NestedKeyOf<T>, ...NestedKeyOf<T>[]];

/** An index as declared: a path, or the paths of a compound index. */
export type IndexPath<T> = NestedKeyOf<T> | CompoundPath<T>;

/** A primary key: a top-level field, or the fields of a compound key (`['userId', 'day']`). */
export type KeyPath<T> = keyof T | readonly [keyof T, keyof T, ...(keyof T)[]];

/** The definition of one collection, typed by its document type and primary key. */
export interface Schema<T, PK extends KeyPath<T>> {
  primaryKey: PK;
  indexes?: IndexPath<T>[];
  multiEntry?: NestedKeyOf<T>[];
  unique?: IndexPath<T>[];
  /** Carries the document type; never present at run time. */
  readonly [documentType]?: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySchema = Schema<any, any>;
export type StoreSchema = Record<string, AnySchema>;

export type DocOf<S> = S extends Schema<infer T, infer _PK> ? T : never;
export type PkOf<S> = S extends Schema<infer _T, infer PK> ? PK : never;

/** The values at each of a tuple of paths. */
export type TupleValues<T, P extends readonly string[]> = { -readonly [I in keyof P]: PathValue<T, P[I] & string> };

/** Documents come back deeply frozen; the top level is typed read-only. */
export type Doc<T> = Readonly<T>;

/** A path usable in `where`, `sortBy` and criteria: the primary key or any nested path. */
export type PathOf<T, PK extends KeyPath<T>> = (PK & string) | NestedKeyOf<T>;

/** A document's key: its key field's value, or for a compound key the tuple of its fields' values. */
export type KeyOf<T, PK extends KeyPath<T>> = PK extends readonly unknown[]
  ? { readonly [I in keyof PK]: T[PK[I] & keyof T] & Key }
  : T[PK & keyof T] & Key;

export type ChangeType = 'create' | 'update' | 'delete' | 'clear';
export type ChangeListener<K = Key> = (type: ChangeType, keys: K[]) => void | Promise<void>;

/** A value in a criteria object: a scalar means `equals`, an array `anyOf` (or exact elements on a multiEntry index). */
export type Criteria<T, PK extends KeyPath<T>> = {
  [P in PathOf<T, PK>]?: PathValue<T, P> | OperandOf<PathValue<T, P>> | readonly OperandOf<PathValue<T, P>>[];
};

export type Operator =
  | 'equals'
  | 'anyOf'
  | 'allOf'
  | 'noneOf'
  | 'above'
  | 'aboveOrEqual'
  | 'below'
  | 'belowOrEqual'
  | 'between'
  | 'startsWith';

/** JSON-safe encoding of a value inside a query description (Dates and `undefined` survive JSON). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | { $date: number }
  | { $undefined: true }
  | JsonValue[];

export interface ClauseJSON {
  /** A path, or the paths of a compound index. */
  path: string | string[];
  op: Operator;
  args: JsonValue[];
}

/** The plain JSON description of a query built without `filter(fn)`, untyped (see QueryJson for the typed one). */
export interface QueryJSON {
  collection: string;
  where: ClauseJSON[];
  sortBy?: string;
  reverse?: boolean;
  offset?: number;
  limit?: number;
}

/** A value in a JSON description: Dates and `undefined` encoded, objects (which no operator takes) excluded. */
export type JsonOf<V> = V extends string | number | boolean | null
  ? V
  : V extends Date
    ? { $date: number }
    : V extends undefined
      ? { $undefined: true }
      : V extends readonly (infer E)[]
        ? JsonOf<E>[]
        : never;

/** The clauses of each operator on a path `P` whose value is `V` (the element type for arrays, as in WhereClause). */
type OperatorJson<P, V, E = JsonOf<OperandOf<V>>> =
  | { path: P; op: 'equals'; args: [JsonOf<V> | E] }
  | { path: P; op: 'anyOf' | 'allOf' | 'noneOf'; args: [E[]] }
  | { path: P; op: 'above' | 'aboveOrEqual' | 'below' | 'belowOrEqual'; args: [E] }
  | { path: P; op: 'between'; args: [E, E] | [E, E, boolean] | [E, E, boolean, boolean] }
  | { path: P; op: 'startsWith'; args: [string] };

/**
 * A clause on a compound index. Its paths are typed; its tuples only as JSON values, since a
 * description names its compound index at run time.
 */
export interface CompoundClauseJson<T> {
  path: [NestedKeyOf<T>, NestedKeyOf<T>, ...NestedKeyOf<T>[]];
  op: Exclude<Operator, 'startsWith'>;
  args: JsonValue[];
}

/** One clause of a typed description: a path of the document type and its operator's arguments. */
export type ClauseJson<T, PK extends KeyPath<T>> = { [P in PathOf<T, PK>]: OperatorJson<P, PathValue<T, P>> }[PathOf<T, PK>] | CompoundClauseJson<T>;

/**
 * The JSON description of a query, typed by the collection's document type: a wrong path or an
 * argument of the wrong type fails to compile. `collection.query()` still checks it at run time
 * (it may come from another context). Every QueryJson is a QueryJSON.
 */
export interface QueryJson<T, PK extends KeyPath<T>> {
  collection: string;
  where: ClauseJson<T, PK>[];
  sortBy?: PathOf<T, PK>;
  reverse?: boolean;
  offset?: number;
  limit?: number;
}

export interface StoreOptions {
  /** Where errors of subscribers and live queries go. Default: `console.error`. */
  onError?: (error: unknown) => void;
}
