// A deliberately naive model of the store: one plain array per collection, every lookup a scan,
// every write applied to a copy and committed only if the whole operation is valid. It shares no
// code with src/ramify; its rules come from SPEC §1 and the design notes.
import { FILTERS, type ChainStep, type CollectionDef, type Doc, type Operator, type SimpleOp, type QuerySpec, type Start } from './specs';
import {
  compareValues,
  deepCopy,
  deepEqual,
  elementsOf,
  isIndexValue,
  isKey,
  isPlainData,
  keyId,
  readPath,
  sameValue,
} from './values';

export interface Model {
  defs: Record<string, CollectionDef>;
  data: Record<string, Doc[]>;
}

/**
 * What an operation must do. `codes` lists the acceptable error codes when several faults are
 * present (the SPEC does not say which is reported first). `mayThrow`: SPEC leaves open whether
 * invalid changes for documents that do not exist are rejected; either answer is accepted then.
 */
export type Outcome = { ok: true; value: unknown; mayThrow?: Set<string> } | { ok: false; codes: Set<string> };

/** What a committed operation touched, per collection, for the expected change events. */
export interface Touched {
  clearedNonEmpty: boolean;
  clearedEmpty: boolean;
  /** Keys whose document was at some point replaced by a different one, created or deleted. */
  changed: Set<string>;
}
export type Journal = Map<string, Touched>;

export function createModel(defs: Record<string, CollectionDef>): Model {
  return { defs, data: Object.fromEntries(Object.keys(defs).map((name) => [name, []])) };
}

export const snapshotData = (model: Model): Record<string, Doc[]> =>
  Object.fromEntries(Object.entries(model.data).map(([name, docs]) => [name, docs.slice()]));

export function touched(journal: Journal, coll: string): Touched {
  let entry = journal.get(coll);
  if (entry === undefined) journal.set(coll, (entry = { clearedNonEmpty: false, clearedEmpty: false, changed: new Set() }));
  return entry;
}

export function mergeJournal(into: Journal, from: Journal): void {
  for (const [coll, entry] of from) {
    const target = touched(into, coll);
    target.clearedNonEmpty ||= entry.clearedNonEmpty;
    target.clearedEmpty ||= entry.clearedEmpty;
    for (const key of entry.changed) target.changed.add(key);
  }
}

const ok = (value: unknown, mayThrow?: Set<string>): Outcome => ({ ok: true, value, ...(mayThrow && mayThrow.size > 0 ? { mayThrow } : {}) });
const fail = (...codes: Iterable<string>[]): Outcome => ({ ok: false, codes: new Set(codes.flatMap((c) => [...c])) });

// ---------------------------------------------------------------------------------------------
// Validation

/** Every rule a single document can break on its own. */
export function documentFaults(def: CollectionDef, doc: unknown): Set<string> {
  const faults = new Set<string>();
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !isPlainData(doc)) faults.add('INVALID_DOCUMENT');
  if (doc === null || typeof doc !== 'object') return faults;
  if (!isKey((doc as Doc)[def.primaryKey])) faults.add('INVALID_KEY');
  for (const path of [...def.indexes, ...def.unique].flat()) {
    if (!isIndexValue(readPath(doc, path))) faults.add('INVALID_INDEX_VALUE');
  }
  for (const path of def.multiEntry) {
    const value = readPath(doc, path);
    const valid = Array.isArray(value) ? value.every((e) => e !== undefined && isIndexValue(e)) : isIndexValue(value);
    if (!valid) faults.add('INVALID_INDEX_VALUE');
  }
  return faults;
}

const findKey = (def: CollectionDef, docs: Doc[], key: unknown) => docs.findIndex((doc) => sameValue(doc[def.primaryKey], key));

/** The unique paths on which `doc` would clash with another document (ignoring position `self`). */
function uniqueClash(def: CollectionDef, docs: Doc[], doc: Doc, self: number): boolean {
  return def.unique.some((path) => {
    const value = readPath(doc, path);
    if (value === undefined || !isIndexValue(value)) return false;
    return docs.some((other, i) => i !== self && sameValue(readPath(other, path), value));
  });
}

// ---------------------------------------------------------------------------------------------
// Writes on a working copy of one collection

