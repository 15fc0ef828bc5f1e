// The public shapes of persistence: what persist() takes and what it hands back.
import type { ChangeType, Key, QueryJSON } from '@ramify-db/core';
import type { Snapshots } from './snapshots';
import type { IDBPDatabase, IDBPTransaction } from 'idb';

/**
 * How documents sit in an object store. `'chunks'`: ~500 documents per record, keyed by chunk
 * number (few, large records: far faster to write and read in bulk). `'records'`: one record per
 * document, keyPath = the primary key, readable by any IndexedDB tool.
 */
export type Layout = 'chunks' | 'records';

export type Durability = 'strict' | 'relaxed' | 'default';

/** What `onError` gets besides the error: where it happened. */
export interface ErrorInfo {
  collection?: string;
  /** Keys as the core hands them out: a tuple for a compound key. */
  keys?: (Key | Key[])[];
}

/** The user's migration hook, called with idb's upgrade arguments after persist created its stores. */
export type UpgradeHook = (
  database: IDBPDatabase,
  oldVersion: number,
  newVersion: number | null,
  transaction: IDBPTransaction<unknown, string[], 'versionchange'>,
  event: IDBVersionChangeEvent,
) => void | Promise<void>;

export interface PersistOptions {
  /** IndexedDB database name. */
  name: string;
  /**
   * The user's schema version. Optional: when a collection has no object store yet, persist bumps
   * the IndexedDB version above the current one by itself.
   */
  version?: number;
  upgrade?: UpgradeHook;
  /** Default `'chunks'`. */
  layout?: Layout;
  /** Durability of write transactions. Default `'strict'`: a resolved flush() survives a crash. */
  durability?: Durability;
  /** Failed writes, records rejected at hydration. Default: `console.error`. */
  onError?: (error: unknown, info: ErrorInfo) => void;
  /** Hydration progress in documents, after each batch. */
  onProgress?: (loaded: number, total: number) => void;
  /** Defaults to `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
}

export interface PersistenceStatus {
  /** Changes (keys, clears, request ids) not yet committed. */
  pending: number;
  /** The error of the last failed write; cleared by the next successful one. */
  lastError: unknown | undefined;
}

export interface Persistence {
  /** Resolves once every change made before the call is committed; rejects if that write fails. */
  flush(): Promise<void>;
  readonly status: PersistenceStatus;
  /** Flushes, then stops following the store and closes the database. */
  close(): Promise<void>;
  /** Records that request `id` was applied with `result`, in the same transaction as the changes queued before the call. */
  markApplied(id: string, result: unknown): void;
  /** The result recorded for `id` (from memory, durable or not). */
  appliedResult(id: string): { result: unknown } | undefined;
}

/** What persist() returns: the promise of the persistence, and at once the query snapshots. */
export type PersistPromise = Promise<Persistence> & { readonly snapshots: Snapshots };

/**
 * The part of a core collection persistence uses — public API only, so any store built with
 * `@ramify-db/core` fits.
 */
export interface CollectionLike {
  readonly collectionName: string;
  /** The key field, or the fields of a compound key. */
  readonly primaryKey: string | readonly string[];
  get(key: Key): unknown;
  has(key: Key): boolean;
  count(): number;
  keys(): Key[];
  readonly indexes: readonly string[];
  readonly multiEntry: readonly string[];
  readonly unique: readonly string[];
  bulkAdd(docs: readonly unknown[], options?: { adopt?: boolean }): unknown;
  subscribe(listener: (type: ChangeType, keys: Key[]) => void): () => void;
  query(description: QueryJSON): { toArray(): unknown[]; toJSON(): QueryJSON };
}
