// A secondary index: the values of one path in order, each with the slots of the documents holding
// it. Plain and multiEntry indexes share this structure; they differ only in which values a
// document contributes (one value, or each distinct element of an array). A unique index also
// keeps the slot of each value in a Map: every write checks it, so it is never deferred.
import { listBucket, reserve, type Bucket, type Positions } from './bucket';
import { fail } from './errors';
import { addSlot, createOrderedValues, fromSorted, removeSlot, type OrderedValues } from './ordered-values';
import { pathReader, readPath, splitPath } from './path';
import { Thawed, type StoredDoc } from './state';
import { compareIndexValues, isIndexValue, sameValue } from './value-order';
import { encodeTuple } from './tuple-order';

/** The slot holding each value of a unique index; Dates by time value, so a number never meets a Date. */
interface Owners {
  readonly plain: Map<unknown, number>;
  readonly dates: Map<number, number>;
}

export interface ValueIndex {
  /** The path, or `[a+b]` for a compound index. */
  readonly path: string;
  /** The top-level fields the path(s) start with: an update that leaves them alone leaves the index alone. */
  readonly roots: readonly string[];
  /**
   * A compound index's paths, in order. Its value is the tuple of their values as one string
   * (tuple-order.ts), so the rest of the index is the same as a plain one's.
   */
  readonly parts: readonly string[] | undefined;
  /** A compound index's readers of each part. */
  readonly partReaders: readonly ((doc: unknown) => unknown)[] | undefined;
  readonly multiEntry: boolean;
  readonly unique: boolean;
  readonly read: (doc: unknown) => unknown;
  readonly segments: readonly string[];
  ordered: OrderedValues;
  /**
   * False after a bulk load deferred this index: `ordered` holds nothing and is built from the
   * documents by the first query that needs it.
   */
  built: boolean;
  readonly owners: Owners | undefined;
  /** Plain indexes only (a document is in one bucket): where each slot sits in its bucket's list. */
  readonly positions: Positions | undefined;
}

export function createValueIndex(path: string, multiEntry: boolean, unique: boolean): ValueIndex {
  return {
    path,
    roots: [path.split('.')[0]],
    parts: undefined,
    partReaders: undefined,
    multiEntry,
    unique,
    read: pathReader(path),
    segments: splitPath(path),
    ordered: createOrderedValues(),
    built: true,
    owners: unique ? { plain: new Map(), dates: new Map() } : undefined,
    positions: multiEntry ? undefined : { at: new Int32Array(0) },
  };
}

/** A compound index over `parts` (or the key index of a compound primary key), named `name`. */
export function createCompoundIndex(name: string, parts: readonly string[], unique: boolean): ValueIndex {
  const partReaders = parts.map(pathReader);
  const n = partReaders.length;
  const values: unknown[] = new Array(n);
  return {
    path: name,
    roots: [...new Set(parts.map((part) => part.split('.')[0]))],
    parts,
    partReaders,
    multiEntry: false,
    unique,
    read: (doc) => {
      for (let i = 0; i < n; i++) values[i] = partReaders[i](doc);
      return encodeTuple(values);
    },
    segments: [],
    ordered: createOrderedValues(),
    built: true,
    owners: unique ? { plain: new Map(), dates: new Map() } : undefined,
    positions: { at: new Int32Array(0) },
  };
}

/**
 * The value a unique index holds a document under: none when it is missing or null, as in
 * IndexedDB; for a compound index, none when any part is.
 */
function ownedValue(index: ValueIndex, doc: unknown, value: unknown): unknown {
  const readers = index.partReaders;
  if (readers === undefined) return value;
  for (let i = 0; i < readers.length; i++) {
    const part = readers[i](doc);
    if (part === undefined || part === null) return undefined;
  }
  return value;
}

const NONE: readonly unknown[] = Object.freeze([]);

