// One condition of a query on one path: its validation, its per-document test, how many documents
// it may match, and how to list them from the index without looking at the others.
import { fail } from './errors';
import { pathReader, RESERVED_NAMES, reservedSegment } from './path';
import { bucketSize, liveSlots, pushSlots, type Slots } from './bucket';
import { bucketOf, countBetween, pickBetween, slotsBetween, walk, type Bound } from './ordered-values';
import type { CollectionState, StoredDoc } from './state';
import { ensureBuilt, freshTag, handOut } from './storage';
import type { Key, Operator } from './types';
import { ownerOf, type ValueIndex } from './value-index';
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
  /** The slot of every match, once each; may be the index's own list: read it, never change it. */
  candidates(): Slots;
  /** The documents of the first `stop` candidates, in their order. */
  candidateDocs(stop: number): StoredDoc[];
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

  /** The index whose ordered values serve ranges and walks: the primary key's own for the key. */
  const ordered = index ?? collection.keyIndex;
  const ready = () => {
    if (!ordered.built) ensureBuilt(collection, ordered);
  };
  /** The slots holding `v`, read-only (it may be the bucket's own list). */
  const slotsOf = (v: unknown): Slots => {
    if (index === null) {
      const slot = collection.slots.get(v as Key);
      return slot === undefined ? NO_SLOTS : [slot];
    }
    // A unique index answers equality from its owners, built or not; null and undefined are no value there.
    if (index.owners !== undefined && v !== undefined && v !== null) {
      const slot = ownerOf(index, v);
      return slot === undefined ? NO_SLOTS : [slot];
    }
    ready();
    const bucket = bucketOf(index.ordered, v);
    return bucket === undefined ? NO_SLOTS : typeof bucket === 'number' ? [bucket] : liveSlots(bucket);
  };
  const sizeOf = (v: unknown): number => {
    if (index === null) return collection.slots.has(v as Key) ? 1 : 0;
    if (index.owners !== undefined && v !== undefined && v !== null) return ownerOf(index, v) === undefined ? 0 : 1;
    ready();
    return bucketSize(bucketOf(index.ordered, v));
  };

  /** The slots of the values in range, in value order (a multiEntry index may list a slot twice). */
  const rangeSlots = (): number[] => {
    ready();
    const r = range as Range;
    const out: number[] = [];
    if (op !== 'startsWith') {
      slotsBetween(ordered.ordered, r.lower, r.upper, out);
      return out;
    }
    // Strings sharing a prefix are contiguous in the order: stop at the first that does not.
    const prefix = args[0] as string;
    walk(ordered.ordered, r.lower, r.upper, false, (v, bucket) => {
      if (typeof v !== 'string' || !v.startsWith(prefix)) return false;
      if (typeof bucket === 'number') out.push(bucket);
      else pushSlots(out, bucket);
      return true;
    });
    return out;
  };

  // Fields written out: an object literal that spreads and then defines methods is built field by
  // field in the runtime, which cost more than everything else a query does before it runs.
  return {
    path: clause.path,
    op,
    args,
    index,
    test,
    walks: range !== undefined,
    estimate() {
      const size = collection.slots.size;
      if (everything) return size;
      if (lookups !== undefined) {
        let sum = 0;
        for (let i = 0; i < lookups.length; i++) sum += sizeOf(lookups[i]);
        return sum;
      }
      if (intersect !== undefined) {
        // A loop, not Math.min(...): a list of 200,000 values would overflow the arguments.
        let least = Infinity;
        for (const v of intersect) least = Math.min(least, sizeOf(v));
        return least;
      }
      // A range: the share of distinct values it spans, times the documents.
      ready();
      const total = ordered.ordered.size;
      if (total === 0) return 0;
      const r = range as Range;
      const share = Math.min(1, countBetween(ordered.ordered, r.lower, r.upper) / total);
      return Math.ceil(share * (multi ? size * 4 : size));
    },
    exactCount() {
      if (lookups === undefined || matchDoc !== undefined || (multi && lookups.length > 1)) return undefined;
      // Distinct values of a plain index never share a document: the sizes add up.
      let sum = 0;
      for (let i = 0; i < lookups.length; i++) sum += sizeOf(lookups[i]);
      return sum;
    },
    candidates() {
      if (everything) {
        const docs = collection.docs;
        const out: number[] = [];
        for (let slot = 0; slot < docs.length; slot++) {
          const doc = docs[slot];
          if (doc !== undefined && test(doc)) out.push(slot);
        }
        return out;
      }
      if (intersect !== undefined) return intersection(collection, intersect.map(slotsOf), op === 'equals' ? test : undefined);
      if (lookups !== undefined) {
        if (lookups.length === 1) return slotsOf(lookups[0]);
        const out: number[] = [];
        for (const v of lookups) {
          const slots = slotsOf(v);
          for (let i = 0; i < slots.length; i++) out.push(slots[i]);
        }
        // Distinct values of a plain index (or keys) never share a document; a multiEntry one may.
        return multi ? distinctSlots(collection, out) : out;
      }
      const out = rangeSlots();
      return multi ? distinctSlots(collection, out) : out;
    },
    candidateDocs(stop) {
      const docs = collection.docs as readonly StoredDoc[];
      if (range !== undefined && !multi && op !== 'startsWith' && collection.thawedCount === 0) {
        // A range of a plain index lists each document once: read them straight from its buckets.
        ready();
        return pickBetween(ordered.ordered, (range as Range).lower, (range as Range).upper, docs, stop);
      }
      const slots = this.candidates();
      const n = Math.min(slots.length, stop);
      const out: StoredDoc[] = new Array(n);
      if (collection.thawedCount === 0) for (let i = 0; i < n; i++) out[i] = docs[slots[i]];
      else for (let i = 0; i < n; i++) out[i] = handOut(collection, slots[i]);
      return out;
    },
  };
}

const NO_SLOTS: Slots = Object.freeze([]);

/** `slots` without repeats, first occurrences kept in order. */
function distinctSlots(collection: CollectionState, slots: number[]): number[] {
  const tag = freshTag(collection);
  const marks = collection.marks;
  let kept = 0;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    if (marks[slot] === tag) continue;
    marks[slot] = tag;
    slots[kept++] = slot;
  }
  slots.length = kept;
  return slots;
}

/** Slots in every list, from the smallest; `exact` re-checks what buckets cannot (exact multiEntry equality). */
function intersection(collection: CollectionState, lists: Slots[], exact: ((doc: unknown) => boolean) | undefined): number[] {
  lists.sort((a, b) => a.length - b.length);
  let out = Array.from(lists[0]);
  for (let l = 1; l < lists.length && out.length > 0; l++) {
    const tag = freshTag(collection);
    const marks = collection.marks;
    const list = lists[l];
    for (let i = 0; i < list.length; i++) marks[list[i]] = tag;
    out = out.filter((slot) => marks[slot] === tag);
  }
  if (exact === undefined) return out;
  const docs = collection.docs;
  return out.filter((slot) => exact(docs[slot]));
}
