// Comparisons between what the store did and what the model says it must do. Each check throws
// an Error naming the step, the expectation and the store's answer; fast-check then shrinks the
// sequence that produced it.
import fc from 'fast-check';
import { isRamifyError, type Key } from '@ramify-db/core';
import type { Model, Outcome, QueryOutcome, Touched } from './naive-store';
import type { CollectionDef, Doc } from './specs';
import type { RecordedEvent, StoreUnderTest } from './store-view';
import { deepEqual, keyId, readPath, sameValue } from './values';

export type Attempt = { ok: true; value: unknown } | { ok: false; error: unknown };

export function attempt(run: () => unknown): Attempt {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

export const show = (value: unknown) => fc.stringify(value);

function mismatch(context: string, problem: string): never {
  throw new Error(`${context}: ${problem}`);
}

const errorText = (error: unknown) =>
  isRamifyError(error) ? `RamifyError ${error.code}: ${error.message}` : `non-Ramify error ${show(error)}`;

/** The store must throw exactly when the model must, with an acceptable code and a message naming the collection. */
export function checkOutcome(
  context: string,
  expected: Outcome,
  actual: Attempt,
  coll: string | undefined,
  sameResult: (a: unknown, b: unknown) => boolean = deepEqual,
): void {
  if (expected.ok && actual.ok) {
    if (!sameResult(actual.value, expected.value)) mismatch(context, `returned ${show(actual.value)}, expected ${show(expected.value)}`);
    return;
  }
  if (expected.ok && !actual.ok) {
    const { error } = actual;
    if (isRamifyError(error) && expected.mayThrow?.has(error.code)) return;
    mismatch(context, `threw ${errorText(error)}, expected to return ${show(expected.value)}`);
  }
  if (!expected.ok && actual.ok) mismatch(context, `returned ${show(actual.value)}, expected an error with code ${[...expected.codes].join(' or ')}`);
  if (!expected.ok && !actual.ok) {
    const { error } = actual;
    if (!isRamifyError(error) || !expected.codes.has(error.code)) {
      mismatch(context, `threw ${errorText(error)}, expected code ${[...expected.codes].join(' or ')}`);
    }
    if (coll !== undefined && !error.message.includes(coll)) mismatch(context, `the ${error.code} message does not name the collection "${coll}": ${error.message}`);
  }
}

export const sameKeySet = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) && deepEqual([...a].map(keyId).sort(), [...b].map(keyId).sort());

export function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && (value instanceof Date || Object.values(value).every(isDeepFrozen));
}

// ---------------------------------------------------------------------------------------------
// Queries

/**
 * Checks documents (or their keys) returned for a query against the model's answer. Without
 * sortBy the order is unspecified, so only membership counts; with sortBy each position must hold
 * a document with the model's sort value there (ties may come in any order).
 */
function checkRows(context: string, def: CollectionDef, expected: QueryOutcome & { ok: true }, rows: unknown[], asKeys: boolean): void {
  const pk = def.primaryKey;
  const byKey = new Map(expected.matches.map((doc) => [keyId(doc[pk]), doc]));
  if (rows.length !== expected.window.length) {
    mismatch(context, `returned ${rows.length} rows ${show(rows)}, expected ${expected.window.length}: ${show(expected.window.map((d) => d[pk]))}`);
  }
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = asKeys ? row : (row as Doc)?.[pk];
    const id = keyId(key);
    if (seen.has(id)) mismatch(context, `returned key ${show(key)} twice`);
    seen.add(id);
    const model = byKey.get(id);
    if (model === undefined) mismatch(context, `returned ${show(row)}, which does not match; expected keys ${show(expected.window.map((d) => d[pk]))}`);
    if (!asKeys) {
      if (!deepEqual(row, model)) mismatch(context, `returned ${show(row)} for key ${show(key)}, the model holds ${show(model)}`);
      if (!isDeepFrozen(row)) mismatch(context, `returned a document that is not deeply frozen: ${show(row)}`);
    }
    if (expected.sortPath !== undefined) {
      const want = readPath(expected.window[i], expected.sortPath);
      const got = readPath(model, expected.sortPath);
      if (!sameValue(got, want)) {
        mismatch(
          context,
          `row ${i} has ${expected.sortPath} = ${show(got)}, expected ${show(want)}; got keys ${show(rows.map((r) => (asKeys ? r : (r as Doc)[pk])))}, expected ${show(expected.window.map((d) => d[pk]))}`,
        );
      }
    }
  });
}

