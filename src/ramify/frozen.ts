// Stored documents are deep, frozen copies: reads hand them out as they are, with no copy and no
// Proxy, and nobody can change them behind the indexes' back.
import { RamifyError, describe } from './errors';
import { isReservedName, reservedField } from './path';

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

/** How deep a document may nest: objects and arrays at most this many levels below its top. */
const MAX_DEPTH = 100;

// The walks below visit own fields with `for…in` filtered by `hasOwnProperty`: V8 folds that call
// away inside a for…in (measured as fast as a bare for…in, and 15–25% faster than Object.keys,
// which allocates an array per object); inherited fields of a polluted Object.prototype are skipped.

/** Thrown by the fast copy; the slow `findProblem` then names the path. Never escapes this file. */
const UNSTORABLE = Symbol('unstorable');

/** Every empty array a document holds: one frozen array shared by all, as nothing can tell them apart. */
const EMPTY: readonly unknown[] = Object.freeze([]);

export type PlainConstructor = new () => Record<string, unknown>;

/**
 * The constructors of the objects one collection stores: top-level documents, and the objects
 * nested in them. An object built from `{}` holds 4 fields inline and the rest in a separate
 * array; objects built by one constructor are sized by V8 to the fields of the first few built
 * (slack tracking), so an 8-field document takes 88 bytes instead of 120 and is built faster.
 * Their prototype is Object.prototype: they are plain objects. The functions are anonymous, so
 * debuggers name the objects `Object`.
 */
export interface Shapes {
  readonly top: PlainConstructor;
  readonly nested: PlainConstructor;
}

function plainConstructor(): PlainConstructor {
  const make = (() => function () {})() as unknown as PlainConstructor & { prototype: object };
  make.prototype = Object.prototype;
  return make;
}

export function createShapes(): Shapes {
  return { top: plainConstructor(), nested: plainConstructor() };
}

/**
 * Strings built by concatenation are trees in V8 (a 25-character `${a}, ${b}` takes ~85 bytes in
 * four pieces). `trim()` flattens one and returns the flat string when there is nothing to trim,
 * so the store keeps 48 bytes and the pieces go when the caller drops them. Shorter strings are
 * flat already; strings read from IndexedDB or JSON are flat and come back as they are.
 */
function flat(value: string): string {
  if (value.length < 13) return value;
  const trimmed = value.trim();
  return trimmed.length === value.length ? trimmed : value;
}

function copy(value: unknown, depth: number, shapes: Shapes): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return flat(value);
    if (typeof value === 'function' || typeof value === 'symbol') throw UNSTORABLE;
    return value;
  }
  if (depth > MAX_DEPTH) throw UNSTORABLE;
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return EMPTY;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = copy(value[i], depth + 1, shapes);
    return Object.freeze(out);
  }
  if (value instanceof Date) {
    if (value instanceof FrozenDate) return value;
    return Object.freeze(new FrozenDate(value.getTime()));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw UNSTORABLE;
  const out = depth === 0 ? new shapes.top() : new shapes.nested();
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (isReservedName(key)) throw UNSTORABLE;
    out[key] = copy((value as Record<string, unknown>)[key], depth + 1, shapes);
  }
  return Object.freeze(out);
}

interface Problem {
  path: string[];
  value: unknown;
  problem: string;
}

/**
 * Walks a value that failed to copy, in the order `copy` does, to name the first path at fault and
 * what is wrong there. `path` is extended and restored as it goes; a problem gets its own copy.
 */
