// One condition of a query on one path: its validation, its per-document test, how many documents
// it may match, and how to list them from the index without looking at the others.
import { fail } from './errors';
import { pathReader, RESERVED_NAMES, reservedSegment } from './path';
import { searchSorted, settle } from './sorted-values';
import type { CollectionState } from './state';
import { ensureBuilt } from './storage';
import type { Key, Operator } from './types';
import { bucketHas, bucketOf, bucketSize, walkValues, type Bound, type Bucket, type ValueIndex } from './value-index';
import { compareValues, isIndexValue, sameValue } from './value-order';

export interface Clause {
  readonly path: string;
  readonly op: Operator;
  readonly args: readonly unknown[];
}

export interface CompiledClause extends Clause {
  /** null when the clause is on the primary key. */
  readonly index: ValueIndex | null;
  test(doc: unknown): boolean;
  /** An upper bound on the number of matches, computed without visiting them. */
  estimate(): number;
  /** True when listing matches walks the sorted values (a range or prefix): dearer per row than a lookup. */
  readonly walks: boolean;
  /** The exact number of matches when known without visiting them. */
  exactCount(): number | undefined;
  /** The key of every match, once each; may be the index's own Set: read it, never change it. */
  candidates(): Iterable<Key>;
}

const ARITY: Record<Operator, [number, number]> = {
  equals: [1, 1],
  anyOf: [1, 1],
  allOf: [1, 1],
  noneOf: [1, 1],
  above: [1, 1],
  aboveOrEqual: [1, 1],
  below: [1, 1],
  belowOrEqual: [1, 1],
  between: [2, 4],
  startsWith: [1, 1],
};

export function isOperator(op: unknown): op is Operator {
  return typeof op === 'string' && Object.prototype.hasOwnProperty.call(ARITY, op);
}

export function indexedPaths(collection: CollectionState): string[] {
  return [collection.primaryKey, ...collection.byPath.keys()];
}

export function lookupIndex(collection: CollectionState, path: unknown): ValueIndex | null {
  if (path === collection.primaryKey) return null;
  const index = typeof path === 'string' ? collection.byPath.get(path) : undefined;
  if (index === undefined) {
    // No index path holds a reserved name, so this is checked only once the lookup failed.
    if (typeof path === 'string') refuseReserved(collection, path);
    fail('NOT_INDEXED', collection.name, typeof path === 'string' ? path : undefined, path, `where() needs an indexed field; indexed: ${indexedPaths(collection).join(', ')}`);
  }
  return index;
}

/** INVALID_QUERY for a path through __proto__, constructor or prototype, wherever a query names one. */
export function refuseReserved(collection: CollectionState, path: string): void {
  const reserved = reservedSegment(path);
  if (reserved !== undefined) fail('INVALID_QUERY', collection.name, path, path, `the path uses the name ${JSON.stringify(reserved)}: ${RESERVED_NAMES}`);
}

function badValue(collection: CollectionState, clause: Clause, value: unknown, what: string): never {
  return fail('INVALID_QUERY', collection.name, clause.path, value, `${clause.op}() ${what}`);
}

function checkValue(collection: CollectionState, clause: Clause, value: unknown): void {
  if (!isIndexValue(value)) badValue(collection, clause, value, 'needs a string, number, boolean, Date, null or undefined');
}

function checkList(collection: CollectionState, clause: Clause, list: unknown): readonly unknown[] {
  if (!Array.isArray(list)) badValue(collection, clause, list, 'needs an array of values');
  for (const value of list) checkValue(collection, clause, value);
  return list;
}

/** Distinct values, Dates compared by time; linear, as lists may be long. */
function distinct(values: readonly unknown[]): unknown[] {
  const plain = new Set<unknown>();
  const times = new Set<number>();
  const out: unknown[] = [];
  for (const v of values) {
    if (v instanceof Date) {
      const time = v.getTime();
      if (times.has(time)) continue;
      times.add(time);
    } else {
      if (plain.has(v)) continue;
      plain.add(v);
    }
    out.push(v);
  }
  return out;
}

/** A fast membership test for a list of index values. */
function memberOf(values: readonly unknown[]): (v: unknown) => boolean {
  const plain = new Set<unknown>();
  const times = new Set<number>();
  for (const v of values) {
    if (v instanceof Date) times.add(v.getTime());
    else plain.add(v);
  }
  return (v) => (v instanceof Date ? times.has(v.getTime()) : plain.has(v));
}

