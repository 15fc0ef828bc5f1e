// Single-document writes: validate everything first, then change memory, then emit (or leave the
// event to the enclosing transaction frame).
import { fail, describe, RamifyError } from './errors';
import { emit } from './events';
import { adoptValue, copyValue, deepEqual } from './frozen';
import { isReservedName, reservedField } from './path';
import { Thawed, type CollectionState, type StoredDoc } from './state';
import { clearDocs, docOf, insertDoc, keyAt, removeDoc, replaceDoc, thawedState } from './storage';
import { recordBefore, recordClear, recordCreated } from './transaction';
import type { Key } from './types';
import { checkIndexValue, uniqueConflict } from './value-index';
import { checkDocKey, checkKey, publicKey } from './keys';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks index values and unique constraints of a document about to be stored under `key`;
 * with `changed`, only the indexes under the fields an update changed.
 */
function checkIndexes(collection: CollectionState, doc: StoredDoc, replacing: Key, changed?: Record<string, unknown>): void {
  const indexes = collection.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i];
    if (changed !== undefined && !touches(changed, index.roots)) continue;
    checkIndexValue(index, doc, collection.name);
    if (!index.unique) continue;
    const conflict = uniqueConflict(index, doc, collection.slots.get(replacing));
    if (conflict !== undefined) {
      const value = index.partReaders === undefined ? conflict.value : index.partReaders.map((read) => read(doc));
      fail('UNIQUE_VIOLATION', collection.name, index.path, value, `the unique index already holds this value, for key ${describe(publicKey(collection, keyAt(collection, conflict.slot)))}`);
    }
  }
}

function touches(changes: Record<string, unknown>, roots: readonly string[]): boolean {
  for (let i = 0; i < roots.length; i++) if (Object.prototype.hasOwnProperty.call(changes, roots[i])) return true;
  return false;
}

/** How a write takes its document: copied (the default), or adopted and frozen in place. */
export type Intake = 'copy' | 'adopt';

function prepare(collection: CollectionState, input: unknown, intake: Intake): { key: Key; doc: StoredDoc; state: Thawed } {
  if (!isPlainObject(input)) {
    fail('INVALID_DOCUMENT', collection.name, undefined, input, 'a document must be a plain object');
  }
  const key = checkDocKey(collection, input);
  const doc = (intake === 'adopt' ? adoptValue(input, collection.name, collection.shapes) : copyValue(input, collection.name, collection.shapes)) as StoredDoc;
  // adopt copies what it cannot take as it is.
  return { key, doc, state: doc === input ? Thawed.Adopted : Thawed.Copy };
}

export function addOne(collection: CollectionState, input: unknown, intake: Intake = 'copy'): Key {
  const { key, doc, state } = prepare(collection, input, intake);
  if (collection.slots.has(key)) {
    fail('DUPLICATE_KEY', collection.name, collection.primaryKey, publicKey(collection, key), 'a document with this key already exists');
  }
  checkIndexes(collection, doc, key);
  if (!recordCreated(collection, key, insertDoc(collection, key, doc, state))) emit(collection, 'create', [key]);
  return key;
}

export function putOne(collection: CollectionState, input: unknown, intake: Intake = 'copy'): Key {
  const { key, doc, state } = prepare(collection, input, intake);
  const before = docOf(collection, key);
  if (before !== undefined && deepEqual(before, doc)) return key;
  checkIndexes(collection, doc, key);
  if (before === undefined) {
    if (!recordCreated(collection, key, insertDoc(collection, key, doc, state))) emit(collection, 'create', [key]);
    return key;
  }
  const framed = recordBefore(collection, key, before);
  replaceDoc(collection, key, before, doc, state);
  if (!framed) emit(collection, 'update', [key]);
  return key;
}

/** Shallow merge; `undefined` removes a field; untouched fields (and nested objects) are shared. */
export function updateOne(collection: CollectionState, rawKey: unknown, changes: unknown): Key | undefined {
  return updateKey(collection, checkKey(collection, rawKey), changes);
}

