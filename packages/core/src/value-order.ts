// The one total order of index values, used by indexes, ranges and sorting alike:
// undefined < null < booleans < numbers < Dates < strings. Anything else sorts last, unordered.
import type { IndexValue, Key } from './types';

function rank(value: unknown): number {
  switch (typeof value) {
    case 'undefined':
      return 0;
    case 'boolean':
      return 2;
    case 'number':
      return 3;
    case 'string':
      return 5;
    case 'object':
      return value === null ? 1 : value instanceof Date ? 4 : 6;
    default:
      return 6;
  }
}

export function compareValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  if (ta === typeof b && (ta === 'string' || ta === 'number')) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 2) return (a ? 1 : 0) - (b ? 1 : 0);
  if (ra === 4) return (a as Date).getTime() - (b as Date).getTime();
  return 0;
}

/**
 * compareValues for index values, which were checked (isIndexValue): their only objects are Dates
 * and null, so two objects other than null are Dates, compared without asking what they are. The
 * comparison every binary search of an index runs.
 */
export function compareIndexValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string' || ta === 'number') return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    if (ta === 'object' && a !== null && b !== null) return (a as Date).getTime() - (b as Date).getTime();
  }
  return compareValues(a, b);
}

export function isKey(value: unknown): value is Key {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

export function isIndexValue(value: unknown): value is IndexValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return !Number.isNaN(value);
    case 'object':
      return value === null || (value instanceof Date && !Number.isNaN(value.getTime()));
    default:
      return false;
  }
}

/** Equality of index values: Dates by time value, -0 equal to 0. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
}
