// Results and requests larger than one message travel in pieces.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorld, page, run, settle, useFakeTime, type Page, type World } from './harness';

let world: World;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

function largestMessage(world: World) {
  let largest = 0;
  let parts = 0;
  world.browser.tap((_, json, message) => {
    largest = Math.max(largest, json.length);
    if ((message as { t?: string }).t === 'part') parts++;
  });
  return () => ({ largest, parts });
}

describe('large payloads', () => {
  it('exports 100,000 documents through messages capped at 8 MiB', async () => {
    const pages = Array.from({ length: 100_000 }, (_, i) => page(i));
    world = createWorld({ persistence: false, maxMessageBytes: 8 * 1024 * 1024, seed: { pages } });
    const sizes = largestMessage(world);
    const db = world.client();
    const all = await run(db.pages.toArray());
    expect(all.length).toBe(100_000);
    expect(all[99_999]).toEqual(pages[99_999]);
    expect(sizes().parts).toBeGreaterThan(1);
    expect(sizes().largest).toBeLessThan(8 * 1024 * 1024);
  }, 30_000);

  it('imports 20,000 documents in pieces from the page', async () => {
    world = createWorld({ persistence: false, maxMessageBytes: 1024 * 1024 });
    const sizes = largestMessage(world);
    const db = world.client({ pieceSize: 256 * 1024 });
    const keys = await run(db.pages.bulkPut(Array.from({ length: 20_000 }, (_, i) => page(i))));
    expect(keys.length).toBe(20_000);
    expect((await world.store()).pages.count()).toBe(20_000);
    expect(sizes().largest).toBeLessThan(1024 * 1024);
  });

  it('sends a large live snapshot in pieces', async () => {
    world = createWorld({ persistence: false, maxMessageBytes: 1024 * 1024, serve: { pieceSize: 256 * 1024 }, seed: { pages: Array.from({ length: 20_000 }, (_, i) => page(i)) } });
    const db = world.client();
    const lengths: number[] = [];
    db.pages.sortBy('createdAt').observe((docs) => lengths.push(docs.length));
    await run(db.pages.count());
    await settle();
    expect(lengths).toEqual([20_000]);
  });

  it('rejects a single document larger than a message can hold with SEND_FAILED, and keeps working', async () => {
    world = createWorld({ persistence: false, maxMessageBytes: 64 * 1024 });
    const db = world.client();
    const huge: Page = page(1, { note: 'x'.repeat(100_000) });
    await expect(run(db.pages.add(huge))).rejects.toMatchObject({ code: 'SEND_FAILED' });
    expect(await run(db.pages.add(page(2)))).toBe('p00002');
  });

  it('answers with SEND_FAILED when a result is too large to post', async () => {
    world = createWorld({ persistence: false, maxMessageBytes: 64 * 1024, seed: { pages: [page(1, { note: 'x'.repeat(100_000) })] } });
    const db = world.client();
    await expect(run(db.pages.get('p00001'))).rejects.toMatchObject({ code: 'SEND_FAILED' });
    expect(await run(db.pages.count())).toBe(1);
  });
});
