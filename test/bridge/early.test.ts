// A woken background answers the queries pages observe from their persisted snapshots before it
// has loaded the store, then continues from the loaded store with only what differs; everything
// else waits for hydration, as before.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '@ramify-db/core';
import type { RemoteStore } from '../../packages/bridge/src/remote-types';
import { createWorld, run, settle, useFakeTime, type Background, type Counter, type TestSchema, type World } from './harness';

const counters: Counter[] = Array.from({ length: 3000 }, (_, n) => ({ n, label: `L${n % 10}`, value: n % 1000 }));
// The 15 counters of the highest values: a window of a large collection, as the popup's list is.
const top = (db: RemoteStore<TestSchema>) => db.counters.where('value').above(990).sortBy('value').reverse().limit(15);
const topHere = (db: Store<TestSchema>) => db.counters.where('value').above(990).sortBy('value').reverse().limit(15);

let world: World;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

/** Lets messages, IndexedDB and time run until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i++) {
    await settle(2);
    vi.advanceTimersByTime(5);
  }
  expect(condition()).toBe(true);
}

/** A first background that has the counters, and a snapshot of `top` (a page observed it); then stopped. */
async function observedOnce(): Promise<void> {
  world = createWorld({ seed: { counters } });
  const page = world.client();
  let seen = false;
  const stop = top(page).observe(() => (seen = true));
  await until(() => seen);
  await run((await (world.background as Background).persistence).flush());
  stop();
  world.close();
  world.browser.stopBackground();
}

describe('answers before the store is loaded', () => {
  it('sends a live query its snapshot before the woken background has loaded the store, and nothing more when it is the same', async () => {
    await observedOnce();
    const page = world.client();
    const background = world.background as Background;
    const results: { docs: Counter[]; hydrated: boolean }[] = [];
    top(page).observe((docs) => results.push({ docs, hydrated: background.hydrated }));
    await until(() => results.length > 0);
    await until(() => background.hydrated);
    await settle();

    expect(results).toHaveLength(1);
    expect(results[0].hydrated).toBe(false);
    expect(results[0].docs).toEqual(topHere(await world.store()).toArray());
    expect(results[0].docs.map((doc) => doc.value)).toEqual([999, 999, 999, 998, 998, 998, 997, 997, 997, 996, 996, 996, 995, 995, 995]);
  });

  it('continues from the loaded store: a write made while it loads arrives once, and the other documents keep their identity', async () => {
    await observedOnce();
    const reader = world.client();
    const writer = world.client();
    const background = world.background as Background;
    const results: Counter[][] = [];
    top(reader).observe((docs) => results.push(docs));
    await until(() => results.length > 0);
    expect(background.hydrated).toBe(false);
    const first = results[0];
    const written = writer.counters.update(first[3].n, { label: 'written while loading' });

    await run(written);
    await settle();
    expect(background.hydrated).toBe(true);
    expect(results).toHaveLength(2);
    expect(results[1]).toEqual(topHere(await world.store()).toArray());
    expect(results[1][3]).toEqual({ ...first[3], label: 'written while loading' });
    expect(results[1].filter((doc, i) => doc !== first[i]).map((doc) => doc.n)).toEqual([first[3].n]);
    // Applied once: the background's store and every later read agree.
    expect((await run(writer.counters.get(first[3].n)))?.label).toBe('written while loading');
  });

  it('answers toArray, first, last, count and keys of an observed query from its snapshot', async () => {
    await observedOnce();
    const page = world.client();
    const background = world.background as Background;
    const answers: { value: unknown; hydrated: boolean }[] = [];
    const ask = (call: Promise<unknown>) => call.then((value) => answers.push({ value, hydrated: background.hydrated }));
    const all = [ask(top(page).toArray()), ask(top(page).first()), ask(top(page).last()), ask(top(page).count()), ask(top(page).keys())];
    await run(Promise.all(all));

    const store = await world.store();
    expect(answers.map((answer) => answer.hydrated)).toEqual([false, false, false, false, false]);
    expect(answers.map((answer) => answer.value)).toEqual([
      topHere(store).toArray(),
      topHere(store).first(),
      topHere(store).last(),
      topHere(store).count(),
      topHere(store).keys(),
    ]);
  });

  it('answers a query nobody observed once the store is loaded', async () => {
    await observedOnce();
    const page = world.client();
    const background = world.background as Background;
    let hydrated: boolean | undefined;
    const low = page.counters.where('value').below(2).sortBy('n');
    const docs = await run(low.toArray().then((value) => ((hydrated = background.hydrated), value)));
    expect(hydrated).toBe(true);
    expect(docs.map((doc) => doc.n)).toEqual([0, 1, 1000, 1001, 2000, 2001]);
  });

  it('ends a live query answered from its snapshot with PERSISTENCE_FAILED when the store then fails to load', async () => {
    await observedOnce();
    const page = world.client();
    const background = world.background as Background;
    const results: Counter[][] = [];
    const errors: { code?: string }[] = [];
    top(page).observe(
      (docs) => {
        results.push(docs);
        // IndexedDB goes away under the load: every read after this fails.
        background.breakIndexedDB();
      },
      (error) => errors.push(error as { code?: string }),
    );
    await until(() => errors.length > 0);
    expect(results).toHaveLength(1);
    expect(errors.map((error) => error.code)).toEqual(['PERSISTENCE_FAILED']);
  });

  it('applies writes sent while the store loads once each, in the order they were sent, and every later read sees them', async () => {
    await observedOnce();
    const writer = world.client();
    const other = world.client();
    const background = world.background as Background;
    const writes = [writer.counters.update(2999, { value: 5 }), writer.counters.update(2999, { value: 6 }), writer.counters.delete(1999), writer.counters.add({ n: 5000, label: 'new', value: 995 })];
    expect(background.hydrated).toBe(false);
    await run(Promise.all(writes));
    expect(await run(other.counters.get(2999))).toEqual({ n: 2999, label: 'L9', value: 6 });
    expect(await run(other.counters.has(1999))).toBe(false);
    expect(await run(top(other).keys())).toContain(5000);
    expect((await world.store()).counters.count()).toBe(3000);
  });
});