function writeDoc(def: CollectionDef, docs: Doc[], doc: Doc, mode: 'add' | 'put', log: Touched): Outcome {
  const faults = documentFaults(def, doc);
  const key = doc?.[def.primaryKey];
  const at = isKey(key) ? findKey(def, docs, key) : -1;
  const stateFaults = new Set<string>();
  if (isKey(key)) {
    if (mode === 'add' && at >= 0) stateFaults.add('DUPLICATE_KEY');
    else if (uniqueClash(def, docs, doc, at)) stateFaults.add('UNIQUE_VIOLATION');
  }
  if (faults.size > 0 || stateFaults.size > 0) return fail(faults, stateFaults);
  const copy = deepCopy(doc);
  if (at < 0) {
    docs.push(copy);
    log.changed.add(keyId(key));
  } else if (!deepEqual(docs[at], copy)) {
    docs[at] = copy;
    log.changed.add(keyId(key));
  }
  return ok(key);
}

/** Shallow merge; a change whose value is undefined removes the field. (Copied once valid.) */
export function mergeChanges(doc: Doc, changes: Doc): Doc {
  const next: Doc = { ...doc };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  return next;
}

/** Faults visible in the changes alone, which a store may report before looking for documents. */
function changeFaults(def: CollectionDef, changes: Doc): Set<string> {
  const faults = documentFaults(def, mergeChanges({ [def.primaryKey]: 'placeholder' }, changes));
  if (Object.hasOwn(changes, def.primaryKey) && !isKey(changes[def.primaryKey])) faults.add('INVALID_KEY');
  return faults;
}

function updateDoc(def: CollectionDef, docs: Doc[], key: unknown, changes: Doc, log: Touched): Outcome {
  const at = findKey(def, docs, key);
  if (at < 0) return ok(undefined, changeFaults(def, changes));
  const old = docs[at];
  const next = mergeChanges(old, changes);
  const faults = documentFaults(def, next);
  const newKey = next[def.primaryKey];
  const stateFaults = new Set<string>();
  if (isKey(newKey)) {
    const moved = !sameValue(newKey, key);
    if (moved && findKey(def, docs, newKey) >= 0) stateFaults.add('DUPLICATE_KEY');
    else if (uniqueClash(def, docs, next, at)) stateFaults.add('UNIQUE_VIOLATION');
  }
  if (faults.size > 0 || stateFaults.size > 0) return fail(faults, stateFaults, changeFaults(def, changes));
  if (deepEqual(old, next)) return ok(key);
  if (sameValue(newKey, key)) {
    docs[at] = deepCopy(next);
  } else {
    docs.splice(at, 1);
    docs.push(deepCopy(next));
    log.changed.add(keyId(newKey));
  }
  log.changed.add(keyId(key));
  return ok(newKey);
}

function deleteDoc(def: CollectionDef, docs: Doc[], key: unknown, log: Touched): Outcome {
  const at = findKey(def, docs, key);
  if (at < 0) return ok(undefined);
  docs.splice(at, 1);
  log.changed.add(keyId(key));
  return ok(key);
}

// ---------------------------------------------------------------------------------------------
// Queries

export type QueryOutcome =
  | { ok: false; codes: Set<string> }
  | {
      ok: true;
      /** Every matching document, sorted when the query sorts. */
      matches: Doc[];
      /** The part offset and limit keep. */
      window: Doc[];
      sortPath: string | undefined;
      descending: boolean;
      windowed: boolean;
    };

/**
 * A compound clause: the document's tuple against tuples, part by part; a bound shorter than the
 * tuple is compared with as many parts, so it stands for every tuple it begins.
 */
