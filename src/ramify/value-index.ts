// A secondary index: value -> keys of the documents holding it, plus the values in order.
// Plain and multiEntry indexes share this structure; they differ only in which values a document
// contributes (`valuesOf`). Equality is a Map lookup; ranges walk the sorted values.
import { fail } from './errors';
import { pathReader } from './path';
import { createSortedValues, noteAdded, noteRemoved, searchSorted, settle, type SortedValues } from './sorted-values';
import type { Key } from './types';
import { isIndexValue } from './value-order';

export type Bucket = Set<Key>;

export interface ValueIndex {
  readonly path: string;
  readonly multiEntry: boolean;
  readonly unique: boolean;
  readonly read: (doc: unknown) => unknown;
  /** Non-Date values; Dates live in `dates` by time value so a number never meets a Date. */
  readonly buckets: Map<unknown, Bucket>;
  readonly dates: Map<number, Bucket>;
  readonly sorted: SortedValues;
  readonly live: (value: unknown) => boolean;
}

export function createValueIndex(path: string, multiEntry: boolean, unique: boolean): ValueIndex {
  const buckets = new Map<unknown, Bucket>();
  const dates = new Map<number, Bucket>();
  return {
    path,
    multiEntry,
    unique,
    read: pathReader(path),
    buckets,
    dates,
    sorted: createSortedValues(),
    live: (value) => (value instanceof Date ? dates.has(value.getTime()) : buckets.has(value)),
  };
}

export function bucketOf(index: ValueIndex, value: unknown): Bucket | undefined {
  return value instanceof Date ? index.dates.get(value.getTime()) : index.buckets.get(value);
}

const NONE: readonly unknown[] = Object.freeze([]);

/** The values a document contributes to the index (validated); one value for a plain index. */
export function valuesOf(index: ValueIndex, doc: unknown, collection: string): readonly unknown[] {
  const value = index.read(doc);
  if (!index.multiEntry) {
    if (!isIndexValue(value)) invalid(index, collection, value);
    return [value];
  }
  if (value === undefined) return NONE;
  if (!Array.isArray(value)) {
    if (!isIndexValue(value)) invalid(index, collection, value);
    return [value];
  }
  for (let i = 0; i < value.length; i++) {
    if (!isIndexValue(value[i])) invalid(index, collection, value[i], i);
  }
  return value;
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

/** The key of another document that already holds one of `values` in a unique index, if any. */
export function uniqueConflict(index: ValueIndex, values: readonly unknown[], self: Key | undefined): Key | undefined {
  for (let i = 0; i < values.length; i++) {
    const bucket = bucketOf(index, values[i]);
    if (bucket === undefined) continue;
    for (const key of bucket) if (key !== self) return key;
  }
  return undefined;
}

export function addToIndex(index: ValueIndex, key: Key, values: readonly unknown[]): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let bucket = bucketOf(index, value);
    if (bucket === undefined) {
      bucket = new Set();
      if (value instanceof Date) index.dates.set(value.getTime(), bucket);
      else index.buckets.set(value, bucket);
      noteAdded(index.sorted, value);
    }
    bucket.add(key);
  }
}

export function removeFromIndex(index: ValueIndex, key: Key, values: readonly unknown[]): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const bucket = bucketOf(index, value);
    if (bucket === undefined || !bucket.delete(key) || bucket.size > 0) continue;
    if (value instanceof Date) index.dates.delete(value.getTime());
    else index.buckets.delete(value);
    noteRemoved(index.sorted);
  }
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
 * Visits the live values between the bounds in order (or reverse order) until `visit` returns false.
 * Returns the sorted values it walked, so callers can walk the same structure for the primary key.
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
    for (let i = end - 1; i >= start; i--) if (live(values[i]) && !visit(values[i])) return;
  } else {
    for (let i = start; i < end; i++) if (live(values[i]) && !visit(values[i])) return;
  }
}
