// One condition of a query on one path: its validation, its per-document test, how many documents
// it may match, and how to list them from the index without looking at the others.
import { fail } from './errors';
import { RESERVED_NAMES, reservedSegment } from './path';
import { bucketSize, liveSlots, pushSlots, type Slots } from './bucket';
import { bucketOf, countBetween, pickBetween, slotsBetween, walk } from './ordered-values';
import { isOperator, OPERATORS, type Clause, type OperatorContext, type Range } from './query-operators';
import type { CollectionState, StoredDoc } from './state';
import { ensureBuilt, freshTag, handOut } from './storage';
import { encodeTuple } from './tuple-order';
import { MAX_PARTS } from './schema';
import type { Key } from './types';
import { ownerOf, type ValueIndex } from './value-index';
import { isIndexValue } from './value-order';

export { isOperator, type Clause } from './query-operators';

export interface CompiledClause extends Clause {
  /** null when the clause is on the primary key. */
  readonly index: ValueIndex | null;
  test(doc: unknown): boolean;
  /** An upper bound on the number of matches, computed without visiting them. */
  estimate(): number;
  /** True when listing matches walks the sorted values (a range or prefix): dearer per row than a lookup. */
  readonly walks: boolean;
  /** The range of a range operator (not startsWith), its bounds in the clause's values. */
  readonly range: Range | undefined;
  /** The exact number of matches when known without visiting them. */
  exactCount(): number | undefined;
  /** The slot of every match, once each; may be the index's own list: read it, never change it. */
  candidates(): Slots;
  /** The documents of the first `stop` candidates, in their order. */
  candidateDocs(stop: number): StoredDoc[];
}

export function indexedPaths(collection: CollectionState): string[] {
  return [collection.primaryKey, ...collection.byPath.keys()];
}

/** The name of a clause's path in messages: the path, or `[a+b]` for compound paths. */
export function pathName(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  const named = Array.isArray(path) && path.length <= MAX_PARTS && path.every((part) => typeof part === 'string');
  return named ? `[${path.join('+')}]` : undefined;
}

/**
 * The index a query path names: null for the primary key. A string names a path's own index, an
 * array of paths a compound index (or a compound key) with those parts in that order.
 */
export function lookupIndex(collection: CollectionState, path: unknown): ValueIndex | null {
  const compound = Array.isArray(path);
  const name = pathName(path);
  if (name === undefined && compound) fail('INVALID_QUERY', collection.name, undefined, path, `a compound path is an array of at most ${MAX_PARTS} path strings`);
  if (name === collection.primaryKey && compound === (collection.keyParts !== undefined)) return null;
  const index = name === undefined ? undefined : collection.byPath.get(name);
  if (index === undefined || compound !== (index.parts !== undefined)) {
    // No index path holds a reserved name, so this is checked only once the lookup failed.
    for (const part of compound ? (path as string[]) : typeof path === 'string' ? [path] : []) refuseReserved(collection, part);
    fail('NOT_INDEXED', collection.name, name, path, `where() needs an indexed field; indexed: ${indexedPaths(collection).join(', ')}`);
  }
  return index;
}

/** INVALID_QUERY for a path through __proto__, constructor or prototype, wherever a query names one. */
export function refuseReserved(collection: CollectionState, path: string): void {
  const reserved = reservedSegment(path);
  if (reserved !== undefined) fail('INVALID_QUERY', collection.name, path, path, `the path uses the name ${JSON.stringify(reserved)}: ${RESERVED_NAMES}`);
}

/** Checks an operand and gives it in the index's form: a compound index's tuple as its string. */
function operandOf(collection: CollectionState, parts: readonly string[] | undefined, field: string, op: string) {
  const bad = (value: unknown, what: string): never => fail('INVALID_QUERY', collection.name, field, value, `${op}() ${what}`);
  if (parts === undefined) {
    return (v: unknown): unknown => (isIndexValue(v) ? v : bad(v, 'needs a string, number, boolean, Date, null or undefined'));
  }
  return (v: unknown, prefix = false): unknown => {
    if (!Array.isArray(v) || v.length > parts.length || v.length < (prefix ? 1 : parts.length)) {
      const size = prefix ? `1 to ${parts.length}` : `${parts.length}`;
      return bad(v, `needs a tuple of ${size} values (${parts.join(', ')}) on a compound index`);
    }
    for (let i = 0; i < v.length; i++) {
      if (!isIndexValue(v[i])) bad(v, `needs a string, number, boolean, Date, null or undefined for ${parts[i]}`);
    }
    return encodeTuple(v);
  };
}

export function compileClause(collection: CollectionState, clause: Clause): CompiledClause {
  const index = lookupIndex(collection, clause.path);
  const { op, args } = clause;
  const field = pathName(clause.path) as string;
  const operator = isOperator(op) ? OPERATORS[op] : fail('INVALID_QUERY', collection.name, field, op, `${String(op)}() is not an operator`);
  const [min, max] = operator.arity;
  if (args.length < min || args.length > max) {
    fail('INVALID_QUERY', collection.name, field, args.length, `${op}() takes ${min === max ? min : `${min} to ${max}`} argument(s)`);
  }
  const multi = index !== null && index.multiEntry;
  const keyIndex = collection.keyIndex;
  const read = index === null ? keyIndex.read : index.read;
  const parts = index === null ? collection.keyParts : index.parts;
  const ctx: OperatorContext = { collection, clause, field, multi, parts, read, value: operandOf(collection, parts, field, op) };
  const { matchValue, matchDoc, lookups, intersect, range, prefix, everything = false } = operator.plan(ctx, args);

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
    // A unique index answers equality from its owners, built or not; null and undefined are no value
    // there (nor is a compound tuple with such a part: compound indexes ask their values).
    if (index.owners !== undefined && index.parts === undefined && v !== undefined && v !== null) {
      const slot = ownerOf(index, v);
      return slot === undefined ? NO_SLOTS : [slot];
    }
    ready();
    const bucket = bucketOf(index.ordered, v);
    return bucket === undefined ? NO_SLOTS : typeof bucket === 'number' ? [bucket] : liveSlots(bucket);
  };
  const sizeOf = (v: unknown): number => {
    if (index === null) return collection.slots.has(v as Key) ? 1 : 0;
    if (index.owners !== undefined && index.parts === undefined && v !== undefined && v !== null) return ownerOf(index, v) === undefined ? 0 : 1;
    ready();
    return bucketSize(bucketOf(index.ordered, v));
  };

  /** The slots of the values in range, in value order (a multiEntry index may list a slot twice). */
  const rangeSlots = (): number[] => {
    ready();
    const r = range as Range;
    const out: number[] = [];
    if (prefix === undefined) {
      slotsBetween(ordered.ordered, r.lower, r.upper, out);
      return out;
    }
    // Strings sharing a prefix are contiguous in the order: stop at the first that does not.
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
    range: prefix === undefined ? range : undefined,
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
      if (range !== undefined && !multi && prefix === undefined && collection.thawedCount === 0) {
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
