// A secondary index: value -> keys of the documents holding it, plus the values in order.
// Plain and multiEntry indexes share this structure; they differ only in which values a document
// contributes (one value, or each element of an array). Equality is a Map lookup; ranges walk the sorted values.
import { fail } from './errors';
import { pathReader } from './path';
import { createSortedValues, noteAdded, noteRemoved, searchSorted, settle, type SortedValues } from './sorted-values';
import type { Key } from './types';
import { isIndexValue } from './value-order';

/**
 * The keys holding one value. Most values of a selective index (timestamps, urls) belong to one
 * document, so a lone key is stored bare and becomes a Set only when a second key joins it.
 */
export type Bucket = Key | Set<Key>;

export function bucketSize(bucket: Bucket | undefined): number {
  return bucket === undefined ? 0 : typeof bucket === 'object' ? bucket.size : 1;
}

export function bucketKeys(bucket: Bucket | undefined): Iterable<Key> {
  return bucket === undefined ? [] : typeof bucket === 'object' ? bucket : [bucket];
}

export function bucketHas(bucket: Bucket | undefined, key: Key): boolean {
  return bucket !== undefined && (typeof bucket === 'object' ? bucket.has(key) : bucket === key);
}

export interface ValueIndex {
  readonly path: string;
  /** The top-level field the path starts with: an update that leaves it alone leaves the index alone. */
  readonly root: string;
  readonly multiEntry: boolean;
  readonly unique: boolean;
  readonly read: (doc: unknown) => unknown;
  /** Non-Date values; Dates live in `dates` by time value so a number never meets a Date. */
  readonly buckets: Map<unknown, Bucket>;
  readonly dates: Map<number, Bucket>;
  readonly sorted: SortedValues;
  readonly live: (value: unknown) => boolean;
  /**
   * False after a bulk load deferred this index: it holds nothing and is built from the documents
   * by the first query that needs it. Unique indexes are always built: every write checks them.
   */
  built: boolean;
}

export function createValueIndex(path: string, multiEntry: boolean, unique: boolean): ValueIndex {
  const buckets = new Map<unknown, Bucket>();
  const dates = new Map<number, Bucket>();
  return {
    path,
    root: path.split('.')[0],
    multiEntry,
    unique,
    read: pathReader(path),
    buckets,
    dates,
    sorted: createSortedValues(),
    built: true,
    live: (value) => (value instanceof Date ? dates.has(value.getTime()) : buckets.has(value)),
  };
}

export function bucketOf(index: ValueIndex, value: unknown): Bucket | undefined {
  return value instanceof Date ? index.dates.get(value.getTime()) : index.buckets.get(value);
}

const NONE: readonly unknown[] = Object.freeze([]);

/** Throws INVALID_INDEX_VALUE unless the document's value (or every element, for multiEntry) can be indexed. */
export function checkIndexValue(index: ValueIndex, doc: unknown, collection: string): void {
  const value = index.read(doc);
  if (isIndexValue(value)) return;
  if (!index.multiEntry || !Array.isArray(value)) invalid(index, collection, value);
  for (let i = 0; i < value.length; i++) {
    if (!isIndexValue(value[i])) invalid(index, collection, value[i], i);
  }
}

/** The values a (validated) document contributes to a multiEntry index. */
export function entriesOf(value: unknown): readonly unknown[] {
  if (value === undefined) return NONE;
  return Array.isArray(value) ? value : [value];
}

function invalid(index: ValueIndex, collection: string, value: unknown, position?: number): never {
  const what = position === undefined ? 'an index value' : `element ${position} of a multiEntry array`;
  return fail(
    'INVALID_INDEX_VALUE',
    collection,
    index.path,
    value,
    `${what} must be a string, number, boolean, Date, null or undefined`,
  );
}

/**
 * The key of another document that already holds the document's value(s) in a unique index.
 * A missing or null value is no value, as in IndexedDB: any number of documents may lack it.
 */
export function uniqueConflict(index: ValueIndex, doc: unknown, self: Key | undefined): { key: Key; value: unknown } | undefined {
  const value = index.read(doc);
  const values = index.multiEntry ? entriesOf(value) : [value];
  for (const v of values) {
    if (v === undefined || v === null) continue;
    for (const key of bucketKeys(bucketOf(index, v))) if (key !== self) return { key, value: v };
  }
  return undefined;
}

function addKey(index: ValueIndex, key: Key, value: unknown): void {
  const isDate = value instanceof Date;
  const map: Map<unknown, Bucket> = isDate ? index.dates : index.buckets;
  const slot = isDate ? (value as Date).getTime() : value;
  const bucket = map.get(slot);
  if (bucket === undefined) {
    map.set(slot, key);
    noteAdded(index.sorted, value);
  } else if (typeof bucket === 'object') bucket.add(key);
  else if (bucket !== key) map.set(slot, new Set([bucket, key]));
}

function removeKey(index: ValueIndex, key: Key, value: unknown): void {
  const isDate = value instanceof Date;
  const map: Map<unknown, Bucket> = isDate ? index.dates : index.buckets;
  const slot = isDate ? (value as Date).getTime() : value;
  const bucket = map.get(slot);
  if (bucket === undefined) return;
  if (typeof bucket === 'object') {
    if (!bucket.delete(key) || bucket.size > 0) return;
  } else if (bucket !== key) return;
  map.delete(slot);
  noteRemoved(index.sorted);
}

/** Adds a stored document's value(s) under `key`. */
export function indexDoc(index: ValueIndex, key: Key, doc: unknown): void {
  const value = index.read(doc);
  if (!index.multiEntry) return addKey(index, key, value);
  const values = entriesOf(value);
  for (let i = 0; i < values.length; i++) addKey(index, key, values[i]);
}

export function unindexDoc(index: ValueIndex, key: Key, doc: unknown): void {
  const value = index.read(doc);
  if (!index.multiEntry) return removeKey(index, key, value);
  const values = entriesOf(value);
  for (let i = 0; i < values.length; i++) removeKey(index, key, values[i]);
}

export function clearIndex(index: ValueIndex): void {
  index.buckets.clear();
  index.dates.clear();
  const sorted = index.sorted;
  sorted.values = [];
  sorted.pending = [];
  sorted.stale = 0;
}

/** A bound of a range walk; `undefined` is a real (the lowest) value, so "no bound" is `null`. */
export interface Bound {
  value: unknown;
  inclusive: boolean;
}

/**
 * Visits the values between the bounds in order (or reverse order) until `visit` returns false.
 * Values that lost their documents may still be visited: `visit` skips them (a lookup it does
 * anyway). Takes the sorted values rather than an index so it serves the primary key too.
 */
export function walkValues(
  sorted: SortedValues,
  live: (value: unknown) => boolean,
  lower: Bound | null,
  upper: Bound | null,
  reverse: boolean,
  visit: (value: unknown) => boolean,
): void {
  const values = settle(sorted, live);
  const start = lower === null ? 0 : searchSorted(values, lower.value, !lower.inclusive);
  const end = upper === null ? values.length : searchSorted(values, upper.value, upper.inclusive);
  if (reverse) {
    for (let i = end - 1; i >= start; i--) if (!visit(values[i])) return;
  } else {
    for (let i = start; i < end; i++) if (!visit(values[i])) return;
  }
}