/** Throws INVALID_INDEX_VALUE unless the document's value (or every element, for multiEntry) can be indexed. */
export function checkIndexValue(index: ValueIndex, doc: unknown, collection: string): void {
  const readers = index.partReaders;
  if (readers !== undefined) {
    for (let i = 0; i < readers.length; i++) {
      const part = readers[i](doc);
      if (!isIndexValue(part)) invalidPart(index, collection, part, i);
    }
    return;
  }
  const value = index.read(doc);
  if (isIndexValue(value)) return;
  if (!index.multiEntry || !Array.isArray(value)) invalid(index, collection, value);
  for (let i = 0; i < value.length; i++) {
    if (!isIndexValue(value[i])) invalid(index, collection, value[i], i);
  }
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

function invalidPart(index: ValueIndex, collection: string, value: unknown, part: number): never {
  const path = (index.parts as readonly string[])[part];
  return fail('INVALID_INDEX_VALUE', collection, path, value, `part ${part + 1} of the compound index ${index.path} must be a string, number, boolean, Date, null or undefined`);
}

/** The values a (validated) document contributes to a multiEntry index, each once. */
export function entriesOf(value: unknown): readonly unknown[] {
  if (value === undefined) return NONE;
  if (!Array.isArray(value)) return [value];
  const n = value.length;
  if (n < 2) return value;
  if (n <= 16) {
    // Short arrays (tags, mentions) are checked pairwise: no allocation when all are distinct.
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (sameValue(value[i], value[j])) return distinctValues(value);
    return value;
  }
  return distinctValues(value);
}

function distinctValues(values: readonly unknown[]): unknown[] {
  const plain = new Set<unknown>();
  const times = new Set<number>();
  const out: unknown[] = [];
  for (const v of values) {
    const set: Set<unknown> = v instanceof Date ? times : plain;
    const k = v instanceof Date ? v.getTime() : v;
    if (set.has(k)) continue;
    set.add(k);
    out.push(v);
  }
  return out;
}

/** The slot holding `value` in a unique index, if any. */
export function ownerOf(index: ValueIndex, value: unknown): number | undefined {
  const owners = index.owners as Owners;
  return value instanceof Date ? owners.dates.get(value.getTime()) : owners.plain.get(value);
}

/**
 * The slot of another document that already holds the document's value(s) in a unique index.
 * A missing or null value is no value, as in IndexedDB: any number of documents may lack it.
 */
export function uniqueConflict(index: ValueIndex, doc: unknown, self: number | undefined): { slot: number; value: unknown } | undefined {
  const value = index.read(doc);
  const values = index.multiEntry ? entriesOf(value) : [ownedValue(index, doc, value)];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || v === null) continue;
    const owner = ownerOf(index, v);
    if (owner !== undefined && owner !== self) return { slot: owner, value: v };
  }
  return undefined;
}

function setOwner(owners: Owners, v: unknown, slot: number): void {
  if (v === undefined || v === null) return;
  if (v instanceof Date) owners.dates.set(v.getTime(), slot);
  else owners.plain.set(v, slot);
}

function dropOwner(owners: Owners, v: unknown, slot: number): void {
  if (v === undefined || v === null) return;
  const map: Map<unknown, number> = v instanceof Date ? owners.dates : owners.plain;
  const k = v instanceof Date ? v.getTime() : v;
  if (map.get(k) === slot) map.delete(k);
}

/** Adds a stored document's value(s) under `slot`. */
export function indexDoc(index: ValueIndex, slot: number, doc: StoredDoc): void {
  const value = index.read(doc);
  const owners = index.owners;
  if (!index.multiEntry) {
    if (owners !== undefined) setOwner(owners, ownedValue(index, doc, value), slot);
    if (index.built) addSlot(index.ordered, value, slot, index.positions);
    return;
  }
  const values = entriesOf(value);
  for (let i = 0; i < values.length; i++) {
    if (owners !== undefined) setOwner(owners, values[i], slot);
    if (index.built) addSlot(index.ordered, values[i], slot, undefined);
  }
}

export function unindexDoc(index: ValueIndex, slot: number, doc: StoredDoc): void {
  const value = index.read(doc);
  const owners = index.owners;
  if (!index.multiEntry) {
    if (owners !== undefined) dropOwner(owners, ownedValue(index, doc, value), slot);
    if (index.built) removeSlot(index.ordered, value, slot, index.positions);
    return;
  }
  const values = entriesOf(value);
  for (let i = 0; i < values.length; i++) {
    if (owners !== undefined) dropOwner(owners, values[i], slot);
    if (index.built) removeSlot(index.ordered, values[i], slot, undefined);
  }
}

