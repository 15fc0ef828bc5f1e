// What the two layouts have in common: how hydration reads a store and how a write brings it in
// line with memory. Memory is authoritative: a write never merges with what is on disk, it
// rewrites the touched records from the documents in the store.
import type { Key } from '@ramify-db/core';
import type { IDBPDatabase } from 'idb';
import type { CollectionChanges } from './changes';
import type { KeyPath } from './compound-keys';
import type { MetaRow } from './internal-stores';
import type { CollectionLike } from './types';

/**
 * Documents read from disk together: one chunk, the deltas, or a run of records. Handed to the core
 * as they are (bulkAdd adopts them): no object is made per document on the way.
 */
export interface LoadBatch {
  docs: unknown[];
  /** Where they live, as `StoredDocument.at`. */
  at: number;
  /** Read from delta records (chunks layout). */
  delta?: boolean;
  /** Set when the records themselves are unreadable (not documents at all): each is rejected with it. */
  problem?: string;
}

/** A document as read from disk, one at a time: one the core refused, or one memory already holds. */
export interface StoredDocument {
  doc: unknown;
  /** Its primary key as found (not yet checked). */
  key: unknown;
  /** Where it lives: the chunk number (chunks; negative while it has none: read from a delta or a misplaced record), 0 (records). */
  at: number;
  /** Set when the record itself is unreadable (not a document at all). */
  problem?: string;
  /** Read from a delta record (chunks layout) rather than from a chunk. */
  delta?: boolean;
}

export interface LayoutAdapter {
  readonly collection: CollectionLike;
  /** The object stores a write of this collection touches. */
  readonly scope: readonly string[];
  /** Documents on disk (for progress; may be an estimate). */
  count(db: IDBPDatabase, row: MetaRow | undefined): Promise<number>;
  /** Reads the whole store: per IndexedDB read, the batches it holds. */
  read(db: IDBPDatabase): AsyncGenerator<LoadBatch[]>;
  /** The documents of `batch` the core accepted, by their keys (the hot path: nothing per key but what must be). */
  loaded(keys: readonly Key[], batch: LoadBatch): void;
  /** A stored copy of a key memory already holds: superseded by a newer write, or a second copy (a damaged store). */
  placed(key: Key, at: number): void;
  /** A stored document memory rejected: left on disk as it is. */
  keep(stored: StoredDocument): void;
  /** Adds to `tx` the requests that make the store match memory for `changes`. */
  stage(tx: IDBTransaction, changes: CollectionChanges): void;
  /** The transaction of the last `stage` committed (true) or failed (false). */
  settle(committed: boolean): void;
}

/** A primary key the core accepts: a string or a finite number. */
export function isKey(value: unknown): value is Key {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** A field of a value read from disk: an own property only, never an inherited one; undefined for a non-object. */
export function fieldOf(value: unknown, field: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, field) ? (value as Record<string, unknown>)[field] : undefined;
}

/** The key of a document read from disk, as persistence tracks it (compound-keys.ts). */
export function keyOf(doc: unknown, keyPath: KeyPath): unknown {
  if (typeof keyPath === 'string') return fieldOf(doc, keyPath);
  // Not a key (the tuple itself) when a part is not a string or a finite number.
  const parts = keyPath.map((part) => fieldOf(doc, part));
  return parts.every(isKey) ? JSON.stringify(parts) : parts;
}
