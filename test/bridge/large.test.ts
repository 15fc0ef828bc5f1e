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

  const KIB_700 = 700 * 1024;
  const bigPages = () => Array.from({ length: 100 }, (_, i) => page(i, { note: String(i % 10).repeat(KIB_700) }));

  it("exports 100 documents of 700 KiB through toArray within Chrome's 64 MiB per message", async () => {
    world = createWorld({ persistence: false, seed: { pages: bigPages() } });
    const sizes = largestMessage(world);
    const db = world.client();
    const all = await run(db.pages.toArray());
    expect(all.map((doc) => [doc.id, doc.note?.length])).toEqual(bigPages().map((doc) => [doc.id, KIB_700]));
    expect(sizes().parts).toBeGreaterThan(16);
    expect(sizes().largest).toBeLessThan(64 * 1024 * 1024);
  });

  it("imports 100 documents of 700 KiB with bulkPut within Chrome's 64 MiB per message", async () => {
    world = createWorld({ persistence: false });
    const sizes = largestMessage(world);
    const db = world.client();
    const keys = await run(db.pages.bulkPut(bigPages()));
    expect(keys).toEqual(bigPages().map((doc) => doc.id));
    expect((await world.store()).pages.get('p00099')?.note).toBe('9'.repeat(KIB_700));
    expect(sizes().parts).toBeGreaterThan(16);
    expect(sizes().largest).toBeLessThan(64 * 1024 * 1024);
  });

  it.each([9, 100, 255])('sends %i documents whose message is above the piece size in pieces', async (count) => {
    world = createWorld({ persistence: false, maxMessageBytes: 64 * 1024, serve: { pieceSize: 16 * 1024 } });
    const sizes = largestMessage(world);
    const db = world.client({ pieceSize: 16 * 1024 });
    const docs = Array.from({ length: count }, (_, i) => page(i, { note: 'n'.repeat(8 * 1024) }));
    expect(await run(db.pages.bulkPut(docs))).toHaveLength(count);
    expect(await run(db.pages.toArray())).toHaveLength(count);
    expect(sizes().parts).toBeGreaterThan(0);
    // A part's text is at most a piece; the browser's own escaping of it at most doubles it.
    expect(sizes().largest).toBeLessThanOrEqual(2 * 16 * 1024 + 100);
  });

  it('refuses a message above 64 MiB in the fake runtime, counting UTF-8 bytes as Chrome does', () => {
    world = createWorld({ persistence: false });
    const port = world.browser.page().connect({ name: 'ramify/1' });
    // 22 Mi characters of '€' are 66 MiB in UTF-8.
    expect(() => port.postMessage({ t: 'ping', v: '€'.repeat(22 * 1024 * 1024) })).toThrowError('Message length exceeded maximum allowed length.');
    port.disconnect();
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
