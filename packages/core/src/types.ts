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

/** The definition of one collection, typed by its document type and primary key. */
export interface Schema<T, PK extends keyof T> {
  primaryKey: PK;
  indexes?: NestedKeyOf<T>[];
  multiEntry?: NestedKeyOf<T>[];
  unique?: NestedKeyOf<T>[];
  /** Carries the document type; never present at run time. */
  readonly [documentType]?: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySchema = Schema<any, any>;
export type StoreSchema = Record<string, AnySchema>;

export type DocOf<S> = S extends Schema<infer T, infer _PK> ? T : never;
export type PkOf<S> = S extends Schema<infer _T, infer PK> ? PK : never;

/** Documents come back deeply frozen; the top level is typed read-only. */
export type Doc<T> = Readonly<T>;

/** A path usable in `where`, `sortBy` and criteria: the primary key or any nested path. */
export type PathOf<T, PK extends keyof T> = (PK & string) | NestedKeyOf<T>;

export type KeyOf<T, PK extends keyof T> = T[PK] & Key;

export type ChangeType = 'create' | 'update' | 'delete' | 'clear';
export type ChangeListener<K extends Key = Key> = (type: ChangeType, keys: K[]) => void | Promise<void>;

/** A value in a criteria object: a scalar means `equals`, an array `anyOf` (or exact elements on a multiEntry index). */
export type Criteria<T, PK extends keyof T> = {
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
  path: string;
  op: Operator;
  args: JsonValue[];
}

/** The plain JSON description of a query built without `filter(fn)`. */
export interface QueryJSON {
  collection: string;
  where: ClauseJSON[];
  sortBy?: string;
  reverse?: boolean;
  offset?: number;
  limit?: number;
}

export interface StoreOptions {
  /** Where errors of subscribers and live queries go. Default: `console.error`. */
  onError?: (error: unknown) => void;
}
