// The distinct values of one index in the total value order, for ranges, prefixes and sorted walks.
// Kept incrementally in the common cases (append at the end, small arrays) and merged lazily
// otherwise, so a bulk load of random values costs one sort instead of n array splices.
// Removed values stay until the next merge as "stale" entries that walks skip.
import { compareValues } from './value-order';

export interface SortedValues {
  values: unknown[];
  pending: unknown[];
  stale: number;
}

/** Below this size a splice (a memmove) is cheaper than deferring to a merge. */
const SPLICE_LIMIT = 512;

export function createSortedValues(): SortedValues {
  return { values: [], pending: [], stale: 0 };
}

/** First position whose value is >= v (or > v when `after`). */
export function searchSorted(values: readonly unknown[], v: unknown, after: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareValues(values[mid], v);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Records a value that just got its first document. */
export function noteAdded(sorted: SortedValues, value: unknown): void {
  const { values } = sorted;
  if (sorted.pending.length === 0) {
    const n = values.length;
    if (n === 0 || compareValues(values[n - 1], value) < 0) {
      values.push(value);
      return;
    }
    if (n < SPLICE_LIMIT) {
      const at = searchSorted(values, value, false);
      // A stale entry of the same value comes back to life instead of being duplicated.
      if (at < n && compareValues(values[at], value) === 0) sorted.stale--;
      else values.splice(at, 0, value);
      return;
    }
  }
  sorted.pending.push(value);
}

/** Records a value that lost its last document. */
export function noteRemoved(sorted: SortedValues): void {
  sorted.stale++;
}

/**
 * Brings the values up to date and returns them; `live(v)` tells whether a value still has documents.
 * The result may still hold stale values when few are stale: callers skip values with no documents.
 */
export function settle(sorted: SortedValues, live: (value: unknown) => boolean): unknown[] {
  const { pending } = sorted;
  if (pending.length > 0) {
    pending.sort(compareValues);
    sorted.values = merge(sorted.values, pending, live);
    sorted.pending = [];
    sorted.stale = 0;
  } else if (sorted.stale > 32 && sorted.stale * 8 > sorted.values.length) {
    sorted.values = sorted.values.filter(live);
    sorted.stale = 0;
  }
  // Deleting the newest documents leaves stale values at the end, where newest-first walks start.
  const values = sorted.values;
  while (sorted.stale > 0 && values.length > 0 && !live(values[values.length - 1])) {
    values.pop();
    sorted.stale--;
  }
  return values;
}

function merge(a: readonly unknown[], b: readonly unknown[], live: (value: unknown) => boolean): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  let last: unknown;
  let hasLast = false;
  const take = (v: unknown) => {
    if (hasLast && compareValues(last, v) === 0) return;
    if (!live(v)) return;
    out.push(v);
    last = v;
    hasLast = true;
  };
  while (i < a.length && j < b.length) {
    if (compareValues(a[i], b[j]) <= 0) take(a[i++]);
    else take(b[j++]);
  }
  while (i < a.length) take(a[i++]);
  while (j < b.length) take(b[j++]);
  return out;
}