function compoundMatches(doc: Doc, paths: string[], op: Operator, args: unknown[]): boolean {
  const tuple = paths.map((path) => readPath(doc, path));
  const cmp = (bound: unknown) => {
    const parts = bound as unknown[];
    for (let i = 0; i < parts.length; i++) {
      const c = compareValues(tuple[i], parts[i]);
      if (c !== 0) return c;
    }
    return 0;
  };
  const [a, b] = args;
  switch (op) {
    case 'equals':
      return cmp(a) === 0;
    case 'anyOf':
      return (a as unknown[]).some((t) => cmp(t) === 0);
    case 'noneOf':
      return !(a as unknown[]).some((t) => cmp(t) === 0);
    case 'above':
      return cmp(a) > 0;
    case 'aboveOrEqual':
      return cmp(a) >= 0;
    case 'below':
      return cmp(a) < 0;
    case 'belowOrEqual':
      return cmp(a) <= 0;
    case 'between': {
      const includeLower = args.length > 2 ? (args[2] as boolean) : true;
      const includeUpper = args.length > 3 ? (args[3] as boolean) : false;
      const lo = cmp(a);
      const hi = cmp(b);
      return (includeLower ? lo >= 0 : lo > 0) && (includeUpper ? hi <= 0 : hi < 0);
    }
    default:
      throw new Error(`the model has no compound ${op}`);
  }
}

function clauseMatches(def: CollectionDef, doc: Doc, path: string | string[], op: Operator, args: unknown[]): boolean {
  if (Array.isArray(path)) return compoundMatches(doc, path, op, args);
  const value = path === def.primaryKey ? doc[path] : readPath(doc, path);
  const multi = def.multiEntry.includes(path);
  const elements = multi ? elementsOf(value) : [value];
  const contains = (v: unknown) => elements.some((e) => sameValue(e, v));
  const some = (test: (e: unknown) => boolean) => elements.some(test);
  const [a, b] = args;
  switch (op) {
    case 'equals':
      // An array on a multiEntry index: the same elements, order ignored (as sorted lists, so counts matter).
      if (multi && Array.isArray(a)) return sameSortedList(elements, a);
      return contains(a);
    case 'anyOf':
      return (a as unknown[]).some(contains);
    case 'allOf':
      return (a as unknown[]).every(contains);
    case 'noneOf':
      return !(a as unknown[]).some(contains);
    case 'above':
      return some((e) => compareValues(e, a) > 0);
    case 'aboveOrEqual':
      return some((e) => compareValues(e, a) >= 0);
    case 'below':
      return some((e) => compareValues(e, a) < 0);
    case 'belowOrEqual':
      return some((e) => compareValues(e, a) <= 0);
    case 'between': {
      const includeLower = args.length > 2 ? (args[2] as boolean) : true;
      const includeUpper = args.length > 3 ? (args[3] as boolean) : false;
      return some((e) => {
        const lo = compareValues(e, a);
        const hi = compareValues(e, b);
        return (includeLower ? lo >= 0 : lo > 0) && (includeUpper ? hi <= 0 : hi < 0);
      });
    }
    case 'startsWith':
      return some((e) => typeof e === 'string' && e.startsWith(a as string));
  }
}

function startMatches(def: CollectionDef, doc: Doc, start: Start): boolean {
  switch (start.kind) {
    case 'all':
      return true;
    case 'where':
      return clauseMatches(def, doc, start.path, start.op, start.args);
    case 'criteria':
      return start.entries.every(([path, value]) => {
        if (!Array.isArray(value)) return clauseMatches(def, doc, path, 'equals', [value]);
        return def.multiEntry.includes(path) ? clauseMatches(def, doc, path, 'equals', [value]) : clauseMatches(def, doc, path, 'anyOf', [value]);
      });
  }
}

function sameSortedList(a: unknown[], b: unknown[]): boolean {
  const x = [...a].sort(compareValues);
  const y = [...b].sort(compareValues);
  return x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
}

const startPaths = (start: Start) => (start.kind === 'where' ? [start.path] : start.kind === 'criteria' ? start.entries.map(([path]) => path) : []);

export function runQuery(model: Model, query: QuerySpec): QueryOutcome {
  const def = model.defs[query.coll];
  const queryable = [def.primaryKey, ...def.indexes, ...def.multiEntry, ...def.unique].map(String);
  if (startPaths(query.start).some((path) => !queryable.includes(String(path)))) return { ok: false, codes: new Set(['NOT_INDEXED']) };
  const step = <S extends ChainStep['step']>(name: S) => query.chain.find((s) => s.step === name) as Extract<ChainStep, { step: S }> | undefined;
  let matches = model.data[query.coll].filter((doc) => startMatches(def, doc, query.start));
  const filter = step('filter');
  if (filter) matches = matches.filter(FILTERS[filter.name]);
  const sortPath = step('sortBy')?.path;
  const descending = step('reverse') !== undefined;
  if (sortPath !== undefined) {
    const sign = descending ? -1 : 1;
    matches = matches.slice().sort((x, y) => sign * compareValues(readPath(x, sortPath), readPath(y, sortPath)));
  }
  const offset = step('offset')?.n ?? 0;
  const limit = step('limit')?.n;
  const window = matches.slice(offset, limit === undefined ? undefined : offset + limit);
  return { ok: true, matches, window, sortPath, descending, windowed: offset > 0 || limit !== undefined };
}