export function clearIndex(index: ValueIndex): void {
  index.ordered = createOrderedValues();
  if (index.owners !== undefined) {
    index.owners.plain.clear();
    index.owners.dates.clear();
  }
}

/**
 * Builds `ordered` from the documents in one pass: values grouped by a Map, then only the distinct
 * values sorted. Values already ascending in slot order (timestamps of a load) skip both.
 *
 * On the way, a string value of a document the store built and no read handed out yet becomes the
 * very string the first document with that value holds: 100k documents that each held their own
 * "user-42" then share one, and nothing can tell equal strings apart. Documents frozen already, or
 * holding the caller's objects (adopted), are left as they are.
 */
export function buildOrdered(index: ValueIndex, docs: readonly (StoredDoc | undefined)[], thawed: Uint8Array): void {
  if (!index.multiEntry && buildAscending(index, docs)) return;
  const groupOf = new Map<unknown, number>();
  const dateGroupOf = new Map<number, number>();
  const groupValues: unknown[] = [];
  const groupSlots: (number | number[])[] = [];
  /** Files `slot` under `v`; returns the value of the group (the first document's). */
  const add = (v: unknown, slot: number): unknown => {
    const isDate = v instanceof Date;
    const map: Map<unknown, number> = isDate ? dateGroupOf : groupOf;
    const k = isDate ? (v as Date).getTime() : v;
    const g = map.get(k);
    if (g === undefined) {
      map.set(k, groupValues.length);
      groupValues.push(v);
      groupSlots.push(slot);
      return v;
    }
    const slots = groupSlots[g];
    // Slots come in order, so a document listing a value twice meets its own slot last.
    if (typeof slots === 'number') {
      if (slots !== slot) groupSlots[g] = [slots, slot];
    } else if (slots[slots.length - 1] !== slot) slots.push(slot);
    return groupValues[g];
  };
  const { read, multiEntry, segments } = index;
  const last = segments[segments.length - 1];
  const parentPath = segments.slice(0, -1);
  for (let slot = 0; slot < docs.length; slot++) {
    const doc = docs[slot];
    if (doc === undefined) continue;
    const value = read(doc);
    // A compound index's value is its own string, in no document.
    const own = thawed[slot] === Thawed.Copy && index.parts === undefined;
    if (!multiEntry) {
      const shared = add(value, slot);
      if (own && typeof value === 'string') {
        // The field's object: the document, or the object at the path's parent (the store's own, or frozen).
        const parent = parentPath.length === 0 ? doc : readPath(doc, parentPath);
        if (Object.isExtensible(parent)) (parent as Record<string, unknown>)[last] = shared;
      }
    } else if (Array.isArray(value)) {
      const mine = own && Object.isExtensible(value);
      for (let i = 0; i < value.length; i++) {
        const shared = add(value[i], slot);
        if (mine && typeof shared === 'string') value[i] = shared;
      }
    } else if (value !== undefined) add(value, slot);
  }
  if (index.positions !== undefined) reserve(index.positions, docs.length);
  const order = groupValues.map((_, i) => i).sort((a, b) => compareIndexValues(groupValues[a], groupValues[b]));
  const values: unknown[] = new Array(order.length);
  const buckets: Bucket[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const g = order[i];
    values[i] = groupValues[g];
    const slots = groupSlots[g];
    buckets[i] = typeof slots === 'number' ? slots : listBucket(slots, index.positions);
  }
  index.ordered = fromSorted(values, buckets);
}

function buildAscending(index: ValueIndex, docs: readonly (StoredDoc | undefined)[]): boolean {
  const values: unknown[] = [];
  const slots: number[] = [];
  const read = index.read;
  for (let slot = 0; slot < docs.length; slot++) {
    const doc = docs[slot];
    if (doc === undefined) continue;
    const v = read(doc);
    if (values.length > 0 && compareIndexValues(values[values.length - 1], v) >= 0) return false;
    values.push(v);
    slots.push(slot);
  }
  index.ordered = fromSorted(values, slots);
  return true;
}
