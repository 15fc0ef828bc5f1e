// Shared fixtures for the core's tests: one schema (users, posts, messages, and `things` for mixed
// index values), fresh sample documents for every call, and small assertion helpers.
import { expect } from 'vitest';
import { Ramify, RamifyError, type IndexValue, type Key, type Schema, type StoreSchema } from '@ramify-db/core';

export interface User {
  id: string;
  name: string;
  email: string;
  age?: number;
  roles: string[];
  stats: { level: number; score: number };
  profile?: { city?: string; address?: { zip: string } };
  createdAt?: Date;
}

export interface Post {
  id: number;
  userId: string;
  title: string;
  tags: string[];
  published: boolean;
  createdAt: Date;
}

export interface Message {
  id: string;
  senderId: string;
  channelId: string;
  createdAt: Date;
  tags: string[];
  mentions: string[];
  metadata: { priority: number; readBy: string[] };
}

/** A document whose indexed fields may hold any index value, for ordering and validation tests. */
export interface Thing {
  id: Key;
  value?: IndexValue;
  list?: IndexValue[];
  payload?: unknown;
}

export type AppSchema = {
  users: Schema<User, 'id'>;
  posts: Schema<Post, 'id'>;
  messages: Schema<Message, 'id'>;
  things: Schema<Thing, 'id'>;
};

export function appDefinitions(): AppSchema {
  return {
    users: {
      primaryKey: 'id',
      indexes: ['name', 'email', 'age', 'stats.level', 'profile.address.zip', 'createdAt'],
      multiEntry: ['roles'],
    },
    posts: { primaryKey: 'id', indexes: ['userId', 'published', 'createdAt'], multiEntry: ['tags'] },
    messages: {
      primaryKey: 'id',
      indexes: ['senderId', 'channelId', 'metadata.priority', 'createdAt'],
      multiEntry: ['mentions', 'tags', 'metadata.readBy'],
    },
    things: { primaryKey: 'id', indexes: ['value'], multiEntry: ['list'] },
  };
}

export function makeStore(options: { onError?: (error: unknown) => void } = {}) {
  return new Ramify().createStore<AppSchema>(appDefinitions(), options);
}

export type AppStore = ReturnType<typeof makeStore>;

export const day = (n: number) => new Date(Date.UTC(2024, 0, n));

// Keys contain no digits so that tests can look for an array index in error messages.
export function sampleUsers(): User[] {
  return [
    {
      id: 'alice',
      name: 'Alice',
      email: 'alice@example.com',
      age: 30,
      roles: ['admin', 'editor'],
      stats: { level: 3, score: 10 },
      profile: { city: 'Paris', address: { zip: '75001' } },
      createdAt: day(1),
    },
    {
      id: 'bob',
      name: 'Bob',
      email: 'bob@example.com',
      age: 25,
      roles: ['editor'],
      stats: { level: 1, score: 5 },
      profile: { city: 'Berlin' },
      createdAt: day(2),
    },
    {
      id: 'carol',
      name: 'Carol',
      email: 'carol@example.org',
      roles: [],
      stats: { level: 3, score: 7 },
      createdAt: day(3),
    },
    {
      id: 'dave',
      name: 'Dave',
      email: 'dave@example.com',
      age: 41,
      roles: ['viewer', 'editor'],
      stats: { level: 2, score: 1 },
      profile: { address: { zip: '10115' } },
    },
  ];
}

export function samplePosts(): Post[] {
  return [
    { id: 1, userId: 'alice', title: 'Hello', tags: ['intro', 'news'], published: true, createdAt: day(5) },
    { id: 2, userId: 'alice', title: 'Indexes', tags: ['db'], published: false, createdAt: day(6) },
    { id: 3, userId: 'bob', title: 'Queries', tags: ['db', 'news'], published: true, createdAt: day(7) },
    { id: 4, userId: 'carol', title: 'Empty', tags: [], published: true, createdAt: day(8) },
  ];
}

export function sampleMessages(): Message[] {
  return [
    {
      id: 'm-a',
      senderId: 'alice',
      channelId: 'general',
      createdAt: day(10),
      tags: ['urgent'],
      mentions: ['bob', 'carol'],
      metadata: { priority: 1, readBy: ['bob'] },
    },
    {
      id: 'm-b',
      senderId: 'bob',
      channelId: 'random',
      createdAt: day(11),
      tags: [],
      mentions: [],
      metadata: { priority: 2, readBy: [] },
    },
    {
      id: 'm-c',
      senderId: 'alice',
      channelId: 'general',
      createdAt: day(12),
      tags: ['urgent', 'later'],
      mentions: ['dave'],
      metadata: { priority: 3, readBy: ['bob', 'dave'] },
    },
  ];
}

/** A store filled with the sample users, posts and messages (`things` stays empty). */
export function seededStore(options: { onError?: (error: unknown) => void } = {}) {
  const db = makeStore(options);
  db.users.bulkAdd(sampleUsers());
  db.posts.bulkAdd(samplePosts());
  db.messages.bulkAdd(sampleMessages());
  return db;
}

/** createStore without compile-time checks, for invalid definitions. */
export function createUntyped(definitions: unknown) {
  return new Ramify().createStore(definitions as StoreSchema);
}

/** Keys sorted by the value order (numbers before strings), to compare unordered results. */
export function sortKeys<K extends Key>(keys: readonly (K | undefined)[]): K[] {
  return [...(keys as K[])].sort((a, b) =>
    typeof a === typeof b ? (a < b ? -1 : a > b ? 1 : 0) : typeof a === 'number' ? -1 : 1,
  );
}

