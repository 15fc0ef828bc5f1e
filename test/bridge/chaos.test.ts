// Three pages doing random reads, writes and live queries while the background is stopped (during
// hydration too) and ports are cut at random moments, and a hostile page posts junk among them
// (junk.ts). Seeded and on fake time, so a failing seed replays exactly. Every answer to a read or
// a live query is checked at the moment the background sends it: one sent before the background
// has loaded the store (from a query snapshot) against the same query on a fresh, full hydration
// of the IndexedDB as it is at that moment (it does not change until the store is loaded: nothing
// is written before); one sent after, against the background's memory (which leads the disk by the
// writes not yet committed, none of them acknowledged). At the end: every promise has settled,
// every acknowledged write is there exactly once (and every acknowledged delete is gone), no write
// was applied twice, every live result equals the query on the background's store and on a fresh
// hydration of the disk, and the junk threw in no listener and changed no prototype.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ramify, type Doc, type Query, type Store } from '@ramify-db/core';
import { decode } from '../../packages/bridge/src/codec';
import type { RemoteQuery, RemoteStore } from '../../packages/bridge/src/remote-types';
import type { BridgeRuntime } from '../../packages/bridge/src/runtime';
import { persist } from '@ramify-db/persistence';
import { advance, createWorld, DATABASE, definitions, run, settle, useFakeTime, visible, type Background, type Counter, type TestSchema, type World } from './harness';
import { junk, postJunk } from './junk';

/** mulberry32: small, fast, good enough to drive a test. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}

interface LiveQueryPair {
  remote: (db: RemoteStore<TestSchema>) => RemoteQuery<Counter, 'n'>;
  local: (db: Store<TestSchema>) => Query<Counter, 'n'>;
}

const LIVE_QUERIES: LiveQueryPair[] = [
  { remote: (db) => db.counters.where('value').above(500).sortBy('value'), local: (db) => db.counters.where('value').above(500).sortBy('value') },
  { remote: (db) => db.counters.sortBy('label').limit(20), local: (db) => db.counters.sortBy('label').limit(20) },
  { remote: (db) => db.counters.where('label').equals('L3'), local: (db) => db.counters.where('label').equals('L3') },
  { remote: (db) => db.counters.offset(0), local: (db) => db.counters.offset(0) },
  { remote: (db) => db.counters.where('value').between(100, 300).reverse(), local: (db) => db.counters.where('value').between(100, 300).reverse() },
  // Windows of a few dozen documents: the queries persistence keeps snapshots of.
  { remote: (db) => db.counters.where('value').above(900).sortBy('value').limit(30), local: (db) => db.counters.where('value').above(900).sortBy('value').limit(30) },
  {
    remote: (db) => db.counters.where('label').equals('L3').sortBy('value').reverse().limit(40),
    local: (db) => db.counters.where('label').equals('L3').sortBy('value').reverse().limit(40),
  },
  { remote: (db) => db.counters.sortBy('n').reverse().limit(25), local: (db) => db.counters.sortBy('n').reverse().limit(25) },
  { remote: (db) => db.counters.where('value').below(20), local: (db) => db.counters.where('value').below(20) },
];

/** Counters on disk before any page connects: enough for hydration to take several reads. */
const SEEDED: Counter[] = Array.from({ length: 2500 }, (_, n) => ({ n, label: `L${n % 10}`, value: (n * 37) % 1000 }));

type Records = Map<string, { keyPath: string | string[] | null; records: [IDBValidKey, unknown][] }>;

/** Every object store of `db` as it is now: the read transaction is made at once, so later writes are not in it. */
function captureDisk(db: IDBDatabase): Promise<Records> {
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, 'readonly');
  return Promise.all(
    names.map(
      (name) =>
        new Promise<[string, { keyPath: string | string[] | null; records: [IDBValidKey, unknown][] }]>((resolve, reject) => {
          const store = tx.objectStore(name);
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onerror = () => reject(values.error);
          values.onsuccess = () => resolve([name, { keyPath: store.keyPath, records: keys.result.map((key, i) => [key, values.result[i]]) }]);
        }),
    ),
  ).then((entries) => new Map(entries));
}

