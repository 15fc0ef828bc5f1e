// Shared set-up for the persistence tests: a store, a fresh database name per test, and ways to
// look at what is really on disk (whatever the layout) and to count write transactions.
import 'fake-indexeddb/auto';
import { Ramify, type Schema, type Store, type StoreSchema } from '@ramify-db/core';
import { openDB } from 'idb';
import { afterEach } from 'vitest';
import { persist } from '@ramify-db/persistence';
import type { Layout, PersistOptions } from '@ramify-db/persistence';

export const LAYOUTS: readonly Layout[] = ['chunks', 'records'];

export interface Message {
  id: string;
  text?: string;
  at?: Date;
  n?: number;
  tags?: string[];
  meta?: { level?: number; nested?: { deep?: unknown } };
  extra?: unknown;
}

export interface User {
  id: number;
  email: string;
  name?: string;
}

export type TestSchema = { messages: Schema<Message, 'id'>; users: Schema<User, 'id'> };

export function createTestStore() {
  return new Ramify({ onError: (error) => { throw error; } }).createStore<TestSchema>({
    messages: { primaryKey: 'id', indexes: ['n', 'at'], multiEntry: ['tags'] },
    users: { primaryKey: 'id', indexes: [], unique: ['email'] },
  });
}

let counter = 0;
/** A database name no other test uses. */
export function freshName(): string {
  return `ramify-test-${process.pid}-${Date.now()}-${counter++}`;
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await p.close().catch(() => undefined);
});

/** persist() with errors collected instead of logged; closed after the test. */
export async function persistTest<S extends StoreSchema>(db: Store<S>, options: PersistOptions & { errors?: unknown[][] }) {
  const errors = options.errors ?? [];
  const p = await persist(db, { onError: (error, info) => errors.push([error, info]), ...options });
  opened.push(p);
  return p;
}

/**
 * Every document stored for `collection`, whatever the layout, sorted by key. Chunks: a delta record
 * (key ['d', id]: the document, or null) replaces every chunk copy of its key.
 */
export async function readDisk(name: string, collection: string): Promise<unknown[]> {
  const db = await openDB(name);
  try {
    const store = db.transaction(collection).store;
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    if (store.keyPath !== null) return sortByKey(values);
    const deltas = new Map<unknown, unknown>();
    keys.forEach((key, i) => {
      if (Array.isArray(key)) deltas.set(key[1], values[i]);
    });
    const chunked = (values.filter((_, i) => !Array.isArray(keys[i])) as { id: unknown }[][]).flat();
    const docs = [...chunked.filter((doc) => !deltas.has(doc.id)), ...[...deltas.values()].filter((doc) => doc !== null)];
    return sortByKey(docs);
  } finally {
    db.close();
  }
}

/** The raw records of a store: [key, value] pairs. */
export async function readRecords(name: string, collection: string): Promise<[IDBValidKey, unknown][]> {
  const db = await openDB(name);
  try {
    const store = db.transaction(collection).store;
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    return keys.map((key, i) => [key, values[i]]);
  } finally {
    db.close();
  }
}

/** A put or delete made on an object store. */
export interface StoreRequest {
  op: 'put' | 'delete';
  key: IDBValidKey | IDBKeyRange;
  value?: unknown;
}

/** The puts and deletes made on the object store `store` while `fn` runs, in order. */
export async function storeRequests(store: string, fn: () => Promise<void>): Promise<StoreRequest[]> {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  const del = proto.delete;
  const seen: StoreRequest[] = [];
  proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (this.name === store) seen.push({ op: 'put', key: key as IDBValidKey, value });
    return put.call(this, value, key);
  };
  proto.delete = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
    if (this.name === store) seen.push({ op: 'delete', key });
    return del.call(this, key);
  };
  try {
    await fn();
  } finally {
    proto.put = put;
    proto.delete = del;
  }
  return seen;
}

/**
 * Makes put/delete/clear requests throw synchronously, as IndexedDB does for a value it cannot
 * clone or a transaction that is no longer active: each request (on any object store) is numbered
 * from 1 and throws when `when(n, store)` holds. `stop()` (also run after each test) puts things back.
 */
export function throwOnRequests(when: (n: number, store: string) => boolean): { readonly thrown: number; stop(): void } {
  const proto = IDBObjectStore.prototype;
  const originals = { put: proto.put, delete: proto.delete, clear: proto.clear };
  let seen = 0;
  let thrown = 0;
  for (const op of ['put', 'delete', 'clear'] as const) {
    const original = originals[op] as (...args: unknown[]) => IDBRequest;
    (proto as unknown as Record<string, unknown>)[op] = function (this: IDBObjectStore, ...args: unknown[]) {
      if (when(++seen, this.name)) {
        thrown++;
        throw new DOMException(`${op} refused by the test`, 'DataCloneError');
      }
      return original.apply(this, args);
    };
  }
  const stop = () => Object.assign(proto, originals);
  restorers.push(stop);
  return {
    get thrown() {
      return thrown;
    },
    stop,
  };
}
const restorers: (() => void)[] = [];
afterEach(() => {
  for (const restore of restorers.splice(0)) restore();
});

export function sortByKey<T>(docs: T[], key = 'id'): T[] {
  const k = (doc: T) => (doc as Record<string, unknown>)[key] as string | number;
  return [...docs].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
}

/** The store's documents in key order, as plain values (what disk should hold). */
export function memory(collection: { toArray(): readonly unknown[] }): unknown[] {
  return sortByKey([...collection.toArray()]);
}

/** Counts the readwrite transactions started on any database while `fn` runs. */
export async function countWrites<R>(fn: () => Promise<R>): Promise<{ result: R; writes: number }> {
  const proto = IDBDatabase.prototype;
  const original = proto.transaction;
  let writes = 0;
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') writes++;
    return original.apply(this, args);
  } as IDBDatabase['transaction'];
  try {
    return { result: await fn(), writes };
  } finally {
    proto.transaction = original;
  }
}

/** A store persisted (chunks layout) to a fresh database, holding `count` messages already on disk. */
export async function persistedChunks(count: number) {
  const name = freshName();
  const db = createTestStore();
  const p = await persistTest(db, { name, layout: 'chunks' });
  db.messages.bulkAdd(messages(count));
  await p.flush();
  return { name, db, p };
}

/** Seeds a database through persist() itself, then closes it. */
export async function seed(name: string, layout: Layout, fill: (db: ReturnType<typeof createTestStore>) => void): Promise<void> {
  const db = createTestStore();
  const p = await persist(db, { name, layout });
  fill(db);
  await p.close();
}

export function messages(count: number, from = 0): Message[] {
  return Array.from({ length: count }, (_, i) => ({ id: `m${String(from + i).padStart(6, '0')}`, text: `message ${from + i}`, n: from + i }));
}

export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Polls `check` every few ms until it holds (for retries driven by timers). */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