export function checkQueryResult(context: string, coll: string, def: CollectionDef, terminal: string, expected: QueryOutcome, actual: Attempt): void {
  if (!expected.ok) return checkOutcome(context, { ok: false, codes: expected.codes }, actual, coll);
  if (!actual.ok) mismatch(context, `threw ${errorText(actual.error)}, expected ${expected.window.length} rows`);
  const { value } = actual;
  switch (terminal) {
    case 'count':
      if (value !== expected.window.length) mismatch(context, `count() = ${show(value)}, expected ${expected.window.length}`);
      return;
    case 'keys':
    case 'toArray':
    case 'json':
      if (!Array.isArray(value)) mismatch(context, `returned ${show(value)}, expected an array`);
      return checkRows(context, def, expected, value, terminal === 'keys');
    case 'first':
    case 'last': {
      if (expected.window.length === 0) {
        if (value !== undefined) mismatch(context, `${terminal}() = ${show(value)}, expected undefined`);
        return;
      }
      if (value === undefined) mismatch(context, `${terminal}() = undefined, expected a document`);
      const at = terminal === 'first' ? 0 : expected.window.length - 1;
      const one = { ...expected, window: [expected.window[at]] };
      return checkRows(context, def, one, [value], false);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// State

/** The store holds exactly the model's documents, frozen, and every read method agrees. */
export function checkState(context: string, model: Model, store: StoreUnderTest, probeKeys: Record<string, unknown[]>): void {
  for (const [coll, def] of Object.entries(model.defs)) {
    const collection = store.collections[coll];
    const docs = model.data[coll];
    const here = `${context}, collection ${coll}`;
    const all = { ok: true as const, matches: docs, window: docs, sortPath: undefined, descending: false, windowed: false };
    checkRows(`${here}, toArray()`, def, all, collection.toArray(), false);
    checkRows(`${here}, keys()`, def, all, collection.keys(), true);
    if (collection.count() !== docs.length) mismatch(here, `count() = ${collection.count()}, expected ${docs.length}`);
    const keys = [...probeKeys[coll], ...docs.map((doc) => doc[def.primaryKey])];
    const expectedDocs = keys.map((key) => docs.find((doc) => sameValue(doc[def.primaryKey], key)));
    const got = collection.bulkGet(keys);
    keys.forEach((key, i) => {
      const doc = collection.get(key);
      if (!deepEqual(doc, expectedDocs[i])) mismatch(here, `get(${show(key)}) = ${show(doc)}, expected ${show(expectedDocs[i])}`);
      if (got[i] !== doc) mismatch(here, `bulkGet gives ${show(got[i])} for ${show(key)}, get gives ${show(doc)}`);
      if (collection.has(key) !== (doc !== undefined)) mismatch(here, `has(${show(key)}) = ${collection.has(key)} but get gives ${show(doc)}`);
    });
  }
}

export type Identities = Record<string, Map<string, Doc>>;

export function identities(store: StoreUnderTest, defs: Record<string, CollectionDef>): Identities {
  return Object.fromEntries(
    Object.entries(store.collections).map(([coll, collection]) => [
      coll,
      new Map(collection.toArray().map((doc) => [keyId(doc[defs[coll].primaryKey]), doc])),
    ]),
  );
}

/** A document that no write changed keeps its identity (also after a rollback). */
export function checkIdentities(context: string, before: Identities, after: Identities, journal: Map<string, Touched>): void {
  for (const [coll, docs] of Object.entries(before)) {
    const log = journal.get(coll);
    if (log?.clearedNonEmpty) continue;
    for (const [id, doc] of docs) {
      if (log?.changed.has(id)) continue;
      const now = after[coll].get(id);
      if (now !== doc) mismatch(context, `the unchanged document ${show(doc)} in ${coll} lost its identity (now ${show(now)})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Change events

interface ExpectedEvents {
  clear: boolean;
  delete: Set<string>;
  create: Set<string>;
  /** Keys that must be in the update event, and keys that may be (changed, then changed back). */
  update: Set<string>;
  mayUpdate: Set<string>;
}

const ORDER = ['clear', 'delete', 'create', 'update'] as const;

/**
 * Net effects per collection: with a clear, `clear` then `create` of every key at the end; without,
 * per key by comparing before and after. A clear of an empty collection may or may not be reported.
 */
function expectedVariants(pk: string, before: Doc[], after: Doc[], log: Touched | undefined): ExpectedEvents[] {
  const ids = (docs: Doc[]) => new Map(docs.map((doc) => [keyId(doc[pk]), doc]));
  const was = ids(before);
  const now = ids(after);
  const withClear: ExpectedEvents = { clear: true, delete: new Set(), create: new Set(now.keys()), update: new Set(), mayUpdate: new Set() };
  const net: ExpectedEvents = { clear: false, delete: new Set(), create: new Set(), update: new Set(), mayUpdate: new Set() };
  for (const [id, doc] of was) {
    const next = now.get(id);
    if (next === undefined) net.delete.add(id);
    else if (!deepEqual(doc, next)) net.update.add(id);
    else if (log?.changed.has(id)) net.mayUpdate.add(id);
  }
  for (const id of now.keys()) if (!was.has(id)) net.create.add(id);
  if (log?.clearedNonEmpty) return [withClear];
  if (log?.clearedEmpty) return [withClear, net];
  return [net];
}

function eventsMatch(events: RecordedEvent[], expected: ExpectedEvents): string | undefined {
  const types = events.map((event) => event.type);
  const order = types.map((type) => ORDER.indexOf(type));
  if (order.some((position, i) => i > 0 && position <= order[i - 1])) return `event types ${types.join(', ')} are not in the order clear, delete, create, update (each at most once)`;
  const keysOf = (type: (typeof ORDER)[number]) => events.find((event) => event.type === type)?.keys;
  const set = (keys: Key[] | undefined) => new Set((keys ?? []).map(keyId));
  for (const event of events) {
    if (new Set(event.keys.map(keyId)).size !== event.keys.length) return `the ${event.type} event lists a key twice`;
    if (event.type !== 'clear' && event.keys.length === 0) return `an empty ${event.type} event`;
  }
  const clear = keysOf('clear');
  if ((clear !== undefined) !== expected.clear) return expected.clear ? 'no clear event' : 'an unexpected clear event';
  if (clear !== undefined && clear.length > 0) return 'a clear event with keys';
  const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((id) => b.has(id));
  if (!same(set(keysOf('delete')), expected.delete)) return 'delete keys differ';
  if (!same(set(keysOf('create')), expected.create)) return 'create keys differ';
  const update = set(keysOf('update'));
  if (![...expected.update].every((id) => update.has(id))) return 'update keys missing';
  if (![...update].every((id) => expected.update.has(id) || expected.mayUpdate.has(id))) return 'unexpected update keys';
  const seen = new Set<string>();
  for (const event of events) {
    for (const key of event.keys) {
      if (seen.has(keyId(key))) return `key ${show(key)} in two events`;
      seen.add(keyId(key));
    }
  }
  return undefined;
}

export function checkEvents(
  context: string,
  defs: Record<string, CollectionDef>,
  before: Record<string, Doc[]>,
  after: Record<string, Doc[]>,
  journal: Map<string, Touched>,
  events: RecordedEvent[],
): void {
  for (const [coll, def] of Object.entries(defs)) {
    const mine = events.filter((event) => event.coll === coll);
    const variants = expectedVariants(def.primaryKey, before[coll], after[coll], journal.get(coll));
    const problems = variants.map((variant) => eventsMatch(mine, variant));
    if (problems.every((problem) => problem !== undefined)) {
      const describeVariant = (v: ExpectedEvents) =>
        `{ clear: ${v.clear}, delete: [${[...v.delete]}], create: [${[...v.create]}], update: [${[...v.update]}]${v.mayUpdate.size ? `, maybe update: [${[...v.mayUpdate]}]` : ''} }`;
      mismatch(
        `${context}, ${coll} events`,
        `${problems[0]}: got ${show(mine.map(({ type, keys }) => [type, keys]))}, expected ${variants.map(describeVariant).join(' or ')}`,
      );
    }
  }
}
