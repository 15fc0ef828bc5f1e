// Turns a call message into a call on the store, checking everything the core does not: that the
// collection and method exist and that the arguments have the right count. Values (keys,
// documents, query operands) are the core's to check, so a remote call fails exactly as the same
// call made locally would, with the core's error code.
import { RamifyError, type Store, type StoreMembers, type StoreSchema } from '@ramify-db/core';
import { decode } from './codec';
import type { PrimaryKey } from './doc-key';
import { bridgeError } from './errors';
import { MAX_DEPTH, MAX_MEMBERS, nestingOf, type Nesting } from './limits';
import type { CallSpec, StoreCall } from './api';
import { isObject, methodSpec, readPayload, type CallMessage } from './protocol';

// The store is used generically here: names arrive as strings, and are checked against api.ts
// before a call; values are passed as they came, and the core checks every one of them. That is
// what makes the casts to these loose views below sound.
type AnyFn = (...args: unknown[]) => unknown;
export type LooseCollection = Record<string, AnyFn> & { primaryKey: PrimaryKey; collectionName: string };
type LooseQuery = Record<string, AnyFn> & { observe(callback: (docs: Record<string, unknown>[]) => void, onError: (error: unknown) => void): () => void };

export interface PreparedCall {
  collection: string;
  method: string;
  args: unknown[];
  query: Record<string, unknown> | undefined;
  spec: CallSpec;
}

// `collection` comes with a description built by `query.toJSON()`; the core checks it names this collection.
const QUERY_STEPS = ['collection', 'sortBy', 'reverse', 'offset', 'limit'];

function where(collection: string, method: string): string {
  return collection === '' ? `store.${method}` : `${collection}.${method}`;
}

export function collectionOf<S extends StoreSchema>(db: Store<S>, name: string): LooseCollection {
  const collections = db.collections as unknown as Record<string, LooseCollection>;
  if (!Object.hasOwn(collections, name)) {
    throw bridgeError('BAD_REQUEST', `unknown collection ${JSON.stringify(name)}; the store has ${Object.keys(collections).map((n) => JSON.stringify(n)).join(', ')}`, {
      collection: name,
      value: name,
    });
  }
  return collections[name];
}

/** Decodes and checks a call; throws BAD_REQUEST naming what is wrong. */
export function prepareCall<S extends StoreSchema>(db: Store<S>, message: CallMessage): PreparedCall {
  const { c: collection, m: method } = message;
  checkPayloadDepth(collection, method, message.v);
  const payload = readPayload(decode(message.v, message.x));
  if (typeof payload === 'string') throw bridgeError('BAD_REQUEST', `${where(collection, method)}: ${payload}`, { collection: collection || undefined });
  if (collection !== '') collectionOf(db, collection);
  const spec = methodSpec(collection, method, payload.q !== undefined);
  if (spec === undefined) {
    const kind = collection === '' ? 'store' : payload.q !== undefined ? 'query' : 'collection';
    throw bridgeError('BAD_REQUEST', `${where(collection, method)}: unknown ${kind} method ${JSON.stringify(method)}`, {
      collection: collection || undefined,
      value: method,
    });
  }
  if (payload.a.length > spec.arity) {
    throw bridgeError('BAD_REQUEST', `${where(collection, method)}: takes ${spec.arity} argument${spec.arity === 1 ? '' : 's'}, got ${payload.a.length}`, {
      collection: collection || undefined,
      value: payload.a.length,
    });
  }
  return { collection, method, args: payload.a, query: payload.q as Record<string, unknown> | undefined, spec };
}

/**
 * Refuses a payload nested deeper than documents may be, as the page sent it: before decoding
 * (which revives Maps and errors whose insides the check would not see) and before the core and
 * the codec walk it recursively.
 */
export function checkPayloadDepth(collection: string, method: string, payload: unknown): void {
  if (!isObject(payload)) return;
  const budget = { left: MAX_MEMBERS };
  if (Array.isArray(payload.a)) checkDepth(collection, method, methodSpec(collection, method, payload.q !== undefined), payload.a, budget);
  if (payload.q !== undefined) checkQueryDepth(collection, method, payload.q, budget);
}

