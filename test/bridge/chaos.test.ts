// Three pages doing random reads, writes and live queries while the background is stopped and
// ports are cut at random moments, and a hostile page posts junk among them (junk.ts). Seeded and
// on fake time, so a failing seed replays exactly. At the end: every promise has settled, every
// acknowledged write is there exactly once (and every acknowledged delete is gone), no write was
// applied twice, every live result equals a fresh query, and the junk threw in no listener and
// changed no prototype.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Doc, Query, Store } from '@ramify-db/core';
import type { RemoteQuery, RemoteStore } from '../../src/bridge/remote-types';
import type { BridgeRuntime } from '../../src/bridge/runtime';
import { advance, createWorld, settle, useFakeTime, visible, type Counter, type TestSchema, type World } from './harness';
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
];

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
});

async function chaos(seed: number, steps: number) {
  const rng = random(seed);
  world = createWorld();
  const clients: Client[] = Array.from({ length: 3 }, (_, c) => {
    const visibility = visible(true);
    const runtime = world.browser.page(`page${c}.html`);
    return { db: world.client({ runtime, visibility, timeout: 3_000 }), runtime, visibility, lives: [], owned: [], nextKey: c * 1_000_000 };
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
      track(rng.pick(LIVE_QUERIES).remote(db).toArray());
    } else if (roll < 72 && client.lives.length < 4) {
      const live: Live = { pair: rng.pick(LIVE_QUERIES), stop: () => {}, last: undefined };
      live.stop = live.pair.remote(db).observe(
        (docs) => (live.last = docs),
        (error) => liveErrors.push(error),
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
      client.visibility.set(!client.visibility.isVisible());
    } else if (roll < 81) {
      // A fresh port each time: the hostile page does not bother to reconnect.
      postJunk(hostilePage.connect({ name: 'ramify/1' }), hostile[rng.int(hostile.length)], rng.next() < 0.5);
    } else if (roll < 90) {
      vi.advanceTimersByTime(rng.int(300));
    }
    await settle(rng.int(4));
  }

  // Calm: every page visible, time runs past every deadline.
  for (const client of clients) client.visibility.set(true);
  await advance(5_000, 50);

  const store = await world.store();
  await settle();
  return { clients, store, issued, settled, acknowledged, deleted, deleteIssued, failures, liveErrors, prototypes: [cleanPrototypes, prototypes()] };
}

describe('chaos', () => {
  it('settles everything, keeps every acknowledged write exactly once and every live result fresh', async () => {
    const result = await chaos(0x5eed, 3_000);
    const { clients, store } = result;

    expect(result.settled).toBe(result.issued);
    expect(result.failures).toEqual([]);
    expect(result.liveErrors).toEqual([]);
    expect(world.browser.uncaught).toEqual([]);
    expect(result.prototypes[1]).toEqual(result.prototypes[0]);
    // The junk reached the background and was reported there.
    expect(world.errors.filter((error) => (error as { code?: string }).code === 'BAD_REQUEST').length).toBeGreaterThan(5);
    expect(world.browser.starts).toBeGreaterThan(20);
    expect(result.acknowledged.size).toBeGreaterThan(300);

    // Adds answer with their own key: a write applied twice would have answered DUPLICATE_KEY (a failure above).
    const present = new Set(store.counters.keys());
    expect([...result.acknowledged].filter((n) => !result.deleteIssued.has(n) && !present.has(n))).toEqual([]);
    expect([...result.deleted].filter((n) => present.has(n))).toEqual([]);

    const lives = clients.flatMap((c) => c.lives);
    expect(lives.length).toBeGreaterThan(0);
    for (const live of lives) expect(live.last).toEqual(live.pair.local(store).toArray());
  }, 60_000);
});
