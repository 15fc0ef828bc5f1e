// Collections with a compound primary key. The core hands their keys out as tuples (frozen arrays),
// which a Set or a Map tells apart by identity only; persistence tracks every key in such sets. So
// at the edge of persistence a tuple becomes the JSON text of its parts, and back when the core or
// the user sees it; layout.ts `keyOf` reads the same text from a stored document. Inside, every
// layout and map works on one string per document, as for any string key. IndexedDB keeps the
// tuple: a records store's keyPath is the parts; a delta's key holds the text.
import type { Key } from '@ramify-db/core';
import { isKey } from './layout';
import type { CollectionLike } from './types';

/** The primary key field, or the fields of a compound primary key, in order. */
export type KeyPath = string | readonly string[];

/** The key as the core and the user know it: for a compound key, the tuple back from its text. */
export function outsideKey(key: Key, keyPath: KeyPath): Key | Key[] {
  return typeof keyPath === 'string' ? key : (JSON.parse(key as string) as Key[]);
}

/**
 * Whether `key`, read from disk without a document to check it against (a deletion's delta), is a
 * key persistence could have written for `parts`: the exact text of a tuple of that many parts.
 */
export function isTupleText(key: unknown, parts: readonly string[]): boolean {
  if (typeof key !== 'string' || key[0] !== '[') return false;
  let tuple: unknown;
  try {
    tuple = JSON.parse(key);
  } catch {
    return false;
  }
  return Array.isArray(tuple) && tuple.length === parts.length && tuple.every(isKey) && JSON.stringify(tuple) === key;
}

/** `collection` as persistence sees it: each key a string, whatever the core hands out. */
export function keyedByText(collection: CollectionLike): CollectionLike {
  const keyPath = collection.primaryKey;
  if (typeof keyPath === 'string') return collection;
  const inside = (keys: readonly unknown[]): Key[] => keys.map((key) => JSON.stringify(key));
  // The core takes the tuple wherever it takes a key.
  const outside = (key: Key) => outsideKey(key, keyPath) as Key;
  return {
    ...collection,
    get: (key) => collection.get(outside(key)),
    has: (key) => collection.has(outside(key)),
    keys: () => inside(collection.keys()),
    bulkAdd: (docs, options) => inside(collection.bulkAdd(docs, options) as unknown[]),
    subscribe: (listener) => collection.subscribe((type, keys) => listener(type, inside(keys))),
  };
}