// ---------------------------------------------------------------------------------------------
// Operations

/**
 * Applies one operation to the model: on success the model and `journal` are updated, on failure
 * neither is. (The test drives transactions one inner operation at a time.)
 */
export function apply(model: Model, op: SimpleOp, journal: Journal): Outcome {
  const local: Journal = new Map();
  const working = snapshotData(model);
  const outcome = applyTo(model.defs, working, op, local);
  if (outcome.ok) {
    model.data = working;
    mergeJournal(journal, local);
  }
  return outcome;
}

function applyTo(defs: Record<string, CollectionDef>, data: Record<string, Doc[]>, op: SimpleOp, journal: Journal): Outcome {
  if (op.kind === 'storeDelete') {
    for (const coll of Object.keys(data)) clearCollection(data, coll, journal);
    return ok(undefined);
  }
  const coll = op.kind === 'modify' || op.kind === 'queryDelete' ? op.query.coll : op.coll;
  const def = defs[coll];
  const docs = data[coll];
  const log = touched(journal, coll);
  switch (op.kind) {
    case 'add':
    case 'put':
      return writeDoc(def, docs, op.doc, op.kind, log);
    case 'update':
      return updateDoc(def, docs, op.key, op.changes, log);
    case 'delete':
      return deleteDoc(def, docs, op.key, log);
    case 'bulkAdd':
    case 'bulkPut': {
      // A store may validate every document before writing any; then the first invalid one is reported.
      const firstInvalid = op.docs.map((doc) => documentFaults(def, doc)).find((faults) => faults.size > 0) ?? new Set<string>();
      return sequence(op.docs, (doc) => writeDoc(def, docs, doc, op.kind === 'bulkAdd' ? 'add' : 'put', log), firstInvalid);
    }
    case 'bulkUpdate':
      return sequence(op.keys, (key) => updateDoc(def, docs, key, op.changes, log), changeFaults(def, op.changes));
    case 'bulkDelete':
      return sequence(op.keys, (key) => deleteDoc(def, docs, key, log), new Set());
    case 'clear':
      clearCollection(data, coll, journal);
      return ok(undefined);
    case 'modify':
    case 'queryDelete': {
      const result = runQuery({ defs, data }, op.query);
      if (!result.ok) return fail(result.codes);
      const keys = result.window.map((doc) => doc[def.primaryKey]);
      if (op.kind === 'queryDelete') {
        for (const key of keys) deleteDoc(def, docs, key, log);
        return ok(keys);
      }
      const before = new Set(log.changed);
      const outcome = sequence(keys, (key) => updateDoc(def, docs, key, op.changes, log), changeFaults(def, op.changes));
      if (!outcome.ok) return outcome;
      // modify returns the keys whose document changed.
      const changed = keys.filter((key) => log.changed.has(keyId(key)) && !before.has(keyId(key)));
      return ok(changed, keys.length === 0 ? changeFaults(def, op.changes) : undefined);
    }
  }
}

/** Runs `step` over `items` in order; the first failure fails the whole (the caller discards the copy). */
function sequence<T>(items: readonly T[], step: (item: T) => Outcome, upfront: Set<string>): Outcome {
  const values: unknown[] = [];
  const mayThrow = new Set<string>();
  for (const item of items) {
    const outcome = step(item);
    if (!outcome.ok) return fail(outcome.codes, upfront);
    values.push(outcome.value);
    for (const code of outcome.mayThrow ?? []) mayThrow.add(code);
  }
  return ok(values, mayThrow);
}

function clearCollection(data: Record<string, Doc[]>, coll: string, journal: Journal): void {
  const log = touched(journal, coll);
  if (data[coll].length > 0) log.clearedNonEmpty = true;
  else log.clearedEmpty = true;
  data[coll] = [];
}