function shapeProblem(nesting: Exclude<Nesting, undefined>): string {
  return nesting === 'too deep'
    ? `is nested more than ${MAX_DEPTH} levels deep`
    : `holds more than ${MAX_MEMBERS.toLocaleString('en-US')} members (an object shared by several places counts at each)`;
}

/** The first argument of a bulk method is a list of documents or keys: each may nest as deep as one. */
function checkDepth(collection: string, method: string, spec: CallSpec | undefined, args: readonly unknown[], budget: { left: number }): void {
  for (let i = 0; i < args.length; i++) {
    const list = i === 0 && method.startsWith('bulk') && Array.isArray(args[i]);
    const nesting = nestingOf(args[i], list ? MAX_DEPTH + 1 : MAX_DEPTH, budget);
    if (nesting === undefined) continue;
    throw new RamifyError(
      nesting === 'too deep' && spec?.documents ? 'INVALID_DOCUMENT' : 'BAD_REQUEST',
      `${where(collection, method)}: ${list ? 'an item of ' : ''}argument ${i + 1} ${shapeProblem(nesting)}`,
      { collection: collection || undefined },
    );
  }
}

/** Refuses a query description nested deeper than any query needs, before the core walks its operands. */
function checkQueryDepth(collection: string, method: string, query: unknown, budget: { left: number }): void {
  const nesting = nestingOf(query, MAX_DEPTH, budget);
  if (nesting !== undefined) {
    throw new RamifyError('INVALID_QUERY', `${where(collection, method)}: the query ${shapeProblem(nesting)}`, { collection });
  }
}

/**
 * Rebuilds a query from what the page sent: the core's clauses (or criteria, which the core turns
 * into clauses, since only the background knows which paths are multiEntry) plus the chain steps,
 * validated by `collection.query(description)`.
 */
export function buildQuery(collection: LooseCollection, name: string, query: Record<string, unknown>): LooseQuery {
  const { criteria, where: clauses, ...steps } = query;
  for (const key of Object.keys(steps)) {
    if (!QUERY_STEPS.includes(key)) throw bridgeError('BAD_REQUEST', `${name}: unknown query step ${JSON.stringify(key)}`, { collection: name, value: key });
  }
  let description: Record<string, unknown>;
  if (criteria !== undefined) {
    if (!isObject(criteria)) throw bridgeError('BAD_REQUEST', `${name}: criteria must be an object`, { collection: name, value: criteria });
    const expanded = (collection.where(criteria) as LooseQuery).toJSON() as { where: unknown[] };
    // where(criteria).and(path)…: the page's clauses follow those the criteria expand to (the core
    // refuses a `where` that is not a list of clauses).
    description = { ...expanded, where: Array.isArray(clauses) ? [...expanded.where, ...clauses] : (clauses ?? expanded.where), ...steps };
  } else {
    description = { collection: name, where: clauses ?? [], ...steps };
  }
  try {
    return collection.query(description) as LooseQuery;
  } catch (error) {
    // The core reports anything wrong inside a description as INVALID_QUERY, with the original
    // error as its cause. A page that built its query with fluent calls (no `collection` in what it
    // sent) gets what those calls throw locally: where('title') is NOT_INDEXED, as in the background.
    const cause = (error as { cause?: unknown }).cause;
    if (query.collection === undefined && (error as RamifyError).code === 'INVALID_QUERY' && cause instanceof RamifyError) throw cause;
    throw error;
  }
}

/** Runs a prepared call. Throws what the core throws. */
export function runCall<S extends StoreSchema>(db: Store<S>, call: PreparedCall): unknown {
  if (call.collection === '') {
    const members: StoreMembers<S> = db;
    // prepareCall found the method in STORE_CALLS.
    return members[call.method as StoreCall]();
  }
  const collection = collectionOf(db, call.collection);
  if (call.query !== undefined) return buildQuery(collection, call.collection, call.query)[call.method](...call.args);
  if (call.method === 'entries') {
    const docs: unknown[] = [];
    const keys: unknown[] = [];
    collection.each((doc: unknown, key: unknown) => {
      docs.push(doc);
      keys.push(key);
    });
    return [docs, keys];
  }
  return collection[call.method](...call.args);
}
