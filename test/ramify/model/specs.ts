// Operations and queries as plain data, so fast-check can generate, shrink and print them, and the
// model and the real store can each interpret the same description.

export interface CollectionDef {
  primaryKey: string;
  /** A path, or the paths of a compound index. */
  indexes: (string | string[])[];
  multiEntry: string[];
  unique: string[];
}

export type Doc = Record<string, unknown>;

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

export type Start =
  | { kind: 'all' }
  | { kind: 'where'; path: string | string[]; op: Operator; args: unknown[] }
  | { kind: 'criteria'; entries: [string, unknown][] };

/** Filter functions by name, so a failing case prints which one it used. */
export const FILTERS = {
  noteBeforeN: (doc: Doc) => typeof doc.note === 'string' && doc.note < 'n',
  hasTags: (doc: Doc) => doc.tags !== undefined,
  numericKey: (doc: Doc) => typeof (doc.id ?? doc.k) === 'number',
};
export type FilterName = keyof typeof FILTERS;

export type ChainStep =
  | { step: 'filter'; name: FilterName }
  | { step: 'sortBy'; path: string }
  | { step: 'reverse' }
  | { step: 'offset'; n: number }
  | { step: 'limit'; n: number };

export type Terminal = 'toArray' | 'first' | 'last' | 'count' | 'keys' | 'json';

export interface QuerySpec {
  coll: string;
  start: Start;
  /** In call order; each kind at most once. */
  chain: ChainStep[];
  terminal: Terminal;
}

/** Every operation but a transaction. */
export type SimpleOp =
  | { kind: 'add' | 'put'; coll: string; doc: Doc }
  | { kind: 'update'; coll: string; key: unknown; changes: Doc }
  | { kind: 'delete'; coll: string; key: unknown }
  | { kind: 'bulkAdd' | 'bulkPut'; coll: string; docs: Doc[] }
  | { kind: 'bulkUpdate'; coll: string; keys: unknown[]; changes: Doc }
  | { kind: 'bulkDelete'; coll: string; keys: unknown[] }
  | { kind: 'clear'; coll: string }
  | { kind: 'storeDelete' }
  | { kind: 'modify'; query: QuerySpec; changes: Doc }
  | { kind: 'queryDelete'; query: QuerySpec };

export interface TransactionOp {
  kind: 'transaction';
  ops: SimpleOp[];
  catchErrors: boolean;
  throwAtEnd: boolean;
  /** A query run inside, on the uncommitted state. */
  probe: QuerySpec;
}

export type OpSpec = SimpleOp | TransactionOp;

export const hasStep = (query: QuerySpec, step: ChainStep['step']) => query.chain.some((s) => s.step === step);
