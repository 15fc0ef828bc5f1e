// Both ends of the bridge in one process: a fake browser whose background builds a store, persists
// it to a fake-indexeddb shared by every background it starts (as the extension's IndexedDB is),
// and serves it; pages connect to it. Time is fake (setTimeout/setInterval), so deadlines, backoff
// and keep-alive run instantly and deterministically; IndexedDB runs on real setImmediate.
// idb checks requests with instanceof against the global IDB classes.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import { Ramify, type Schema, type Store } from '@ramify-db/core';
import { persist, type Persistence } from '@ramify-db/persistence';
import { decode } from '../../packages/bridge/src/codec';
import { connect, disconnect, type ConnectOptions } from '../../packages/bridge/src/connect';
import type { Visibility } from '../../packages/bridge/src/keep-alive';
import type { RemoteStore } from '../../packages/bridge/src/remote-types';
import { serve, type ServeOptions } from '../../packages/bridge/src/serve';
import { createFakeBrowser, type FakeBrowser } from './fake-runtime';

export interface Page {
  id: string;
  url: string;
  title: string;
  tags: string[];
  status: 'unread' | 'read' | 'archived';
  createdAt: Date;
  words?: number;
  note?: string;
  stats?: { visits: number; last?: Date };
}

export interface Counter {
  n: number;
  label: string;
  value: number;
}

export type TestSchema = { pages: Schema<Page, 'id'>; counters: Schema<Counter, 'n'> };

export const definitions: TestSchema = {
  pages: { primaryKey: 'id', indexes: ['status', 'createdAt', 'url', 'words', 'stats.visits', ['status', 'createdAt']], multiEntry: ['tags'], unique: ['url'] },
  counters: { primaryKey: 'n', indexes: ['label', 'value'] },
};

export const DAY = 24 * 60 * 60 * 1000;
/** The database the backgrounds persist to. */
export const DATABASE = 'bridge-test';
export const T0 = Date.UTC(2024, 0, 1);

export function page(i: number, overrides: Partial<Page> = {}): Page {
  return {
    id: `p${String(i).padStart(5, '0')}`,
    url: `https://example.com/${i}`,
    title: `Page ${i}`,
    tags: i % 3 === 0 ? ['news', 'tech'] : i % 3 === 1 ? ['tech'] : [],
    status: i % 4 === 0 ? 'read' : i % 4 === 1 ? 'archived' : 'unread',
    createdAt: new Date(T0 + i * DAY),
    words: (i * 37) % 1000,
    ...overrides,
  };
}

/**
 * An IDBFactory for one background: when it is stopped, its unfinished transactions abort and it
 * can open nothing more, as when Chrome kills a worker mid-write.
 */
export function killableFactory(real: IDBFactory): { factory: IDBFactory; kill(): void } {
  let dead = false;
  const databases = new Set<IDBDatabase>();
  const unfinished = new Set<IDBTransaction>();
  const gone = () => new DOMException('the background was stopped', 'InvalidStateError');
  const factory = {
    open(name: string, version?: number) {
      if (dead) throw gone();
      const request = version === undefined ? real.open(name) : real.open(name, version);
      request.addEventListener('success', () => {
        const db = request.result;
        databases.add(db);
        const transaction = db.transaction;
        db.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
          if (dead) throw gone();
          const tx = transaction.apply(this, args);
          // Only writes matter for durability; reads left behind by hydration finish on their own.
          if (tx.mode === 'readonly') return tx;
          unfinished.add(tx);
          const done = () => unfinished.delete(tx);
          tx.addEventListener('complete', done);
          tx.addEventListener('abort', done);
          return tx;
        } as IDBDatabase['transaction'];
      });
      return request;
    },
    deleteDatabase: (name: string) => real.deleteDatabase(name),
    cmp: (a: unknown, b: unknown) => real.cmp(a, b),
    databases: () => real.databases(),
  } as IDBFactory;
  return {
    factory,
    kill() {
      dead = true;
      for (const tx of unfinished) {
        try {
          tx.abort();
        } catch {
          // Already committing: it completes, as it would in the browser.
        }
      }
      for (const db of databases) db.close();
    },
  };
}

export interface Background {
  db: Store<TestSchema>;
  persistence: Promise<Persistence>;
  /** Set once `persistence` has settled (the store is loaded, or failed to load). */
  readonly hydrated: boolean;
  instance: number;
  /** Makes every IndexedDB write of this background fail from now on, while it keeps running. */
  breakIndexedDB(): void;
}

export interface WorldOptions {
  /** Without persistence the background keeps everything in memory (and forgets it when stopped). */
  persistence?: boolean;
  serve?: Partial<ServeOptions>;
  maxMessageBytes?: number;
  /** Stop the background after this long without activity, as Chrome does after 30 s. */
  idleStopMs?: number;
  /** Documents the first background starts with (written to IndexedDB before any page connects). */
  seed?: { pages?: Page[]; counters?: Counter[] };
}

