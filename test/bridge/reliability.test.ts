// Never hang, never lose an acknowledged write, never apply a write twice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ramify } from '@ramify-db/core';
import { memoryDurability, type Durability } from '../../packages/bridge/src/applied';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import { serve } from '../../packages/bridge/src/serve';
import type { BridgeRuntime } from '../../packages/bridge/src/runtime';
import { createFakeBrowser } from './fake-runtime';
import { advance, createWorld, definitions, page, run, settle, useFakeTime, visible, type TestSchema, type World } from './harness';

let world: World;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  world?.close();
  vi.useRealTimers();
});

/** Drops the next message of type `t` in `direction` (then lets the rest through). */
function dropNext(world: World, direction: 'toBackground' | 'toPages', t: string) {
  let done = false;
  world.browser.tap((dir, _, message) => {
    if (!done && dir === direction && (message as { t?: string }).t === t) {
      done = true;
      return 'drop';
    }
  });
}

/** Waits until `condition` holds, letting messages (microtasks) run but neither time nor IndexedDB. */
async function microtasksUntil(condition: () => boolean) {
  for (let i = 0; i < 1_000 && !condition(); i++) await Promise.resolve();
  expect(condition()).toBe(true);
}

describe('durable acknowledgements', () => {
  it('loses a write that was not yet saved when the background stopped (the harness kills writes in flight)', async () => {
    world = createWorld();
    const background = await world.store();
    background.pages.add(page(1));
    world.browser.stopBackground();
    expect((await world.store()).pages.has('p00001')).toBe(false);
  });

  it('keeps every acknowledged write when the background stops right after each reply', async () => {
    world = createWorld();
    const db = world.client();
    for (let i = 0; i < 5; i++) {
      const acknowledged = db.pages.add(page(i)).then(() => world.browser.stopBackground());
      await run(acknowledged);
    }
    expect(world.browser.starts).toBe(5);
    expect((await world.store()).pages.keys().sort()).toEqual(['p00000', 'p00001', 'p00002', 'p00003', 'p00004']);
  });

  it('answers a write with PERSISTENCE_FAILED when IndexedDB fails, after applying it in memory', async () => {
    world = createWorld();
    const db = world.client();
    await run(db.pages.add(page(1)));
    world.background?.breakIndexedDB();
    const error = await run(db.pages.add(page(2))).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RamifyError', code: 'PERSISTENCE_FAILED', collection: 'pages' });
  });

  it('answers every request with PERSISTENCE_FAILED when the store could not be loaded', async () => {
    const failed = Promise.reject(new Error('disk gone'));
    world = createWorld({ serve: { persistence: failed } });
    const db = world.client();
    const error = await run(db.pages.count()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PERSISTENCE_FAILED', message: 'the store could not be loaded from IndexedDB: disk gone' });
  });
});

describe('exactly-once writes', () => {
  it('answers a write whose reply was lost from its record when it is re-sent', async () => {
    world = createWorld();
    const db = world.client();
    dropNext(world, 'toPages', 'res');
    const added = db.pages.add(page(1));
    await settle();
    world.browser.cutPorts();
    expect(await run(added)).toBe('p00001');
    expect((await world.store()).pages.count()).toBe(1);
  });

  it('answers from the durable record after the background restarted', async () => {
    world = createWorld();
    const db = world.client();
    await run(db.counters.add({ n: 1, label: 'a', value: 0 }));
    dropNext(world, 'toPages', 'res');
    const moved = db.counters.update(1, { n: 2 });
    await settle();
    world.browser.stopBackground();
    expect(await run(moved)).toBe(2);
    expect((await world.store()).counters.keys()).toEqual([2]);
  });

  it('applies a write that was lost on its way exactly once after reconnecting', async () => {
    world = createWorld();
    const db = world.client();
    await run(db.pages.count());
    dropNext(world, 'toBackground', 'call');
    const added = db.pages.add(page(1));
    await settle();
    expect((await world.store()).pages.count()).toBe(0);
    world.browser.cutPorts();
    expect(await run(added)).toBe('p00001');
    expect((await world.store()).pages.count()).toBe(1);
  });

  it('applies a write that was applied but not saved when the background stopped once, after the restart', async () => {
    world = createWorld();
    const db = world.client();
    const background = await world.store();
    const added = db.pages.add(page(1));
    await microtasksUntil(() => background.pages.has('p00001'));
    world.browser.stopBackground();
    expect(await run(added)).toBe('p00001');
    expect((await world.store()).pages.keys()).toEqual(['p00001']);
  });

  it('answers a failed write whose error reply was lost with the same error, even after the key was freed', async () => {
    world = createWorld({ seed: { pages: [page(1)] } });
    const db = world.client();
    const other = world.client({ path: 'options.html' });
    await run(db.pages.count());
    dropNext(world, 'toPages', 'err');
    const duplicate = db.pages.add(page(1, { title: 'Second' }));
    await settle();
    await run(other.pages.delete('p00001'));
    world.browser.cutPorts();
    await expect(run(duplicate)).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
    expect((await world.store()).pages.count()).toBe(0);
  });

  it('records a failed write whose error holds a large value without it, and answers the re-sent request from it', async () => {
    world = createWorld({ seed: { pages: [page(1)] } });
    const db = world.client();
    await run(db.pages.count());
    const huge = 'x'.repeat(100 * 1024);
    dropNext(world, 'toPages', 'err');
    // `constructor` is a reserved field name: the error's value is the 100 KiB string.
    const refused = db.pages.add({ ...page(2), constructor: huge } as never);
    await settle();
    world.browser.cutPorts();
    const error = (await run(refused).catch((e: unknown) => e)) as { code?: string; collection?: string; field?: string; value?: unknown };
    expect([error.code, error.collection, error.field, error.value]).toEqual(['INVALID_DOCUMENT', 'pages', 'constructor', undefined]);
    expect(world.errors).toEqual([]);
    expect((await world.store()).pages.keys()).toEqual(['p00001']);
  });

  it('answers a failed write at once with its whole error', async () => {
    world = createWorld({ seed: { pages: [page(1)] } });
    const db = world.client();
    const huge = 'x'.repeat(100 * 1024);
    const error = (await run(db.pages.add({ ...page(2), constructor: huge } as never)).catch((e: unknown) => e)) as { code?: string; field?: string; value?: unknown };
    expect([error.code, error.field, error.value === huge]).toEqual(['INVALID_DOCUMENT', 'constructor', true]);
    expect(world.errors).toEqual([]);
  });

  it('re-sends a read that was cut off and answers it', async () => {
    world = createWorld({ seed: { pages: [page(1)] } });
    const db = world.client();
    await run(db.pages.count());
    dropNext(world, 'toPages', 'res');
    const read = db.pages.get('p00001');
    await settle();
    world.browser.cutPorts();
    expect((await run(read))?.title).toBe('Page 1');
  });

  it('wakes a stopped background with a request, and answers from the hydrated store', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2)] } });
    await world.store();
    await settle();
    world.browser.stopBackground();
    const db = world.client();
    expect(await run(db.pages.count())).toBe(2);
    expect(world.browser.starts).toBe(2);
  });
});

