// How query snapshots sit on disk, and how what is read back is checked (the disk is another
// context: hostile until checked). Snapshots live in persistence's meta store under array keys,
// which can never be a collection's name (those are strings): one row per tracked query, keyed by
// the canonical form of its description, and one row listing the tracked queries. Keeping them in
// the meta store, which exists in every database persistence ever made, needs no new object store:
// opening an existing database does not bump its version.
import type { Key, QueryJSON } from '@ramify-db/core';
import { storableCopy } from '@ramify-db/core/internal';
import type { KeyPath } from './compound-keys';
import { fieldOf, isKey, keyOf } from './layout';
import type { CollectionLike, Layout } from './types';

/** The row listing the tracked queries. */
export const SNAPSHOT_LIST: IDBValidKey = ['ramify:snapshots'];
/** Every snapshot row and the list: what an upgrade deletes. */
export const SNAPSHOT_RANGE = () => IDBKeyRange.bound(SNAPSHOT_LIST, ['ramify:snapshots', []]);
/** The row of the query whose canonical form is `key`. */
export const snapshotRow = (key: string): IDBValidKey => ['ramify:snapshots', key];

/** At most this many documents in a snapshot; a larger result is recorded as too large. */
export const SNAPSHOT_DOCS = 200;
/**
 * At most about this many bytes in a snapshot (estimated as chunks are). Every snapshot is read
 * whenever the database is opened: they are 4 MiB at most in all.
 */
export const SNAPSHOT_BYTES = 128 * 1024;
/** At most this many queries are tracked: */
export const SNAPSHOT_QUERIES = 32;
/** this many observed in one session only (one-off searches, say), the rest observed in several. */
export const SNAPSHOT_ONE_OFFS = 8;
/** A canonical form longer than this (a query with a list of thousands of values) is not tracked. */
export const SNAPSHOT_KEY_CHARS = 2048;
/**
 * Part of every row's fingerprint. Raised when what a snapshot holds for the same data could
 * change (the core's rules for documents or query results): rows of the old one are ignored.
 */
const FORMAT = 1;

/** A row as written: the result of `of`'s query (`docs`), or null for a result too large to keep. */
export interface SnapshotRow {
  collection: IDBValidKey;
  of: string;
  schema: string;
  docs: unknown[] | null;
}

export interface ListedQuery {
  key: string;
  of: string;
  /** When it was last observed (ms since the epoch). */
  used: number;
  /** In how many sessions it was observed. */
  hits: number;
}

export interface SnapshotList {
  collection: IDBValidKey;
  queries: ListedQuery[];
}

/**
 * What a snapshot of `collection` depends on besides its data: how the collection is laid out and
 * indexed (the order of a result without sortBy is the planner's, which follows the indexes), and
 * FORMAT. A row with another fingerprint is never used.
 */
export function fingerprint(collection: CollectionLike, layout: Layout): string {
  return JSON.stringify([FORMAT, layout, collection.primaryKey, collection.indexes, collection.multiEntry, collection.unique]);
}

export interface Canonical {
  key: string;
  /** The collection's name. */
  of: string;
  description: QueryJSON;
}

/**
 * The canonical form of a query description: the core rebuilds and checks it, and its own JSON
 * (fields in one order, values encoded one way) is the key. JSON turns NaN and ±Infinity into
 * null, which would make `equals(NaN)` and `equals(null)` one key: they are written as `{ $n }`,
 * which no operand can be. Undefined when the description is not a valid query of a collection.
 */
export function canonical(collections: ReadonlyMap<string, CollectionLike>, description: unknown): Canonical | undefined {
  const name = fieldOf(description, 'collection');
  const collection = typeof name === 'string' ? collections.get(name) : undefined;
  if (collection === undefined) return undefined;
  let json: QueryJSON;
  try {
    json = collection.query(description as QueryJSON).toJSON();
  } catch {
    return undefined;
  }
  const key = JSON.stringify(json, (_, value) => (typeof value === 'number' && !Number.isFinite(value) ? { $n: String(value) } : value));
  return key.length <= SNAPSHOT_KEY_CHARS ? { key, of: collection.collectionName, description: json } : undefined;
}

/** The description a canonical key was made from. */
export function describedBy(key: string): QueryJSON {
  return JSON.parse(key, (_, value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    return keys.length === 1 && keys[0] === '$n' && ['NaN', 'Infinity', '-Infinity'].includes(value.$n) ? Number(value.$n) : value;
  }) as QueryJSON;
}

/**
 * The documents of a row read from disk, when it is a snapshot of `of` with this fingerprint:
 * an array of at most SNAPSHOT_DOCS objects, each with its own valid primary key, no key twice.
 * Undefined for anything else (no row, too large, another schema, damaged).
 */
export function rowDocs(row: unknown, of: string, schema: string, keyPath: KeyPath): unknown[] | undefined {
  if (row === null || typeof row !== 'object') return undefined;
  const docs = fieldOf(row, 'docs');
  if (fieldOf(row, 'of') !== of || fieldOf(row, 'schema') !== schema || !Array.isArray(docs) || docs.length > SNAPSHOT_DOCS) return undefined;
  const keys = new Set<Key>();
  const checked: unknown[] = [];
  for (const doc of docs) {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
    const key = keyOf(doc, keyPath);
    if (!isKey(key) || keys.has(key)) return undefined;
    keys.add(key);
    // Answered without passing through the core: held to the rules a hydration's load applies
    // (storable data, own fields, bounded depth), so a damaged row answers nothing a load refuses.
    try {
      checked.push(storableCopy(doc, of));
    } catch {
      return undefined;
    }
  }
  return checked;
}

/** The tracked queries of a list row read from disk; entries that are not well formed are left out. */
export function listedQueries(row: unknown): ListedQuery[] {
  const queries = row !== null && typeof row === 'object' ? fieldOf(row, 'queries') : undefined;
  if (!Array.isArray(queries)) return [];
  const listed: ListedQuery[] = [];
  const seen = new Set<string>();
  for (const entry of queries.slice(0, SNAPSHOT_QUERIES)) {
    if (entry === null || typeof entry !== 'object') continue;
    const key = fieldOf(entry, 'key');
    const of = fieldOf(entry, 'of');
    const used = fieldOf(entry, 'used');
    const hits = fieldOf(entry, 'hits');
    if (typeof key !== 'string' || key.length > SNAPSHOT_KEY_CHARS || seen.has(key) || typeof of !== 'string') continue;
    if (typeof used !== 'number' || !Number.isFinite(used) || !Number.isSafeInteger(hits) || (hits as number) < 1) continue;
    seen.add(key);
    listed.push({ key, of, used, hits: hits as number });
  }
  return listed;
}