/** The primary keys of documents, sorted: for results whose order is unspecified. */
export function idsOf<K extends Key>(docs: readonly { id: K }[] | readonly (({ id: K }) | undefined)[]): K[] {
  return sortKeys(docs.map((d) => (d as { id: K }).id));
}

export function catchError(fn: () => unknown): RamifyError {
  try {
    fn();
  } catch (error) {
    return error as RamifyError;
  }
  throw new Error('expected the call to throw');
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Asserts that `fn` throws a RamifyError with `code` whose message mentions every part (strings
 * are matched literally). Returns the error for further checks.
 */
export function expectRamifyError(fn: () => unknown, code: string, mentions: (string | RegExp)[] = []) {
  expect(fn).toThrow(expect.objectContaining({ code }));
  const error = catchError(fn);
  expect(error).toBeInstanceOf(RamifyError);
  expect(error).toBeInstanceOf(Error);
  for (const part of mentions) {
    expect(error.message).toMatch(typeof part === 'string' ? new RegExp(escapeRegExp(part)) : part);
  }
  return error;
}

/** Everything observable about a store's data: documents by key (kept by identity) and index walks. */
export function snapshot(db: AppStore) {
  const result: Record<string, unknown> = {};
  for (const name of ['users', 'posts', 'messages', 'things'] as const) {
    const collection = db.collections[name] as unknown as {
      keys(): Key[];
      get(key: Key): unknown;
      count(): number;
      indexes: readonly string[];
      sortBy(path: string): { keys(): Key[] };
    };
    const keys = sortKeys(collection.keys());
    result[name] = {
      count: collection.count(),
      docs: keys.map((k) => [k, collection.get(k)]),
      byIndex: collection.indexes.map((path) => [path, collection.sortBy(path).keys()]),
    };
  }
  return result;
}

/** Asserts the store still holds exactly what `before` recorded, with the same document objects. */
export function expectUnchanged(db: AppStore, before: ReturnType<typeof snapshot>) {
  const after = snapshot(db);
  expect(after).toEqual(before);
  for (const name of Object.keys(before)) {
    const b = (before[name] as { docs: [Key, unknown][] }).docs;
    const a = (after[name] as { docs: [Key, unknown][] }).docs;
    a.forEach(([, doc], i) => expect(doc).toBe(b[i][1]));
  }
}

/** Records every event of the listed collections, in the order delivered, as [collection, type, keys]. */
export function recordEvents(db: AppStore, names: readonly ('users' | 'posts' | 'messages' | 'things')[] = ['users', 'posts', 'messages', 'things']) {
  const log: [string, string, Key[]][] = [];
  for (const name of names) {
    (db.collections[name] as unknown as { subscribe(cb: (type: string, keys: Key[]) => void): () => void }).subscribe(
      (type, keys) => {
        log.push([name, type, [...keys]]);
      },
    );
  }
  return log;
}

/** Like recordEvents but with keys sorted, for bulk events whose key order is unspecified. */
export function normalised(log: [string, string, Key[]][]) {
  return log.map(([name, type, keys]) => [name, type, sortKeys(keys)]);
}

const typeRank = (v: unknown) =>
  v === undefined ? 0 : v === null ? 1 : typeof v === 'boolean' ? 2 : typeof v === 'number' ? 3 : v instanceof Date ? 4 : 5;

/** The value order of SPEC §1, written naively: undefined < null < booleans < numbers < Dates < strings. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  const x = a instanceof Date ? a.getTime() : (a as number | string | boolean);
  const y = b instanceof Date ? b.getTime() : (b as number | string | boolean);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function valueAt(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

type Scannable = {
  toArray(): readonly unknown[];
  primaryKey: string;
  indexes: readonly string[];
  multiEntry: readonly string[];
  where(path: string): { equals(v: unknown): { keys(): Key[] } };
  sortBy(path: string): { toArray(): readonly unknown[] };
};

/**
 * Checks every index of a collection against a scan of its documents: each value finds exactly the
 * documents holding it, and sorting by a plain index gives the value order.
 */
export function expectIndexesConsistent(collection: unknown) {
  const c = collection as Scannable;
  const docs = c.toArray();
  const keyOf = (d: unknown) => valueAt(d, c.primaryKey) as Key;
  for (const path of c.indexes) {
    const values = docs.map((d) => valueAt(d, path));
    for (const value of values) {
      const expected = docs.filter((d) => compareValues(valueAt(d, path), value) === 0).map(keyOf);
      expect(sortKeys(c.where(path).equals(value).keys()), `${path} = ${String(value)}`).toEqual(sortKeys(expected));
    }
    const sortedValues = c.sortBy(path).toArray().map((d) => valueAt(d, path));
    // Boxed, because Array.prototype.sort moves undefined to the end without asking the comparator.
    const expectedOrder = values.map((v) => [v]).sort(([a], [b]) => compareValues(a, b)).map(([v]) => v);
    expect(sortedValues).toEqual(expectedOrder);
  }
  for (const path of c.multiEntry) {
    const elementsOf = (d: unknown) => {
      const v = valueAt(d, path);
      return v === undefined ? [] : Array.isArray(v) ? v : [v];
    };
    const elements = new Set(docs.flatMap(elementsOf));
    for (const element of elements) {
      const expected = docs.filter((d) => elementsOf(d).some((e) => compareValues(e, element) === 0)).map(keyOf);
      expect(sortKeys(c.where(path).equals(element).keys()), `${path} has ${String(element)}`).toEqual(sortKeys(expected));
    }
  }
}

/** Lets pending promise rejections settle (no timing involved: one macrotask turn). */
export function settle() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