const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));

/** A store hydrated by persist() from a copy of `disk` in a database of its own: a fresh, full hydration. */
async function freshHydration(disk: Records): Promise<Store<TestSchema>> {
  const factory = new IDBFactory();
  const open = factory.open('copy', 1);
  open.onupgradeneeded = () => {
    for (const [name, { keyPath }] of disk) open.result.createObjectStore(name, keyPath === null ? undefined : { keyPath });
  };
  const copy = await request(open);
  const tx = copy.transaction([...disk.keys()], 'readwrite');
  for (const [name, { keyPath, records }] of disk) {
    for (const [key, value] of records) tx.objectStore(name).put(value, keyPath === null ? key : undefined);
  }
  await new Promise((resolve) => (tx.oncomplete = resolve));
  copy.close();
  const db = new Ramify().createStore(definitions);
  await persist(db, { name: 'copy', indexedDB: factory, onError: () => undefined });
  return db;
}

interface Live {
  pair: LiveQueryPair;
  stop: () => void;
  last: Doc<Counter>[] | undefined;
}

interface Client {
  db: RemoteStore<TestSchema>;
  runtime: BridgeRuntime;
  visibility: ReturnType<typeof visible>;
  lives: Live[];
  owned: number[];
  nextKey: number;
}

let world: World;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function chaos(seed: number, steps: number) {
  const rng = random(seed);
  world = createWorld({ seed: { counters: SEEDED } });
  await world.store();
  await run((await (world.background as Background).persistence).flush());
  // The test's own connection, to read the disk at the moment of an answer.
  const raw = await request(world.idb.open(DATABASE));
  raw.onversionchange = () => raw.close();

  // Which request or live query each id is (the pages make ids with crypto.randomUUID()).
  const randomUUID = crypto.randomUUID.bind(crypto);
  let lastId = '';
  vi.spyOn(crypto, 'randomUUID').mockImplementation(() => (lastId = randomUUID()));
  const asked = new Map<string, LiveQueryPair>();
  const ask = <T>(pair: LiveQueryPair, make: () => T): T => {
    const made = make();
    asked.set(lastId, pair);
    return made;
  };

  const wrongAnswers: string[] = [];
  let earlyAnswers = 0;
  let stopsWhileHydrating = 0;
  /** Stop the next background this many IndexedDB turns after it is seen loading (0: do not). */
  let stopWhileLoading = 0;
  const checks: Promise<void>[] = [];
  /** Fresh hydrations of the disk, per background: nothing is written while one is hydrating. */
  const disks = new Map<number, Promise<Store<TestSchema>>>();
  world.browser.tap((direction, json, message) => {
    if (direction !== 'toPages' || message === null || typeof message !== 'object') return;
    const { t, id, s: sequence } = message as { t?: string; id?: string; s?: number };
    if ( !(t === 'res' || (t === 'snap' && sequence === 0)) || id === undefined || !asked.has(id)) return;
    const pair = asked.get(id) as LiveQueryPair;
    const posted = JSON.parse(json) as { v: unknown; x: unknown };
    const answer = decode(posted.v, posted.x);
    const background = world.background;
    if (background === undefined) return;
    if (background.hydrated) {
      const expected = pair.local(background.db).toArray();
      if (JSON.stringify(answer) !== JSON.stringify(expected)) wrongAnswers.push(`${t} ${id} from memory`);
      return;
    }
    earlyAnswers++;
    let fresh = disks.get(background.instance);
    if (fresh === undefined) disks.set(background.instance, (fresh = captureDisk(raw).then(freshHydration)));
    checks.push(
      fresh.then((db) => {
        const expected = pair.local(db).toArray();
        if (JSON.stringify(answer) !== JSON.stringify(expected)) wrongAnswers.push(`${t} ${id} before hydration: ${JSON.stringify(answer)} ≠ ${JSON.stringify(expected)}`);
      }),
    );
  });
  const clients: Client[] = Array.from({ length: 3 }, (_, c) => {
    const visibility = visible(true);
    const runtime = world.browser.page(`page${c}.html`);
    return { db: world.client({ runtime, visibility, timeout: 3_000 }), runtime, visibility, lives: [], owned: [], nextKey: (c + 1) * 1_000_000 };
  });

  let issued = 0;
  let settled = 0;
  const acknowledged = new Set<number>();
  const deleted = new Set<number>();
  const deleteIssued = new Set<number>();
  const failures: string[] = [];
  const liveErrors: unknown[] = [];

  function track<T>(promise: Promise<T>, onResult?: (value: T) => void): void {
    issued++;
    promise.then(
      (value) => {
        settled++;
        onResult?.(value);
      },
      (error: { code?: string }) => {
        settled++;
        // A deadline may pass while the background restarts; nothing else may go wrong.
        if (error?.code !== 'TIMEOUT') failures.push(`${error?.code}: ${String((error as Error)?.message)}`);
      },
    );
  }

  const doc = (n: number): Counter => ({ n, label: `L${rng.int(10)}`, value: rng.int(1_000) });
  const hostile = fc.sample(junk, { seed, numRuns: 200 });
  const hostilePage = world.browser.page('hostile.html');
  const prototypes = () => [Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()];
  const cleanPrototypes = prototypes();

  for (let step = 0; step < steps; step++) {
    const client = rng.pick(clients);
    const { db } = client;
    const roll = rng.next() * 100;
    if (roll < 25) {
      const n = client.nextKey++;
      track(db.counters.add(doc(n)), (key) => {
        if (key !== n) failures.push(`add ${n} answered ${key}`);
        acknowledged.add(n);
        client.owned.push(n);
      });
    } else if (roll < 30) {
      const keys = Array.from({ length: 2 + rng.int(3) }, () => client.nextKey++);
      track(db.counters.bulkAdd(keys.map(doc)), () => {
        for (const n of keys) acknowledged.add(n);
        client.owned.push(...keys);
      });
    } else if (roll < 45 && client.owned.length > 0) {
      track(db.counters.update(rng.pick(client.owned), { value: rng.int(1_000), label: `L${rng.int(10)}` }));
    } else if (roll < 50 && client.owned.length > 0) {
      const n = client.owned.splice(rng.int(client.owned.length), 1)[0];
      deleteIssued.add(n);
      track(db.counters.delete(n), () => deleted.add(n));
    } else if (roll < 60 && client.owned.length > 0) {
      const n = rng.pick(client.owned);
      track(db.counters.get(n), (found) => {
        // Acknowledged and never deleted: every later read must find it, whatever restarted meanwhile.
        if (found === undefined && !deleteIssued.has(n)) failures.push(`acknowledged ${n} not found`);
      });
    } else if (roll < 68) {
      const pair = rng.pick(LIVE_QUERIES);
      track(ask(pair, () => pair.remote(db).toArray()));
    } else if (roll < 72 && client.lives.length < 4) {
      const live: Live = { pair: rng.pick(LIVE_QUERIES), stop: () => {}, last: undefined };
      live.stop = ask(live.pair, () =>
        live.pair.remote(db).observe(
          (docs) => (live.last = docs),
          (error) => liveErrors.push(error),
        ),
      );
      client.lives.push(live);
    } else if (roll < 74 && client.lives.length > 0) {
      client.lives.splice(rng.int(client.lives.length), 1)[0].stop();
    } else if (roll < 75.5) {
      world.browser.stopBackground();
    } else if (roll < 77) {
      world.browser.cutPorts(rng.next() < 0.5 ? undefined : client.runtime);
    } else if (roll < 78) {
      // Stop the background a few microtasks from now: between a write being applied and saved.
      const wait = rng.int(20);
      void (async () => {
        for (let i = 0; i < wait; i++) await Promise.resolve();
        world.browser.stopBackground();
      })();
    } else if (roll < 79) {
      // Stop the background, and the next one while it loads the store, a few IndexedDB turns in.
      world.browser.stopBackground();
      stopWhileLoading = 1 + rng.int(8);
    } else if (roll < 80) {
      client.visibility.set(!client.visibility.isVisible());
    } else if (roll < 82) {
      // A fresh port each time: the hostile page does not bother to reconnect.
      postJunk(hostilePage.connect({ name: 'ramify/1' }), hostile[rng.int(hostile.length)], rng.next() < 0.5);
    } else if (roll < 90) {
      vi.advanceTimersByTime(rng.int(300));
    }
    if (stopWhileLoading > 0 && world.background !== undefined && !world.background.hydrated) {
      const wait = stopWhileLoading;
      stopWhileLoading = 0;
      void (async () => {
        for (let i = 0; i < wait; i++) await new Promise((resolve) => setImmediate(resolve));
        if (world.background !== undefined && !world.background.hydrated) stopsWhileHydrating++;
        world.browser.stopBackground();
      })();
    }
    await settle(rng.int(4));
  }

  // Calm: every page visible, time runs past every deadline.
  for (const client of clients) client.visibility.set(true);
  await advance(5_000, 50);

  const store = await world.store();
  await settle();
  await Promise.all(checks);
  const onDisk = await captureDisk(raw).then(freshHydration);
  raw.close();
  return {
    clients,
    store,
    onDisk,
    issued,
    settled,
    acknowledged,
    deleted,
    deleteIssued,
    failures,
    liveErrors,
    wrongAnswers,
    earlyAnswers,
    stopsWhileHydrating,
    prototypes: [cleanPrototypes, prototypes()],
  };
}

