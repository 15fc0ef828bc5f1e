// The core's API as the bridge carries it, described once: one table per surface (the store, a
// collection, a where clause's operators, a query's steps and terminal calls), each checked with
// `satisfies` against the core's public type. A member added to the core's type and not described
// here fails to compile, and so does a description of a member the type does not have. The
// protocol's method names and argument checks, the remote store's methods and types, and the
// link's handling of results are all derived from these tables.
import type { Collection, Query, StoreMembers, StoreSchema, WhereClause } from '@ramify-db/core';

/** A method the background runs for a page: its name crosses the wire, the page gets a Promise. */
export interface CallSpec {
  readonly kind: 'call';
  /** Applied exactly once and flushed before the reply. */
  readonly write: boolean;
  /** Whether it takes documents (or changes to them): a value too deep for one is INVALID_DOCUMENT. */
  readonly documents?: boolean;
  /** How many arguments it takes at most. */
  readonly arity: number;
  /** Where the result holds documents, which the page freezes: the result itself, its items, or `[docs, keys]`. */
  readonly docs?: 'one' | 'many' | 'entries';
}

/** Builds a query description in the page; nothing is sent until a terminal call. */
export interface StepSpec {
  readonly kind: 'step';
}

/** Served by the page's remote store itself: a property, a live subscription, a local loop. */
export interface PageSpec {
  readonly kind: 'page';
}

/**
 * Not on the remote API (a type error for the page, not a runtime surprise). Why is a comment
 * beside each: nothing reads it at run time, and every page would ship it.
 */
export interface AbsentSpec {
  readonly kind: 'absent';
}

export type MemberSpec = CallSpec | StepSpec | PageSpec | AbsentSpec;

/** A description of every member of `Api`, and of nothing else (checked with `satisfies`). */
export type ApiTable<Api> = { readonly [M in keyof Api]-?: MemberSpec };

// The tables describe the core's types for any document type: the member names do not depend on it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCollection = Collection<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQuery = Query<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyWhereClause = WhereClause<any, any, any>;

export const STORE_API = {
  collections: { kind: 'absent' }, // a page reaches a collection by its name: db.pages
  transaction: { kind: 'absent' }, // a function cannot cross a message boundary
  delete: { kind: 'call', write: true, arity: 0 },
} as const satisfies ApiTable<StoreMembers<StoreSchema>>;

export const COLLECTION_API = {
  collectionName: { kind: 'page' },
  primaryKey: { kind: 'absent' }, // a page has the schema as a type only
  indexes: { kind: 'absent' }, // a page has the schema as a type only
  multiEntry: { kind: 'absent' }, // a page has the schema as a type only
  unique: { kind: 'absent' }, // a page has the schema as a type only
  add: { kind: 'call', write: true, documents: true, arity: 1 },
  put: { kind: 'call', write: true, documents: true, arity: 1 },
  get: { kind: 'call', write: false, arity: 1, docs: 'one' },
  update: { kind: 'call', write: true, documents: true, arity: 2 },
  delete: { kind: 'call', write: true, arity: 1 },
  // `{ adopt }` is not offered to a page: documents received from a message are copied anyway.
  bulkAdd: { kind: 'call', write: true, documents: true, arity: 1 },
  bulkPut: { kind: 'call', write: true, documents: true, arity: 1 },
  bulkGet: { kind: 'call', write: false, arity: 1, docs: 'many' },
  bulkUpdate: { kind: 'call', write: true, documents: true, arity: 2 },
  bulkDelete: { kind: 'call', write: true, arity: 1 },
  clear: { kind: 'call', write: true, arity: 0 },
  count: { kind: 'call', write: false, arity: 0 },
  keys: { kind: 'call', write: false, arity: 0 },
  has: { kind: 'call', write: false, arity: 1 },
  toArray: { kind: 'call', write: false, arity: 0, docs: 'many' },
  /** Fetches the documents with ENTRIES_CALL, then runs its function over them in the page. */
  each: { kind: 'page' },
  where: { kind: 'step' },
  filter: { kind: 'absent' }, // a function cannot cross a message boundary
  sortBy: { kind: 'step' },
  limit: { kind: 'step' },
  offset: { kind: 'step' },
  reverse: { kind: 'step' },
  query: { kind: 'step' },
  subscribe: { kind: 'page' },
  unsubscribe: { kind: 'page' },
} as const satisfies ApiTable<AnyCollection>;