/** updateOne for a key from inside (checked already). */
export function updateKey(collection: CollectionState, key: Key, changes: unknown): Key | undefined {
  checkChanges(collection, changes);
  const before = docOf(collection, key);
  if (before === undefined) return undefined;
  // The changed fields as `field, value` pairs, values copied, `undefined` for a field removed. Own
  // fields only, on both sides: `{ toString: undefined }` removes nothing from a document without it.
  const fields: unknown[] = [];
  let removes = false;
  for (const field in changes) {
    if (!Object.prototype.hasOwnProperty.call(changes, field)) continue;
    const value = changes[field];
    const had = Object.prototype.hasOwnProperty.call(before, field);
    if (value === undefined ? !had : had && deepEqual(before[field], value)) continue;
    if (value === undefined) removes = true;
    fields.push(field, value === undefined ? undefined : copyValue(value, collection.name, collection.shapes, [field]));
  }
  if (fields.length === 0) return key;
  const after = merged(collection, before, fields, removes);
  // The new document shares the old one's untouched objects: an adopted one's are the caller's.
  const state = thawedState(collection, key) === Thawed.Adopted ? Thawed.Adopted : Thawed.Copy;
  const newKey = checkDocKey(collection, after);
  const moved = newKey !== key;
  if (moved && collection.slots.has(newKey)) {
    fail('DUPLICATE_KEY', collection.name, collection.primaryKey, publicKey(collection, newKey), `cannot move key ${describe(publicKey(collection, key))}: a document with the new key already exists`);
  }
  checkIndexes(collection, after, key, changes);
  const framed = recordBefore(collection, key, before);
  if (!moved) {
    replaceDoc(collection, key, before, after, state);
    if (!framed) emit(collection, 'update', [key]);
    return key;
  }
  removeDoc(collection, key, before);
  recordCreated(collection, newKey, insertDoc(collection, newKey, after, state));
  if (!framed) {
    emit(collection, 'delete', [key]);
    emit(collection, 'create', [newKey]);
  }
  return newKey;
}

/**
 * The new document (frozen when first read): `before`'s fields in their order with the `field, value` pairs applied
 * (`undefined` removes a field), new fields last. Without removals, a native copy of `before` (it
 * holds only its own data fields) and the changes on top; with some, field by field, since deleting
 * a field from an object turns it into a slow dictionary.
 */
function merged(collection: CollectionState, before: StoredDoc, fields: readonly unknown[], removes: boolean): StoredDoc {
  const next = new collection.shapes.top();
  if (removes) {
    const dropped = new Set<unknown>();
    for (let i = 0; i < fields.length; i += 2) if (fields[i + 1] === undefined) dropped.add(fields[i]);
    for (const field in before) {
      if (Object.prototype.hasOwnProperty.call(before, field) && !dropped.has(field)) next[field] = before[field];
    }
  } else Object.assign(next, before);
  for (let i = 0; i < fields.length; i += 2) if (fields[i + 1] !== undefined) next[fields[i] as string] = fields[i + 1];
  return next;
}

export function checkChanges(collection: CollectionState, changes: unknown): asserts changes is Record<string, unknown> {
  if (!isPlainObject(changes)) {
    throw new RamifyError('INVALID_ARGUMENT', `collection "${collection.name}": changes must be a plain object of fields (got ${describe(changes)})`, {
      collection: collection.name,
      value: changes,
    });
  }
  for (const field in changes) {
    if (!Object.prototype.hasOwnProperty.call(changes, field) || !isReservedName(field)) continue;
    fail('INVALID_DOCUMENT', collection.name, field, changes[field], reservedField(field));
  }
}

export function deleteOne(collection: CollectionState, rawKey: unknown): Key | undefined {
  return deleteKey(collection, checkKey(collection, rawKey));
}

/** deleteOne for a key from inside (checked already). */
export function deleteKey(collection: CollectionState, key: Key): Key | undefined {
  const before = docOf(collection, key);
  if (before === undefined) return undefined;
  const framed = recordBefore(collection, key, before);
  removeDoc(collection, key, before);
  if (!framed) emit(collection, 'delete', [key]);
  return key;
}

export function clearAll(collection: CollectionState): void {
  if (collection.slots.size === 0) return;
  const framed = recordClear(collection);
  clearDocs(collection);
  if (!framed) emit(collection, 'clear', []);
}