function elementsOf(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function sameElements(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort(compareValues);
  const y = [...b].sort(compareValues);
  return x.every((v, i) => sameValue(v, y[i]));
}

interface Range {
  lower: Bound | null;
  upper: Bound | null;
}

function rangeOf(clause: Clause): Range {
  const [a, b, c, d] = clause.args;
  switch (clause.op) {
    case 'above':
      return { lower: { value: a, inclusive: false }, upper: null };
    case 'aboveOrEqual':
      return { lower: { value: a, inclusive: true }, upper: null };
    case 'below':
      return { lower: null, upper: { value: a, inclusive: false } };
    case 'belowOrEqual':
      return { lower: null, upper: { value: a, inclusive: true } };
    case 'between':
      return { lower: { value: a, inclusive: c !== false }, upper: { value: b, inclusive: d === true } };
    default:
      // startsWith: strings sort last, so its range starts at the prefix and ends where the prefix stops.
      return { lower: { value: a, inclusive: true }, upper: null };
  }
}

function inRange(range: Range, v: unknown): boolean {
  if (range.lower !== null) {
    const c = compareValues(v, range.lower.value);
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper !== null) {
    const c = compareValues(v, range.upper.value);
    if (c > 0 || (c === 0 && !range.upper.inclusive)) return false;
  }
  return true;
}

export function compileClause(collection: CollectionState, clause: Clause): CompiledClause {
  const index = lookupIndex(collection, clause.path);
  const { op, args } = clause;
  const [min, max] = ARITY[op] ?? badValue(collection, clause, op, 'is not an operator');
  if (args.length < min || args.length > max) badValue(collection, clause, args.length, `takes ${min === max ? min : `${min} to ${max}`} argument(s)`);

  const multi = index !== null && index.multiEntry;
  const read = index === null ? pathReader(collection.primaryKey) : index.read;
  const docs = collection.docs;

  // Each operator defines: a test of one (plain) value, and how to list matches from the index.
  let matchValue: (v: unknown) => boolean;
  let matchDoc: ((doc: unknown) => boolean) | undefined;
  let lookups: unknown[] | undefined; // equality values: union of their buckets
  let intersect: unknown[] | undefined; // values whose buckets must all hold the key (multiEntry)
  let range: Range | undefined;
  let everything = false;

  switch (op) {
    case 'equals': {
      const v = args[0];
      if (multi && Array.isArray(v)) {
        checkList(collection, clause, v);
        matchValue = () => false;
        matchDoc = (doc) => sameElements(elementsOf(read(doc)), v);
        if (v.length === 0) everything = true;
        else intersect = distinct(v);
      } else {
        checkValue(collection, clause, v);
        matchValue = (x) => sameValue(x, v);
        lookups = [v];
      }
      break;
    }
    case 'anyOf':
    case 'noneOf': {
      const values = distinct(checkList(collection, clause, args[0]));
      const has = memberOf(values);
      if (op === 'anyOf') {
        matchValue = has;
        lookups = values;
      } else {
        matchValue = has;
        matchDoc = (doc) => (multi ? !elementsOf(read(doc)).some(has) : !has(read(doc)));
        everything = true;
      }
      break;
    }
    case 'allOf': {
      const values = distinct(checkList(collection, clause, args[0]));
      if (values.length === 0) {
        matchValue = () => true;
        matchDoc = () => true;
        everything = true;
      } else if (multi) {
        matchValue = () => false;
        matchDoc = (doc) => {
          const elements = elementsOf(read(doc));
          return values.every((v) => elements.some((e) => sameValue(e, v)));
        };
        intersect = values;
      } else {
        // A single value can equal every listed value only when they are all the same value.
        const only = values.length === 1 ? values[0] : undefined;
        matchValue = values.length === 1 ? (x) => sameValue(x, only) : () => false;
        lookups = values.length === 1 ? [only] : [];
      }
      break;
    }
    case 'startsWith': {
      const prefix = args[0];
      if (typeof prefix !== 'string') badValue(collection, clause, prefix, 'needs a string prefix');
      matchValue = (x) => typeof x === 'string' && x.startsWith(prefix);
      range = rangeOf(clause);
      break;
    }
    default: {
      for (const v of args.slice(0, 2)) checkValue(collection, clause, v);
      if (op === 'between') {
        for (const flag of args.slice(2)) {
          if (typeof flag !== 'boolean') badValue(collection, clause, flag, 'takes booleans for includeLower and includeUpper');
        }
      }
      const r = rangeOf(clause);
      matchValue = (x) => inRange(r, x);
      range = r;
    }
  }

  const test =
    matchDoc ??
    (multi
      ? (doc: unknown) => {
          const value = read(doc);
          if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) if (matchValue(value[i])) return true;
            return false;
          }
          return value !== undefined && matchValue(value);
        }
      : (doc: unknown) => matchValue(read(doc)));

  const ready = () => {
    if (index !== null && !index.built) ensureBuilt(collection, index);
  };
  const sizeOf = (v: unknown): number => {
    if (index === null) return docs.has(v as Key) ? 1 : 0;
    return bucketSize(bucketOf(index, v));
  };

  const walk = (visit: (value: unknown) => boolean) => {
    const r = range as Range;
    const prefix = op === 'startsWith' ? (args[0] as string) : undefined;
    const each =
      // Strings sharing a prefix are contiguous in the order: stop at the first that does not.
      prefix === undefined ? visit : (v: unknown) => typeof v === 'string' && v.startsWith(prefix) && visit(v);
    if (index === null) walkValues(collection.keys, collection.keyIsLive, r.lower, r.upper, false, each);
    else walkValues(index.sorted, index.live, r.lower, r.upper, false, each);
  };

  return {
    ...clause,
    index,
    test,
    walks: range !== undefined,
    estimate() {
      ready();
      if (everything) return docs.size;
      if (lookups !== undefined) return lookups.reduce<number>((sum, v) => sum + sizeOf(v), 0);
      if (intersect !== undefined) {
        // A loop, not Math.min(...): a list of 200,000 values would overflow the arguments.
        let least = Infinity;
        for (const v of intersect) least = Math.min(least, sizeOf(v));
        return least;
      }
      // A range: the share of distinct values it spans, times the documents.
      const sorted = index === null ? collection.keys : index.sorted;
      const values = settle(sorted, index === null ? collection.keyIsLive : index.live);
      if (values.length === 0) return 0;
      const r = range as Range;
      const from = r.lower === null ? 0 : searchSorted(values, r.lower.value, !r.lower.inclusive);
      const to = r.upper === null ? values.length : searchSorted(values, r.upper.value, r.upper.inclusive);
      const share = Math.max(0, to - from) / values.length;
      return Math.ceil(share * (multi ? docs.size * 4 : docs.size));
    },
    exactCount() {
      ready();
      if (lookups !== undefined && lookups.length === 1 && matchDoc === undefined) return sizeOf(lookups[0]);
      return undefined;
    },
    candidates() {
      ready();
      if (everything) {
        const keys: Key[] = [];
        for (const [key, doc] of docs) if (test(doc)) keys.push(key);
        return keys;
      }
      if (index === null) {
        const keys: Key[] = [];
        if (lookups !== undefined) {
          for (const v of lookups) if (docs.has(v as Key)) keys.push(v as Key);
        } else {
          walk((v) => {
            if (docs.has(v as Key)) keys.push(v as Key);
            return true;
          });
        }
        return keys;
      }
      if (intersect !== undefined) return intersection(index, intersect, op === 'equals' ? test : undefined, docs);
      if (lookups !== undefined && lookups.length === 1) {
        const bucket = bucketOf(index, lookups[0]);
        return bucket === undefined ? [] : typeof bucket === 'object' ? bucket : [bucket];
      }
      const keys = multi ? new Set<Key>() : [];
      const add = multi ? (key: Key) => (keys as Set<Key>).add(key) : (key: Key) => (keys as Key[]).push(key);
      const addBucket = (bucket: Bucket | undefined) => {
        if (bucket === undefined) return;
        if (typeof bucket === 'object') for (const key of bucket) add(key);
        else add(bucket);
      };
      if (lookups !== undefined) for (const v of lookups) addBucket(bucketOf(index, v));
      else
        walk((v) => {
          addBucket(bucketOf(index, v));
          return true;
        });
      return keys;
    },
  };
}

/** Keys in every bucket of `values`, from the smallest; `test` re-checks what buckets cannot (exact multiEntry equality). */
function intersection(index: ValueIndex, values: readonly unknown[], exact: ((doc: unknown) => boolean) | undefined, docs: ReadonlyMap<Key, unknown>): Key[] {
  const buckets = values.map((v) => bucketOf(index, v));
  if (buckets.some((b) => b === undefined)) return [];
  (buckets as Bucket[]).sort((a, b) => bucketSize(a) - bucketSize(b));
  const [smallest, ...others] = buckets as Bucket[];
  const keys: Key[] = [];
  outer: for (const key of typeof smallest === 'object' ? smallest : [smallest]) {
    for (let i = 0; i < others.length; i++) if (!bucketHas(others[i], key)) continue outer;
    keys.push(key);
  }
  return exact === undefined ? keys : keys.filter((key) => exact(docs.get(key)));
}
