// Many pages at once, each with many calls in flight.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorld, page, run, settle, useFakeTime, type World } from './harness';

let world: World;

beforeEach(() => {
  useFakeTime();
  world = createWorld();
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

describe('many concurrent clients', () => {
  it('answers every call of twelve pages with twenty-five writes in flight each', async () => {
    const clients = Array.from({ length: 12 }, (_, c) => world.client({ path: `page${c}.html` }));
    const counts: number[][] = clients.map(() => []);
    clients.forEach((db, c) => db.pages.where('status').equals('unread').observe((docs) => counts[c].push(docs.length)));
    const writes = clients.flatMap((db, c) => Array.from({ length: 25 }, (_, i) => db.pages.add(page(c * 100 + i, { status: 'unread' }))));
    const keys = await run(Promise.all(writes));
    await settle();
    expect(new Set(keys).size).toBe(300);
    expect((await world.store()).pages.count()).toBe(300);
    expect(counts.map((c) => c.at(-1))).toEqual(Array(12).fill(300));
  });

  it('applies concurrent updates of one document in the order they arrive', async () => {
    const clients = Array.from({ length: 5 }, (_, c) => world.client({ path: `page${c}.html` }));
    await run(clients[0].counters.add({ n: 1, label: 'shared', value: 0 }));
    const results = await run(Promise.all(clients.map((db, c) => db.counters.update(1, { value: c + 1 }))));
    expect(results).toEqual([1, 1, 1, 1, 1]);
    expect((await world.store()).counters.get(1)?.value).toBe(5);
  });

  it('gives every page the same answers while others write', async () => {
    const [writer, ...readers] = Array.from({ length: 4 }, (_, c) => world.client({ path: `page${c}.html` }));
    await run(writer.pages.bulkAdd(Array.from({ length: 50 }, (_, i) => page(i))));
    const answers = await run(Promise.all(readers.map((db) => db.pages.where('tags').equals('tech').sortBy('words').keys())));
    expect(answers[0]).toEqual((await world.store()).pages.where('tags').equals('tech').sortBy('words').keys());
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});
