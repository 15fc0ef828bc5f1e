// Stored documents are deep, frozen copies: reads hand them out as they are, with no copy and no
// Proxy, and nobody can change them behind the indexes' back.
import { RamifyError, describe } from './errors';

/** A Date whose setters throw: `Object.freeze` alone cannot stop `setTime` on a Date. */
export class FrozenDate extends Date {}
const setters = Object.getOwnPropertyNames(Date.prototype).filter((name) => name.startsWith('set'));
for (const name of setters) {
  Object.defineProperty(FrozenDate.prototype, name, {
    value(this: Date) {
      throw new RamifyError('READ_ONLY', `Dates inside stored documents are frozen: ${name}() on ${describe(this)} is not allowed; copy it with new Date(date) first`);
    },
  });
}

class PathError {
  constructor(
    readonly path: string[],
    readonly value: unknown,
    readonly problem: string,
  ) {}
}

const MAX_DEPTH = 100;

/** Assigns a field; an own `__proto__` field (as JSON.parse makes) stays data, never a prototype. */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function copy(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new PathError([], value, 'is not storable data');
    return value;
  }
  if (depth > MAX_DEPTH) throw new PathError([], value, `is nested more than ${MAX_DEPTH} levels deep (a cycle?)`);
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      try {
        out[i] = copy(value[i], depth + 1);
      } catch (e) {
        if (e instanceof PathError) e.path.unshift(String(i));
        throw e;
      }
    }
    return Object.freeze(out);
  }
  if (value instanceof Date) {
    if (value instanceof FrozenDate) return value;
    return Object.freeze(new FrozenDate(value.getTime()));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new PathError([], value, 'is not a plain object, array or Date');
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    try {
      setField(out, key, copy((value as Record<string, unknown>)[key], depth + 1));
    } catch (e) {
      if (e instanceof PathError) e.path.unshift(key);
      throw e;
    }
  }
  return Object.freeze(out);
}

/** Copies and deeply freezes a value; throws INVALID_DOCUMENT naming the collection and the path at fault. */
export function freezeCopy<T>(value: T, collection: string): T {
  try {
    return copy(value, 0) as T;
  } catch (e) {
    if (!(e instanceof PathError)) throw e;
    const field = e.path.join('.');
    throw new RamifyError(
      'INVALID_DOCUMENT',
      `collection "${collection}"${field ? `, field "${field}"` : ''}: ${field ? 'value' : 'document'} ${e.problem} (got ${describe(e.value)})`,
      { collection, field: field || undefined, value: e.value },
    );
  }
}

/** Structural equality of stored values, used to keep a document's identity when a write changes nothing. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!(key in y) || !deepEqual(x[key], y[key])) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}
