// Stored documents are deep, frozen copies: reads hand them out as they are, with no copy and no
// Proxy, and nobody can change them behind the indexes' back.
//
// A write copies (or adopts) a document and checks it, but leaves the freezing to its first read:
// Object.freeze is a call into the runtime per object, and a load of 100k documents most of which
// nobody reads soon spent more time freezing than copying. Nobody but the store holds a document
// until a read hands it out (storage.ts, handOut), and every read freezes what it hands out.
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

/**
 * How many objects and arrays one document may hold, a part counted at each place it appears.
 * Data read from IndexedDB (structured clone) can share one object among many fields: 100 levels
 * of two fields holding the same child are 2^100 places, which a walk bounded by depth alone would
 * never finish. Far above any real document (4 Mi objects take hundreds of MB).
 */
const MAX_MEMBERS = 4 * 1024 * 1024;

/** What the walk under way may still visit (set by each entry point: the walks never nest). */
let membersLeft = 0;

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

/** A field that is not an object, as stored: strings flattened, functions and symbols refused. */
function copyLeaf(value: unknown): unknown {
  if (typeof value === 'string') return flat(value);
  if (typeof value === 'function' || typeof value === 'symbol') throw UNSTORABLE;
  return value;
}

/**
 * A copy of storable data (an object or array), not frozen yet (see above); its Dates are
 * FrozenDates already. Fields that are not objects are taken in the loops, not by a call each:
 * most fields are strings and numbers, and a load of the 100k benchmark messages made ~0.8M such calls.
 */
function copy(value: object, depth: number, shapes: Shapes): unknown {
  if (depth > MAX_DEPTH || --membersLeft < 0) throw UNSTORABLE;
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return EMPTY;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const field: unknown = value[i];
      out[i] = field === null || typeof field !== 'object' ? copyLeaf(field) : copy(field, depth + 1, shapes);
    }
    return out;
  }
  if (value instanceof Date) {
    // A FrozenDate is one a read handed out: frozen, and kept as it is.
    if (value instanceof FrozenDate) return value;
    return new FrozenDate(value.getTime());
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw UNSTORABLE;
  const out = depth === 0 ? new shapes.top() : new shapes.nested();
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (isReservedName(key)) throw UNSTORABLE;
    const field: unknown = (value as Record<string, unknown>)[key];
    out[key] = field === null || typeof field !== 'object' ? copyLeaf(field) : copy(field, depth + 1, shapes);
  }
  return out;
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
  if (--membersLeft < 0) return { path: [...path], value, problem: `document holds more than ${MAX_MEMBERS} objects and arrays (a part shared by several fields counts at each place)` };
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
 * Copies a value found at path `at` of a document (its depth counts towards the limit), to be
 * frozen when first read; throws INVALID_DOCUMENT naming the collection and the path at fault.
 */
export function copyValue<T>(value: T, collection: string, shapes: Shapes, at: readonly string[] = []): T {
  try {
    membersLeft = MAX_MEMBERS;
    return (value === null || typeof value !== 'object' ? copyLeaf(value) : copy(value, at.length, shapes)) as T;
  } catch (e) {
    if (e !== UNSTORABLE) throw e;
    membersLeft = MAX_MEMBERS;
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
 * True when a value can be stored where it is: storable data, every object and array in it
 * extensible. A part that is frozen, sealed or shared that way could not be frozen by the store
 * or have its Dates swapped; such a document is copied instead. Changes nothing.
 */
function adoptable(value: object, depth: number): boolean {
  // isExtensible reads one bit of the object's map; isFrozen walks its fields in the runtime.
  if (depth > MAX_DEPTH || --membersLeft < 0 || !Object.isExtensible(value)) return false;
  if (Array.isArray(value)) {
    // Arrays by index: for…in over elements is slower, and its hasOwnProperty is not folded away there.
    for (let i = 0; i < value.length; i++) if (!adoptableField(value[i], depth)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (isReservedName(key) || !adoptableField((value as Record<string, unknown>)[key], depth)) return false;
  }
  return true;
}

function adoptableField(field: unknown, depth: number): boolean {
  if (field === null || typeof field !== 'object') return typeof field !== 'function' && typeof field !== 'symbol';
  // Empty arrays, frozen or not, become the shared one: nothing inside them to check.
  if (field instanceof Date || (Array.isArray(field) && field.length === 0)) return true;
  return adoptable(field, depth + 1);
}

/**
 * Takes ownership of a document instead of copying it: checks it, and stores it as it is, to be
 * frozen in place when first read. For data nobody else holds, such as documents just read from
 * IndexedDB: it saves a copy and its garbage. What cannot be stored where it is (frozen parts,
 * say) is copied; what is not data is refused.
 */
export function adoptValue<T extends object>(value: T, collection: string, shapes: Shapes): T {
  membersLeft = MAX_MEMBERS;
  return adoptable(value, 0) ? value : copyValue(value, collection, shapes);
}

/**
 * Deeply freezes a stored document in place, before a read hands it out: each Date becomes a
 * FrozenDate (an adopted document keeps its own until then), each empty array the shared one.
 * Frozen parts are skipped: only a read freezes, and it freezes all the way down.
 */
export function freezeDocument(doc: object): void {
  if (Object.isFrozen(doc)) return;
  if (Array.isArray(doc)) {
    for (let i = 0; i < doc.length; i++) freezeField(doc, i);
  } else {
    for (const key in doc) if (Object.prototype.hasOwnProperty.call(doc, key)) freezeField(doc as Record<string, unknown>, key);
  }
  Object.freeze(doc);
}

function freezeField<K extends string | number>(record: Record<K, unknown>, key: K): void {
  const field = record[key];
  if (field === null || typeof field !== 'object') return;
  if (field instanceof Date) {
    if (!(field instanceof FrozenDate)) record[key] = Object.freeze(new FrozenDate(field.getTime()));
    else if (!Object.isFrozen(field)) Object.freeze(field);
  } else if (Array.isArray(field) && field.length === 0) {
    if (field !== EMPTY) record[key] = EMPTY;
  } else freezeDocument(field);
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