describe('chaos', () => {
  it('settles everything, keeps every acknowledged write exactly once, answers as a full hydration would, and keeps every live result fresh', async () => {
    const result = await chaos(0x5eed, 3_000);
    const { clients, store, onDisk } = result;

    expect(result.settled).toBe(result.issued);
    expect(result.failures).toEqual([]);
    expect(result.liveErrors).toEqual([]);
    expect(result.wrongAnswers).toEqual([]);
    // Answers from snapshots happened, and backgrounds were stopped while loading the store.
    expect(result.earlyAnswers).toBeGreaterThan(20);
    expect(result.stopsWhileHydrating).toBeGreaterThan(10);
    expect(world.browser.uncaught).toEqual([]);
    expect(result.prototypes[1]).toEqual(result.prototypes[0]);
    // The junk reached the background and was reported there.
    expect(world.errors.filter((error) => (error as { code?: string }).code === 'BAD_REQUEST').length).toBeGreaterThan(5);
    expect(world.browser.starts).toBeGreaterThan(20);
    expect(result.acknowledged.size).toBeGreaterThan(200);

    // Adds answer with their own key: a write applied twice would have answered DUPLICATE_KEY (a failure above).
    const present = new Set(store.counters.keys());
    expect([...result.acknowledged].filter((n) => !result.deleteIssued.has(n) && !present.has(n))).toEqual([]);
    expect([...result.deleted].filter((n) => present.has(n))).toEqual([]);

    const lives = clients.flatMap((c) => c.lives);
    expect(lives.length).toBeGreaterThan(0);
    for (const live of lives) expect(live.last).toEqual(live.pair.local(store).toArray());
    // Without sortBy a result's order is the planner's, which follows the order documents were
    // loaded in: a fresh hydration has the same documents, in an order of its own.
    const inOrder = (pair: LiveQueryPair, docs: readonly Counter[] | undefined) =>
      pair.local(store).toJSON().sortBy === undefined ? [...(docs ?? [])].sort((a, b) => a.n - b.n) : docs;
    for (const live of lives) expect(inOrder(live.pair, live.last)).toEqual(inOrder(live.pair, live.pair.local(onDisk).toArray()));
  }, 60_000);
});