export interface World {
  browser: FakeBrowser;
  /** The IndexedDB every background of this world persists to (database `DATABASE`). */
  idb: IDBFactory;
  backgrounds: Background[];
  /** The running background (started by the first port; undefined while stopped). */
  readonly background: Background | undefined;
  /** Errors the backgrounds reported (serve's and persistence's onError). */
  errors: unknown[];
  client(options?: Partial<ConnectOptions> & { path?: string }): RemoteStore<TestSchema>;
  /** Starts a background if none runs and waits for its hydration; returns its store. */
  store(): Promise<Store<TestSchema>>;
  close(): void;
}

export function createWorld(options: WorldOptions = {}): World {
  const idb = new IDBFactory();
  const backgrounds: Background[] = [];
  const errors: unknown[] = [];
  const clients: object[] = [];
  let current: Background | undefined;
  let instance = 0;
  let seeded = options.seed === undefined;

  const browser = createFakeBrowser({
    maxMessageBytes: options.maxMessageBytes,
    idleStopMs: options.idleStopMs,
    background(runtime, lifecycle) {
      const db = new Ramify({ onError: (error) => errors.push(error) }).createStore(definitions);
      if (!seeded) {
        seeded = true;
        db.transaction(() => {
          db.pages.bulkAdd(options.seed?.pages ?? []);
          db.counters.bulkAdd(options.seed?.counters ?? []);
        });
      }
      const { factory, kill } = killableFactory(idb);
      const persistence =
        options.persistence === false
          ? undefined
          : persist(db, { name: DATABASE, indexedDB: factory, onError: (error) => errors.push(error) });
      persistence?.catch((error) => errors.push(error));
      serve(db, { runtime, persistence, onError: (error) => errors.push(error), ...options.serve });
      let hydrated = persistence === undefined;
      persistence?.then(
        () => (hydrated = true),
        () => (hydrated = true),
      );
      const bg: Background = {
        db,
        persistence: persistence ?? Promise.resolve(undefined as never),
        get hydrated() {
          return hydrated;
        },
        instance: ++instance,
        breakIndexedDB: kill,
      };
      backgrounds.push(bg);
      current = bg;
      lifecycle.onStop(() => {
        if (current === bg) current = undefined;
        kill();
      });
    },
  });

  return {
    browser,
    idb,
    backgrounds,
    get background() {
      return current;
    },
    errors,
    client({ path, ...connectOptions } = {}) {
      const store = connect<TestSchema>({ runtime: browser.page(path), visibility: visible(), onError: (error) => errors.push(error), ...connectOptions });
      clients.push(store);
      return store;
    },
    async store() {
      if (current === undefined) {
        // A port wakes the background, as any page's would; this one goes away at once.
        browser.page('wake.html').connect({ name: 'wake-only' }).disconnect();
      }
      const bg = current as Background;
      await bg.persistence;
      return bg.db;
    },
    close() {
      for (const store of clients) disconnect(store);
    },
  };
}

/** A visibility the test controls. */
export function visible(initially = true): Visibility & { set(visible: boolean): void } {
  let state = initially;
  const listeners = new Set<() => void>();
  return {
    isVisible: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      state = next;
      for (const listener of [...listeners]) listener();
    },
  };
}

export function useFakeTime(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets messages, IndexedDB and zero-delay timers run until they are done (time does not move). */
export async function settle(rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await immediate();
    vi.advanceTimersByTime(0);
  }
}

/** Moves fake time forward by `ms`, letting everything run on the way. */
export async function advance(ms: number, step = 10): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    vi.advanceTimersByTime(Math.min(step, ms - t));
    await settle(4);
  }
  await settle();
}

/** Awaits a call while time runs in 10 ms steps (reconnects and retries need time to pass). */
export async function run<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settle(2);
  for (let i = 0; i < 3_000 && !done; i++) {
    vi.advanceTimersByTime(10);
    await settle(2);
  }
  return promise;
}

/** A raw port from a legitimate page, for messages the typed API cannot produce. */
export function rawPort(world: World, path?: string) {
  const port = world.browser.page(path).connect({ name: 'ramify/1' });
  const replies: Record<string, unknown>[] = [];
  port.onMessage.addListener((message) => replies.push(message as Record<string, unknown>));
  /** Posts `message` and waits for the background to be done with it (loaded and served). */
  const post = async (message: unknown) => {
    port.postMessage(message);
    await run(world.store());
    await settle();
  };
  /** The answer to request `id`, decoded. */
  const answer = (id: unknown) => {
    const reply = replies.find((r) => r.id === id && (r.t === 'res' || r.t === 'err'));
    return reply && { t: reply.t, value: decode(reply.v, reply.x) };
  };
  const ask = async (message: Record<string, unknown>) => {
    await post(message);
    return answer(message.id);
  };
  return { port, replies, post, answer, ask };
}

/** A call message as a page posts it. */
export const callMessage = (c: string, m: string, v: unknown, extra: Record<string, unknown> = {}) => ({ t: 'call', id: crypto.randomUUID(), c, m, v, ...extra });