/** Not a core method: what `each(fn)` fetches, the documents and their keys as `[docs, keys]`. */
export const ENTRIES_CALL = { entries: { kind: 'call', write: false, arity: 0, docs: 'entries' } } as const satisfies Record<string, CallSpec>;

/**
 * A where clause's operators, with how many arguments each takes and the defaults of the optional
 * ones (the core's between() records its defaults; so does the description a page sends).
 */
export interface OperatorSpec {
  /** Arguments it needs. */
  readonly arity: number;
  /** Values of the optional arguments after those, when omitted. */
  readonly defaults?: readonly unknown[];
}

export const OPERATORS = {
  equals: { arity: 1 },
  anyOf: { arity: 1 },
  allOf: { arity: 1 },
  noneOf: { arity: 1 },
  above: { arity: 1 },
  aboveOrEqual: { arity: 1 },
  below: { arity: 1 },
  belowOrEqual: { arity: 1 },
  between: { arity: 2, defaults: [true, false] },
  startsWith: { arity: 1 },
} as const satisfies { readonly [M in keyof AnyWhereClause]-?: OperatorSpec };

export const QUERY_API = {
  and: { kind: 'page' },
  filter: { kind: 'absent' }, // a function cannot cross a message boundary
  sortBy: { kind: 'step' },
  reverse: { kind: 'step' },
  offset: { kind: 'step' },
  limit: { kind: 'step' },
  toArray: { kind: 'call', write: false, arity: 0, docs: 'many' },
  first: { kind: 'call', write: false, arity: 0, docs: 'one' },
  last: { kind: 'call', write: false, arity: 0, docs: 'one' },
  count: { kind: 'call', write: false, arity: 0 },
  keys: { kind: 'call', write: false, arity: 0 },
  modify: { kind: 'call', write: true, documents: true, arity: 1 },
  delete: { kind: 'call', write: true, arity: 0 },
  // A page sends its description with each call; collection.query() takes one built in the background.
  toJSON: { kind: 'absent' },
  observe: { kind: 'page' },
} as const satisfies ApiTable<AnyQuery>;

/** The names of a table's members of one kind. */
export type MembersOf<Table, Kind extends MemberSpec['kind']> = {
  [M in keyof Table]: Table[M] extends { readonly kind: Kind } ? M : never;
}[keyof Table] &
  string;

export type StoreCall = MembersOf<typeof STORE_API, 'call'>;
export type CollectionCall = MembersOf<typeof COLLECTION_API, 'call'>;
export type CollectionStep = MembersOf<typeof COLLECTION_API, 'step'>;
export type QueryCall = MembersOf<typeof QUERY_API, 'call'>;
export type QueryStep = MembersOf<typeof QUERY_API, 'step'>;
/** What a page may call on a collection: its core methods, and `entries` for each(). */
export type WireCollectionCall = CollectionCall | keyof typeof ENTRIES_CALL;

/** The members of a table of one kind, as a list (in the table's order). */
export function membersOf<Table extends Readonly<Record<string, MemberSpec>>, Kind extends MemberSpec['kind']>(table: Table, kind: Kind): MembersOf<Table, Kind>[] {
  return Object.keys(table).filter((name): name is MembersOf<Table, Kind> => table[name].kind === kind);
}

/** The call members of a table, by name. */
function callsOf<Table extends Readonly<Record<string, MemberSpec>>>(table: Table): Readonly<Record<MembersOf<Table, 'call'>, CallSpec>> {
  const calls: Partial<Record<MembersOf<Table, 'call'>, CallSpec>> = {};
  for (const name of membersOf(table, 'call')) calls[name] = table[name] as CallSpec;
  // Sound: the loop above filled in every call member of the table.
  return calls as Record<MembersOf<Table, 'call'>, CallSpec>;
}

/** What the background runs, by where a page calls it: on the store, a collection, or a query. */
export const STORE_CALLS = callsOf(STORE_API);
export const COLLECTION_CALLS: Readonly<Record<WireCollectionCall, CallSpec>> = { ...callsOf(COLLECTION_API), ...ENTRIES_CALL };
export const QUERY_CALLS = callsOf(QUERY_API);
