// Visible pages keep the background awake; once none is visible it may sleep (Chrome: 30 s idle).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { advance, createWorld, page, settle, useFakeTime, visible, type World } from './harness';

let world: World;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

function pings(world: World) {
  let count = 0;
  world.browser.tap((direction, _, message) => {
    if (direction === 'toBackground' && (message as { t?: string }).t === 'ping') count++;
  });
  return () => count;
}

describe('keep-alive', () => {
  it('pings every 20 s while the page is visible', async () => {
    world = createWorld();
    const count = pings(world);
    world.client();
    await advance(65_000, 1_000);
    expect(count()).toBe(3);
  });

  it('pings at the interval it is given', async () => {
    world = createWorld();
    const count = pings(world);
    world.client({ keepAlive: 5_000 });
    await advance(21_000, 1_000);
    expect(count()).toBe(4);
  });

  it('does not ping while the page is hidden', async () => {
    world = createWorld();
    const count = pings(world);
    world.client({ visibility: visible(false) });
    await advance(65_000, 1_000);
    expect(count()).toBe(0);
  });

  it('pings at once when the page becomes visible', async () => {
    world = createWorld();
    const count = pings(world);
    const visibility = visible(false);
    world.client({ visibility });
    await advance(1_000);
    visibility.set(true);
    await settle();
    expect(count()).toBe(1);
  });

  it('keeps the background running for minutes while a page with a live query is visible', async () => {
    world = createWorld({ idleStopMs: 30_000, seed: { pages: [page(2)] } });
    const db = world.client();
    const results: number[] = [];
    db.pages.where('status').equals('unread').observe((docs) => results.push(docs.length));
    await advance(5 * 60_000, 1_000);
    expect(world.browser.running).toBe(true);
    expect(world.browser.starts).toBe(1);
    expect(results).toEqual([1]);
  });

  it('lets the background sleep once no page is visible, and wakes it when one is again', async () => {
    world = createWorld({ idleStopMs: 30_000, seed: { pages: [page(2)] } });
    const visibility = visible(true);
    const db = world.client({ visibility });
    const results: number[] = [];
    db.pages.where('status').equals('unread').observe((docs) => results.push(docs.length));
    await advance(1_000);
    visibility.set(false);
    await advance(40_000, 1_000);
    expect(world.browser.running).toBe(false);
    const traffic = world.browser.traffic.messages.toBackground;
    await advance(60_000, 1_000);
    expect(world.browser.traffic.messages.toBackground).toBe(traffic);
    visibility.set(true);
    await advance(1_000);
    expect(world.browser.running).toBe(true);
    expect(world.browser.starts).toBe(2);
    expect(results).toEqual([1]);
  });
});
