// What the two layouts have in common: how hydration reads a store and how a write brings it in
// line with memory. Memory is authoritative: a write never merges with what is on disk, it
// rewrites the touched records from the documents in the store.
import type { Key } from '@ramify-db/core';
import type { IDBPDatabase } from 'idb';
import type { CollectionChanges } from './changes';
import type { MetaRow } from './internal-stores';
import type { CollectionLike } from './types';

/** A document as read from disk, before the core has accepted it. */
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
  /** Reads the whole store, a batch at a time. */
  read(db: IDBPDatabase): AsyncGenerator<StoredDocument[]>;
  /** A stored document whose key is now known to memory (loaded, or superseded by a newer write). */
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

/** The primary key of a document read from disk: an own property only, never an inherited one. */
export function keyOf(doc: unknown, primaryKey: string): unknown {
  return doc !== null && typeof doc === 'object' && Object.hasOwn(doc, primaryKey) ? (doc as Record<string, unknown>)[primaryKey] : undefined;
}
