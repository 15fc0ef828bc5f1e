// The real store under test, and the interpreter that runs the plain-data operation and query
// descriptions against it. Paths and values are chosen at run time here, so the store is driven
// through an untyped view of its public API.
import { Ramify, type ChangeType, type IndexValue, type Key, type QueryJSON, type Schema } from '@ramify-db/core';
import { FILTERS, type CollectionDef, type Doc, type QuerySpec, type SimpleOp } from './specs';

export interface Item {
  id: Key;
  n?: IndexValue;
  when?: Date | null;
  code?: string;
  tags?: (string | number)[] | string;
  meta?: { level?: IndexValue; refs?: (string | number | null)[]; note?: string };
  note?: string;
  blob?: unknown;
}

export interface Note {
  k: Key;
  v?: IndexValue;
  note?: string;
}

type TestSchema = { items: Schema<Item, 'id'>; notes: Schema<Note, 'k'> };

/** The collections under test; the model gets the same definitions. */
export const DEFINITIONS: Record<keyof TestSchema, CollectionDef> = {
  items: { primaryKey: 'id', indexes: ['n', 'meta.level', 'when', 'code', ['when', 'n']], multiEntry: ['tags', 'meta.refs'], unique: ['code'] },
  notes: { primaryKey: 'k', indexes: ['v'], multiEntry: [], unique: [] },
};

export interface LooseQuery {
  filter(fn: (doc: Doc) => boolean): LooseQuery;
  sortBy(path: string): LooseQuery;
  reverse(): LooseQuery;
  offset(n: number): LooseQuery;
  limit(n: number): LooseQuery;
  toArray(): Doc[];
  first(): Doc | undefined;
  last(): Doc | undefined;
  count(): number;
  keys(): Key[];
  modify(changes: Doc): Key[];
  delete(): Key[];
  toJSON(): QueryJSON;
}

export interface LooseCollection extends Omit<LooseQuery, 'first' | 'last' | 'modify' | 'delete' | 'toJSON'> {
  add(doc: unknown): Key;
  put(doc: unknown): Key;
  get(key: unknown): Doc | undefined;
  has(key: unknown): boolean;
  update(key: unknown, changes: unknown): Key | undefined;
  delete(key: unknown): Key | undefined;
  bulkAdd(docs: unknown[]): Key[];
  bulkPut(docs: unknown[]): Key[];
  bulkGet(keys: unknown[]): (Doc | undefined)[];
  bulkUpdate(keys: unknown[], changes: unknown): (Key | undefined)[];
  bulkDelete(keys: unknown[]): (Key | undefined)[];
  clear(): void;
  where(path: string | string[]): Record<string, (...args: unknown[]) => LooseQuery>;
  where(criteria: Record<string, unknown>): LooseQuery;
  query(description: QueryJSON): LooseQuery;
  subscribe(listener: (type: ChangeType, keys: Key[]) => void): () => void;
}

export interface RecordedEvent {
  coll: string;
  type: ChangeType;
  keys: Key[];
}

export interface StoreUnderTest {
  transaction<R>(fn: () => R): R;
  deleteAll(): void;
  collections: Record<string, LooseCollection>;
  /** Every change event since the last reset, in delivery order. */
  events: RecordedEvent[];
}

export function openStore(): StoreUnderTest {
  const db = new Ramify().createStore<TestSchema>(DEFINITIONS as unknown as TestSchema);
  const collections = { items: db.items, notes: db.notes } as unknown as Record<string, LooseCollection>;
  const events: RecordedEvent[] = [];
  for (const [coll, collection] of Object.entries(collections)) {
    collection.subscribe((type, keys) => void events.push({ coll, type, keys: [...keys] }));
  }
  return { transaction: (fn) => db.transaction(fn), deleteAll: () => db.delete(), collections, events };
}

/** Builds the query a spec describes; `undefined` when it is the bare collection. */
export function buildQuery(store: StoreUnderTest, spec: QuerySpec): LooseQuery | LooseCollection {
  const collection = store.collections[spec.coll];
  const { start } = spec;
  let query: LooseQuery | LooseCollection =
    start.kind === 'all'
      ? collection
      : start.kind === 'where'
        ? collection.where(start.path)[start.op](...start.args)
        : collection.where(Object.fromEntries(start.entries));
  for (const step of spec.chain) {
    switch (step.step) {
      case 'filter':
        query = query.filter(FILTERS[step.name]);
        break;
      case 'sortBy':
        query = query.sortBy(step.path);
        break;
      case 'reverse':
        query = query.reverse();
        break;
      case 'offset':
        query = query.offset(step.n);
        break;
      case 'limit':
        query = query.limit(step.n);
        break;
    }
  }
  return query;
}

export function runStoreQuery(store: StoreUnderTest, spec: QuerySpec): unknown {
  const query = buildQuery(store, spec);
  switch (spec.terminal) {
    case 'toArray':
      return query.toArray();
    case 'count':
      return query.count();
    case 'keys':
      return query.keys();
    case 'first':
      return (query as LooseQuery).first();
    case 'last':
      return (query as LooseQuery).last();
    case 'json': {
      // Through JSON text, as the bridge sends it.
      const description = JSON.parse(JSON.stringify((query as LooseQuery).toJSON())) as QueryJSON;
      return store.collections[spec.coll].query(description).toArray();
    }
  }
}

export function runStoreOp(store: StoreUnderTest, op: SimpleOp): unknown {
  if (op.kind === 'storeDelete') return store.deleteAll();
  if (op.kind === 'modify') return (buildQuery(store, op.query) as LooseQuery).modify(op.changes);
  if (op.kind === 'queryDelete') return (buildQuery(store, op.query) as LooseQuery).delete();
  const collection = store.collections[op.coll];
  switch (op.kind) {
    case 'add':
      return collection.add(op.doc);
    case 'put':
      return collection.put(op.doc);
    case 'update':
      return collection.update(op.key, op.changes);
    case 'delete':
      return collection.delete(op.key);
    case 'bulkAdd':
      return collection.bulkAdd(op.docs);
    case 'bulkPut':
      return collection.bulkPut(op.docs);
    case 'bulkUpdate':
      return collection.bulkUpdate(op.keys, op.changes);
    case 'bulkDelete':
      return collection.bulkDelete(op.keys);
    case 'clear':
      return collection.clear();
  }
}
