// Primary keys at the edges of a collection. Inside, a key is a string or a finite number; the key
// of a compound primary key is the string of its tuple (tuple-order.ts), so slots, frames and the
// key index treat it as any other key. Tuples come in through checkKey and checkDocKey and go out
// through publicKey, in return values, events and query results.
import { fail } from './errors';
import { ownField } from './path';
import type { CollectionState } from './state';
import { decodeKey, encodeTuple } from './tuple-order';
import type { Key } from './types';
import { isKey } from './value-order';

const KEY_PROBLEM = 'a primary key must be a string or a finite number';

/** The inside key of a key a caller gave; INVALID_KEY unless it is one. */
export function checkKey(collection: CollectionState, key: unknown): Key {
  const parts = collection.keyParts;
  if (parts === undefined) {
    if (!isKey(key)) fail('INVALID_KEY', collection.name, collection.primaryKey, key, KEY_PROBLEM);
    return key;
  }
  if (!Array.isArray(key) || key.length !== parts.length) {
    fail('INVALID_KEY', collection.name, collection.primaryKey, key, `a key of this collection is an array of ${parts.length} parts (${parts.join(', ')})`);
  }
  for (let i = 0; i < parts.length; i++) {
    if (!isKey(key[i])) fail('INVALID_KEY', collection.name, parts[i], key[i], `part ${i + 1} of the key: ${KEY_PROBLEM}`);
  }
  return encodeTuple(key);
}

/** The inside key of a document a caller gave, read from its own fields; INVALID_KEY unless it has one. */
export function checkDocKey(collection: CollectionState, doc: object): Key {
  const parts = collection.keyParts;
  if (parts === undefined) return checkKey(collection, ownField(doc, collection.primaryKey));
  const values = parts.map((part) => ownField(doc, part));
  for (let i = 0; i < parts.length; i++) {
    if (!isKey(values[i])) fail('INVALID_KEY', collection.name, parts[i], values[i], `part ${i + 1} of the key: ${KEY_PROBLEM}`);
  }
  return encodeTuple(values);
}

/** The key as callers see it: a compound key as a frozen tuple. */
export function publicKey(collection: CollectionState, key: Key): Key | readonly Key[] {
  return collection.keyParts === undefined ? key : Object.freeze(decodeKey(key as string));
}

export function publicKeys<K extends Key | undefined>(collection: CollectionState, keys: K[]): (K | readonly Key[])[] {
  if (collection.keyParts === undefined) return keys;
  return keys.map((key) => (key === undefined ? key : publicKey(collection, key as Key))) as (K | readonly Key[])[];
}

/** The key a caller's document names, as it gave it, for messages: a tuple for a compound key. */
export function keyFieldsOf(collection: CollectionState, doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object') return undefined;
  const parts = collection.keyParts;
  return parts === undefined ? ownField(doc, collection.primaryKey) : parts.map((part) => ownField(doc, part));
}

/** The inside key of a key from an event (a tuple for a compound key). */
export function insideKey(collection: CollectionState, key: unknown): Key {
  return collection.keyParts === undefined ? (key as Key) : encodeTuple(key as readonly unknown[]);
}