describe('hydration', () => {
  it('answers requests only once the store is loaded', async () => {
    let loaded!: (durability: Durability) => void;
    world = createWorld({ serve: { persistence: new Promise<Durability>((resolve) => (loaded = resolve)) } });
    const db = world.client();
    let answer: unknown = 'pending';
    db.counters.count().then((count) => (answer = count));
    await advance(1_000);
    expect(answer).toBe('pending');
    (await world.store()).counters.add({ n: 1, label: 'hydrated', value: 1 });
    loaded(memoryDurability());
    await settle();
    expect(answer).toBe(1);
  });
});

describe('deadlines', () => {
  it('rejects a call with TIMEOUT once its deadline passes', async () => {
    world = createWorld({ serve: { persistence: new Promise(() => {}) } });
    const db = world.client({ timeout: 500 });
    let outcome: unknown = 'pending';
    db.pages.add(page(1)).catch((error: unknown) => (outcome = error));
    await advance(490);
    expect(outcome).toBe('pending');
    await advance(20);
    expect(outcome).toMatchObject({ code: 'TIMEOUT', collection: 'pages', message: 'pages.add: no answer from the background within 500 ms (the write may or may not have been applied)' });
  });

  it('uses a 10 s deadline by default', async () => {
    world = createWorld({ serve: { persistence: new Promise(() => {}) } });
    const db = world.client();
    let outcome: unknown = 'pending';
    db.pages.count().catch((error: unknown) => (outcome = error));
    await advance(9_990, 100);
    expect(outcome).toBe('pending');
    await advance(20);
    expect(outcome).toMatchObject({ code: 'TIMEOUT', message: 'pages.count: no answer from the background within 10000 ms' });
  });

  it('rejects pending calls with DISCONNECTED on disconnect, and later calls too', async () => {
    world = createWorld({ serve: { persistence: new Promise(() => {}) } });
    const db = world.client();
    const pending = db.pages.count();
    await settle();
    disconnect(db);
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(db.pages.count()).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('rejects with DISCONNECTED when the extension context is gone', async () => {
    world = createWorld();
    const runtime: BridgeRuntime = {
      ...world.browser.page(),
      connect: () => {
        throw new Error('Extension context invalidated.');
      },
    };
    const db = connect<TestSchema>({ runtime, visibility: visible() });
    await expect(db.pages.count()).rejects.toMatchObject({ code: 'DISCONNECTED', message: 'cannot reach the background: Extension context invalidated.' });
  });

  it('retries with exponential backoff while the background does not answer, then times out', async () => {
    let connects = 0;
    const browser = createFakeBrowser({
      background: (runtime) => {
        // A background that never serves: every port is cut at once.
        runtime.onConnect.addListener((port) => {
          connects++;
          port.disconnect();
        });
      },
    });
    world = createWorld();
    const db = connect<TestSchema>({ runtime: browser.page(), visibility: visible(), timeout: 3_000 });
    const outcome = db.pages.count().catch((error: unknown) => error);
    await advance(1_000);
    // At 0, 10, 30, 70, 150, 310 and 630 ms: doubling delays, not a busy loop.
    expect(connects).toBe(7);
    await advance(2_000);
    expect(await outcome).toMatchObject({ code: 'TIMEOUT' });
    disconnect(db);
  });

  it('can be returned from an async function (it is not thenable)', async () => {
    world = createWorld();
    const open = async () => world.client();
    const db = await open();
    expect(typeof (db as unknown as { then?: unknown }).then).toBe('undefined');
    expect(await run(db.counters.count())).toBe(0);
  });
});

describe('serving without persistence', () => {
  it('answers writes once applied in memory, exactly once', async () => {
    world = createWorld({ persistence: false });
    const db = world.client();
    dropNext(world, 'toPages', 'res');
    const added = db.pages.add(page(1));
    await settle();
    world.browser.cutPorts();
    expect(await run(added)).toBe('p00001');
    expect((await world.store()).pages.count()).toBe(1);
  });
});

describe('a background with several stores', () => {
  it('serves each store on its own channel', async () => {
    const browser = createFakeBrowser({
      background: (runtime) => {
        const a = new Ramify().createStore(definitions);
        const b = new Ramify().createStore(definitions);
        a.counters.add({ n: 1, label: 'a', value: 1 });
        serve(a, { runtime });
        serve(b, { runtime, channel: 'second' });
      },
    });
    world = createWorld();
    const first = connect<TestSchema>({ runtime: browser.page(), visibility: visible() });
    const second = connect<TestSchema>({ runtime: browser.page(), visibility: visible(), channel: 'second' });
    expect([await run(first.counters.count()), await run(second.counters.count())]).toEqual([1, 0]);
    disconnect(first);
    disconnect(second);
  });
});
