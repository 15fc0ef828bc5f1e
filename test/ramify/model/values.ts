// The naive model's own reading of SPEC §1's value rules, written from the SPEC and the design
// notes, not from src/ramify: the total order of index values, equality by value, what counts as
// plain data, and copies. Slow and obvious on purpose.

/** undefined < null < booleans < numbers < Dates < strings. */
export function typeRank(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null) return 1;
  if (typeof value === 'boolean') return 2;
  if (typeof value === 'number') return 3;
  if (value instanceof Date) return 4;
  if (typeof value === 'string') return 5;
  throw new Error(`the model cannot order ${String(value)}`);
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra === 2) return Number(a) - Number(b);
  if (ra === 4) return Math.sign((a as Date).getTime() - (b as Date).getTime());
  if (ra === 3 || ra === 5) {
    const x = a as number | string;
    const y = b as number | string;
    return x < y ? -1 : x > y ? 1 : 0; // strings by UTF-16 code unit, as `<` compares them
  }
  return 0;
}

export const sameValue = (a: unknown, b: unknown) => compareValues(a, b) === 0;

export function isKey(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** What a plain index may hold. */
export function isIndexValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return !Number.isNaN(value);
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** A value or the elements of a multiEntry field: a missing field has none, a scalar is one. */
export function elementsOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function isPlainData(value: unknown, ancestors: object[] = []): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  const object = value as object;
  if (Object.getPrototypeOf(object) === Date.prototype) return true;
  if (ancestors.includes(object)) return false;
  const inner = [...ancestors, object];
  if (Array.isArray(object)) return object.every((item) => isPlainData(item, inner));
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(object).every((item) => isPlainData(item, inner));
}

export function deepCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = deepCopy(item);
    return copy as T;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Reads a dotted path; a step through anything but an object gives undefined. */
export function readPath(doc: unknown, path: string): unknown {
  let value = doc;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A map key for a primary key: 1 and '1' are different keys. */
export const keyId = (key: unknown) => `${typeof key}:${String(key)}`;