function findProblem(value: unknown, path: string[], depth: number): Problem | undefined {
  const subject = path.length === 0 ? 'document' : 'value';
  if (typeof value === 'function' || typeof value === 'symbol') return { path: [...path], value, problem: `${subject} is not storable data` };
  if (value === null || typeof value !== 'object' || value instanceof Date) return undefined;
  if (depth > MAX_DEPTH) return { path: [...path], value, problem: `${subject} is nested more than ${MAX_DEPTH} levels deep (a cycle?)` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const found = findProblem(value[i], path, depth + 1);
      path.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return { path: [...path], value, problem: `${subject} is not a plain object, array or Date` };
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    path.push(key);
    const found = isReservedName(key)
      ? { path: [...path], value: field, problem: reservedField(key) }
      : findProblem(field, path, depth + 1);
    path.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Copies and deeply freezes a value found at path `at` of a document (its depth counts towards the
 * limit); throws INVALID_DOCUMENT naming the collection and the path at fault.
 */
export function freezeCopy<T>(value: T, collection: string, shapes: Shapes, at: readonly string[] = []): T {
  try {
    return copy(value, at.length, shapes) as T;
  } catch (e) {
    if (e !== UNSTORABLE) throw e;
    const found = findProblem(value, [...at], at.length) ?? { path: [...at], value, problem: 'value is not storable data' };
    const field = found.path.join('.');
    throw new RamifyError('INVALID_DOCUMENT', `collection "${collection}"${field ? `, field "${field}"` : ''}: ${found.problem} (got ${describe(found.value)})`, {
      collection,
      field: field || undefined,
      value: found.value,
    });
  }
}

/**
 * What adopting a document does: the objects and arrays to freeze, and the fields to swap first
 * (`parent, key, replacement` triples: a frozen copy of each Date, the shared empty array).
 */
interface Adoption {
  readonly freeze: object[];
  readonly swaps: unknown[];
}

/**
 * Walks the fields of an object or array that can be frozen where it is, noting in `adoption`
 * what to freeze and swap. False when some part cannot: not storable data, or already frozen,
 * sealed or shared that way (its Dates could not be swapped). Nothing is changed yet, so a
 * document refused half way is left as it was.
 */
function survey(value: object, depth: number, adoption: Adoption): boolean {
  // isExtensible reads one bit of the object's map; isFrozen walks its fields in the runtime.
  if (depth > MAX_DEPTH || !Object.isExtensible(value)) return false;
  if (Array.isArray(value)) {
    // Arrays by index: for…in over elements is slower, and its hasOwnProperty is not folded away there.
    for (let i = 0; i < value.length; i++) if (!surveyField(value, i, value[i], depth, adoption)) return false;
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      if (isReservedName(key) || !surveyField(value, key, (value as Record<string, unknown>)[key], depth, adoption)) return false;
    }
  }
  adoption.freeze.push(value);
  return true;
}

function surveyField(parent: object, key: string | number, field: unknown, depth: number, adoption: Adoption): boolean {
  if (field === null || typeof field !== 'object') return typeof field !== 'function' && typeof field !== 'symbol';
  if (field instanceof Date) {
    if (!(field instanceof FrozenDate)) adoption.swaps.push(parent, key, Object.freeze(new FrozenDate(field.getTime())));
    return true;
  }
  // Empty arrays, frozen or not, become the shared one: nothing inside them to check.
  if (Array.isArray(field) && field.length === 0) {
    if (field !== EMPTY) adoption.swaps.push(parent, key, EMPTY);
    return true;
  }
  return survey(field, depth + 1, adoption);
}

/**
 * Takes ownership of a document instead of copying it: checks it, then freezes it in place. For
 * data nobody else holds, such as documents just read from IndexedDB: it saves a copy and its
 * garbage. What cannot be frozen where it is (frozen parts, say) is copied; what is not data is refused.
 */
export function adoptFrozen<T extends object>(value: T, collection: string, shapes: Shapes): T {
  const adoption: Adoption = { freeze: [], swaps: [] };
  if (!survey(value, 0, adoption)) return freezeCopy(value, collection, shapes);
  const swaps = adoption.swaps;
  for (let i = 0; i < swaps.length; i += 3) (swaps[i] as Record<string | number, unknown>)[swaps[i + 1] as string] = swaps[i + 2];
  const freeze = adoption.freeze;
  for (let i = 0; i < freeze.length; i++) Object.freeze(freeze[i]);
  return value;
}

/**
 * Structural equality of plain data (what documents are made of), Dates by time value, own fields
 * only. The core uses it to keep a document's identity when a write changes nothing. It looks at
 * most MAX_DEPTH levels deep, as deep as a document goes: distinct values nested deeper are unequal.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  return equal(a, b, 0);
}

function equal(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (depth > MAX_DEPTH) return false;
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equal(x[i], y[i], depth + 1)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.prototype.hasOwnProperty.call(x, key)) continue;
    if (!Object.prototype.hasOwnProperty.call(y, key) || !equal(x[key], y[key], depth + 1)) return false;
    count++;
  }
  for (const key in y) if (Object.prototype.hasOwnProperty.call(y, key)) count--;
  return count === 0;
}
