import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RamifyError, type Doc } from '@ramify-db/core';
import { disconnect } from '../../packages/bridge/src/connect';
import type { RemoteQuery, RemoteStore } from '../../packages/bridge/src/remote-types';
import { advance, createWorld, page, run, settle, useFakeTime, visible, type Page, type TestSchema, type World } from './harness';

let world: World;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

function watch(query: RemoteQuery<Page, 'id'>) {
  const results: Doc<Page>[][] = [];
  const errors: Error[] = [];
  const stop = query.observe(
    (docs) => results.push(docs),
    (error) => errors.push(error),
  );
  return { results, errors, stop };
}

const ids = (docs: readonly Doc<Page>[] | undefined) => docs?.map((doc) => doc.id);

/** Records what the background sends; `of(type)` lists the messages of one type. */
function record(world: World) {
  const messages: { json: string; message: Record<string, unknown> }[] = [];
  world.browser.tap((direction, json, message) => {
    if (direction === 'toPages') messages.push({ json, message: message as Record<string, unknown> });
  });
  return { of: (type: string) => messages.filter((m) => m.message.t === type) };
}

describe('live queries', () => {
  it('calls back with the first result as soon as it arrives', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2), page(3)] } });
    const live = watch(world.client().pages.where('status').equals('unread').sortBy('createdAt'));
    await settle();
    expect(live.results.map(ids)).toEqual([['p00002', 'p00003']]);
  });

  it('calls back with the new result after a change', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const db = world.client();
    const live = watch(db.pages.where('status').equals('unread').sortBy('createdAt'));
    await settle();
    await run(db.pages.add(page(6)));
    await settle();
    expect(live.results.map(ids)).toEqual([
      ['p00002', 'p00003'],
      ['p00002', 'p00003', 'p00006'],
    ]);
  });

  it('sees writes made in the background itself', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const live = watch(world.client().pages.where('status').equals('unread'));
    await settle();
    (await world.store()).pages.update('p00002', { title: 'Renamed' });
    await settle();
    expect(live.results.at(-1)?.[0].title).toBe('Renamed');
  });

  it('does not call back when a write leaves the result unchanged', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2)] } });
    const db = world.client();
    const live = watch(db.pages.where('status').equals('unread'));
    await settle();
    await run(db.pages.update('p00001', { title: 'Not in the result' }));
    await run(db.pages.update('p00002', { title: 'Page 2' }));
    await settle();
    expect(live.results.length).toBe(1);
  });

  it('keeps the identity of documents that did not change', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3), page(6)] } });
    const db = world.client();
    const live = watch(db.pages.where('status').equals('unread').sortBy('createdAt'));
    await settle();
    await run(db.pages.update('p00003', { title: 'Changed' }));
    await settle();
    const [before, after] = live.results;
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1].title).toBe('Changed');
    expect(after[2]).toBe(before[2]);
  });

  it('delivers live documents frozen, with Dates', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const live = watch(world.client().pages.where('status').equals('unread'));
    await settle();
    const doc = live.results[0][0];
    expect(Object.isFrozen(doc)).toBe(true);
    expect(doc.createdAt).toBeInstanceOf(Date);
    expect(doc.createdAt.getTime()).toBe(page(2).createdAt.getTime());
  });

  it('sends a one-document change to a 2,000-document result as one document', async () => {
    const pages = Array.from({ length: 2_000 }, (_, i) => page(i));
    world = createWorld({ seed: { pages } });
    const sent = record(world);
    const db = world.client();
    const live = watch(db.pages.sortBy('createdAt'));
    await settle();
    await run(db.pages.update('p00100', { createdAt: new Date(0), title: 'Oldest now' }));
    await settle();
    const [snapshot] = sent.of('snap');
    const deltas = sent.of('delta');
    expect(deltas.length).toBe(1);
    expect(deltas[0].message.v).toEqual([expect.objectContaining({ id: 'p00100', title: 'Oldest now' })]);
    expect(deltas[0].json.length).toBeLessThan(snapshot.json.length / 500);
    expect(ids(live.results[1])).toEqual(['p00100', ...pages.filter((p) => p.id !== 'p00100').map((p) => p.id)]);
  });

  it('sends nothing more once unsubscribed', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const live = watch(db.pages.where('status').equals('unread'));
    await settle();
    live.stop();
    await settle();
    const before = world.browser.traffic.messages.toPages;
    (await world.store()).pages.add(page(6));
    await settle();
    expect(world.browser.traffic.messages.toPages).toBe(before);
    expect(live.results.length).toBe(1);
  });

  it('starts again from a snapshot after the background restarts, without calling back when nothing changed', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const sent = record(world);
    const db = world.client();
    const live = watch(db.pages.where('status').equals('unread').sortBy('createdAt'));
    await settle();
    world.browser.stopBackground();
    await advance(100);
    expect(world.browser.starts).toBe(2);
    expect(sent.of('snap').length).toBe(2);
    expect(live.results.length).toBe(1);
    await run(db.pages.add(page(6)));
    await settle();
    expect(live.results.map(ids)).toEqual([
      ['p00002', 'p00003'],
      ['p00002', 'p00003', 'p00006'],
    ]);
  });

  it('catches up on a change made while its port was cut', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const reader = world.client({ path: 'options.html' });
    const writer = world.client();
    const live = watch(reader.pages.where('status').equals('unread'));
    await settle();
    const background = await world.store();
    world.browser.cutPorts();
    background.pages.add(page(3));
    await advance(100);
    expect(live.results.map(ids)).toEqual([['p00002'], ['p00002', 'p00003']]);
    await run(writer.pages.delete('p00002'));
    await settle();
    expect(ids(live.results.at(-1))).toEqual(['p00003']);
  });

  it('never applies a delta on the wrong base: a lost delta brings a fresh snapshot', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const live = watch(db.pages.where('status').equals('unread').sortBy('createdAt'));
    await settle();
    let dropped = 0;
    world.browser.tap((_, __, message) => ((message as { t?: string }).t === 'delta' && dropped++ === 0 ? 'drop' : undefined));
    await run(db.pages.add(page(3)));
    await settle();
    expect(live.results.length).toBe(1);
    await run(db.pages.add(page(6)));
    await settle();
    expect(ids(live.results.at(-1))).toEqual(['p00002', 'p00003', 'p00006']);
    expect(ids(live.results.at(-1))).toEqual((await world.store()).pages.where('status').equals('unread').sortBy('createdAt').keys());
  });

  it('reports a query the background refuses to onError, and nothing else', async () => {
    world = createWorld();
    const live = watch(world.client().pages.where('title' as 'status').equals('read'));
    await settle();
    expect(live.results).toEqual([]);
    expect(live.errors).toEqual([expect.objectContaining({ code: 'NOT_INDEXED', collection: 'pages' })]);
  });

  describe('a query that fails to run in the background', () => {
    /** Makes every query of the background's store fail with `error` while `broken.now` is true. */
    async function breakQueries(error: Error) {
      const db = await world.store();
      const proto = Object.getPrototypeOf(db.pages.sortBy('createdAt')) as { toArray(): unknown };
      const toArray = proto.toArray;
      const broken = { now: false };
      const spy = vi.spyOn(proto, 'toArray').mockImplementation(function (this: unknown) {
        if (broken.now) throw error;
        return toArray.call(this);
      });
      return { broken, restore: () => spy.mockRestore() };
    }

    const notIndexed = () => new RamifyError('NOT_INDEXED', 'collection "pages", field "createdAt": the index is gone', { collection: 'pages', field: 'createdAt' });

    it.each([
      ['run again on every change', (db: RemoteStore<TestSchema>) => db.pages.sortBy('createdAt').limit(10)],
      ['kept up to date by splicing', (db: RemoteStore<TestSchema>) => db.pages.sortBy('createdAt')],
    ])('gives the page its coded error when the query (%s) fails the first time', async (_, query) => {
      world = createWorld({ seed: { pages: [page(2)] } });
      const { broken, restore } = await breakQueries(notIndexed());
      broken.now = true;
      const live = watch(query(world.client()));
      await settle();
      restore();
      expect(live.results).toEqual([]);
      expect(live.errors).toEqual([expect.objectContaining({ name: 'RamifyError', code: 'NOT_INDEXED', collection: 'pages', field: 'createdAt', message: 'collection "pages", field "createdAt": the index is gone' })]);
      expect(world.errors).toEqual([]);
    });

    it('gives the page its coded error when the query fails after a change, and ends it', async () => {
      world = createWorld({ seed: { pages: [page(2)] } });
      const db = world.client();
      const { broken, restore } = await breakQueries(notIndexed());
      const live = watch(db.pages.sortBy('createdAt').limit(10));
      await settle();
      broken.now = true;
      await run(db.pages.add(page(3)));
      await settle();
      broken.now = false;
      await run(db.pages.add(page(6)));
      await settle();
      restore();
      expect(live.results.map(ids)).toEqual([['p00002']]);
      expect(live.errors).toEqual([expect.objectContaining({ code: 'NOT_INDEXED', collection: 'pages' })]);
      expect(world.errors).toEqual([]);
    });
  });

  it('sends a live callback that throws to onError and keeps delivering', async () => {
    const reported: unknown[] = [];
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client({ onError: (error) => reported.push(error) });
    const seen: number[] = [];
    db.pages.where('status').equals('unread').observe((docs) => {
      seen.push(docs.length);
      throw new Error('render failed');
    });
    await settle();
    await run(db.pages.add(page(3)));
    await settle();
    expect(seen).toEqual([1, 2]);
    expect(reported).toEqual([new Error('render failed'), new Error('render failed')]);
  });

  it('keeps many live queries of many pages right at once', async () => {
    world = createWorld({ seed: { pages: Array.from({ length: 30 }, (_, i) => page(i)) } });
    const clients = Array.from({ length: 4 }, (_, i) => world.client({ path: `page${i}.html` }));
    const lives = clients.flatMap((db) => [
      watch(db.pages.where('status').equals('unread').sortBy('createdAt')),
      watch(db.pages.where('tags').equals('tech').sortBy('words').reverse().limit(5)),
      watch(db.pages.sortBy('title').offset(3).limit(10)),
    ]);
    await settle();
    await Promise.all(clients.map((db, i) => run(db.pages.update(`p0000${i}`, { status: 'unread', words: 999, title: `A${i}` }))));
    await run(clients[0].pages.where('status').equals('archived').delete());
    await settle();
    const background = await world.store();
    const fresh = [
      background.pages.where('status').equals('unread').sortBy('createdAt').keys(),
      background.pages.where('tags').equals('tech').sortBy('words').reverse().limit(5).keys(),
      background.pages.sortBy('title').offset(3).limit(10).keys(),
    ];
    expect(lives.map((live) => ids(live.results.at(-1)))).toEqual([...fresh, ...fresh, ...fresh, ...fresh]);
  });
});

describe('change events', () => {
  it('forwards each event with its type and keys, in order', async () => {
    world = createWorld({ seed: { counters: [{ n: 1, label: 'a', value: 1 }] } });
    const db = world.client();
    const events: [string, unknown[]][] = [];
    db.counters.subscribe((type, keys) => void events.push([type, keys]));
    await settle();
    await run(db.counters.add({ n: 2, label: 'b', value: 2 }));
    await run(db.counters.update(1, { value: 5 }));
    await run(db.counters.update(2, { n: 3 }));
    await run(db.counters.bulkDelete([1, 9]));
    await run(db.counters.clear());
    await settle();
    expect(events).toEqual([
      ['create', [2]],
      ['update', [1]],
      ['delete', [2]],
      ['create', [3]],
      ['delete', [1]],
      ['clear', []],
    ]);
  });

  it('stops forwarding after unsubscribe, and unsubscribe(listener) works the same', async () => {
    world = createWorld();
    const db = world.client();
    const a: string[] = [];
    const b: string[] = [];
    const listenerB = (type: string) => void b.push(type);
    const stop = db.counters.subscribe((type) => void a.push(type));
    db.counters.subscribe(listenerB);
    await settle();
    await run(db.counters.add({ n: 1, label: 'a', value: 1 }));
    await settle();
    stop();
    db.counters.unsubscribe(listenerB);
    await settle();
    const before = world.browser.traffic.messages.toPages;
    (await world.store()).counters.add({ n: 2, label: 'b', value: 2 });
    await settle();
    expect([a, b]).toEqual([['create'], ['create']]);
    expect(world.browser.traffic.messages.toPages).toBe(before);
  });

  it('subscribes a listener given twice once', async () => {
    world = createWorld();
    const db = world.client();
    const seen: string[] = [];
    const listener = (type: string) => void seen.push(type);
    db.counters.subscribe(listener);
    db.counters.subscribe(listener);
    await settle();
    await run(db.counters.add({ n: 1, label: 'a', value: 1 }));
    await settle();
    expect(seen).toEqual(['create']);
  });

  it('reports a subscription to an unknown collection', async () => {
    const reported: unknown[] = [];
    world = createWorld();
    const db = world.client({ onError: (error) => reported.push(error) });
    (db as unknown as Record<string, { subscribe(fn: () => void): void }>).nope.subscribe(() => {});
    await settle();
    expect(reported).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', collection: 'nope' })]);
  });

  it("tells a refused subscription's own onError, and connect's onError nothing", async () => {
    const reported: unknown[] = [];
    world = createWorld();
    const db = world.client({ onError: (error) => reported.push(error) });
    const refused: Error[] = [];
    (db as unknown as Record<string, { subscribe(fn: () => void, onError: (error: Error) => void): void }>).nope.subscribe(
      () => {},
      (error) => refused.push(error),
    );
    await settle();
    expect(refused).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', collection: 'nope' })]);
    expect(reported).toEqual([]);
  });

  it("tells a subscription made after disconnect() its own DISCONNECTED, and the ones the page ended nothing", async () => {
    world = createWorld();
    const db = world.client();
    const ended: Error[] = [];
    const late: Error[] = [];
    db.counters.subscribe(() => {}, (error) => ended.push(error));
    await settle();
    disconnect(db);
    db.counters.subscribe(() => {}, (error) => late.push(error));
    await settle();
    expect(ended).toEqual([]);
    expect(late).toEqual([expect.objectContaining({ code: 'DISCONNECTED', message: 'the page disconnected from the store' })]);
  });
});

describe('change events across a lost port', () => {
  function events(world: World, options: { path?: string; visibility?: ReturnType<typeof visible> } = {}) {
    const db = world.client(options);
    const seen: [string, unknown[]][] = [];
    db.counters.subscribe((type, keys) => void seen.push([type, keys]));
    return { db, seen };
  }

  it("tells a subscriber to re-read, once, after changes it may have missed while its port was cut", async () => {
    world = createWorld();
    const { seen } = events(world);
    await settle();
    const background = await world.store();
    world.browser.cutPorts();
    background.counters.add({ n: 1, label: 'missed', value: 1 });
    await advance(100);
    expect(seen).toEqual([['resync', []]]);
    background.counters.add({ n: 2, label: 'seen', value: 2 });
    await settle();
    expect(seen).toEqual([
      ['resync', []],
      ['create', [2]],
    ]);
  });

  it('never tells it on the first connection', async () => {
    world = createWorld();
    const { db, seen } = events(world);
    await settle();
    await run(db.counters.add({ n: 1, label: 'a', value: 1 }));
    await settle();
    expect(seen).toEqual([['create', [1]]]);
  });

  it('tells it once per reconnect after the background was stopped, even when reconnecting took several attempts', async () => {
    world = createWorld();
    const { seen } = events(world);
    await settle();
    world.browser.stopBackground();
    // The first attempts meet a background that is not there yet: the fake cuts them before any hello.
    let refused = 0;
    world.browser.tap((direction, _, message) => (direction === 'toPages' && (message as { t?: string }).t === 'hello' && refused++ < 2 ? 'drop' : undefined));
    await advance(50);
    world.browser.cutPorts();
    await advance(50);
    world.browser.cutPorts();
    world.browser.tap();
    await advance(200);
    expect(seen).toEqual([['resync', []]]);
    world.browser.stopBackground();
    await advance(200);
    expect(seen).toEqual([
      ['resync', []],
      ['resync', []],
    ]);
  });

  it('does not tell a subscription made while the port was down, which had nothing to miss', async () => {
    world = createWorld();
    const db = world.client();
    await run(db.counters.count());
    world.browser.cutPorts();
    await Promise.resolve();
    const seen: string[] = [];
    db.counters.subscribe((type) => void seen.push(type));
    await advance(100);
    expect(seen).toEqual([]);
  });

  it('tells a hidden page when it comes back and reconnects', async () => {
    world = createWorld();
    const visibility = visible(false);
    const { seen } = events(world, { visibility });
    await settle();
    world.browser.stopBackground();
    await advance(1_000);
    expect(seen).toEqual([]);
    visibility.set(true);
    await advance(100);
    expect(seen).toEqual([['resync', []]]);
  });

  it('sends a listener that throws on resync to onError and keeps the subscription', async () => {
    const reported: unknown[] = [];
    world = createWorld();
    const db = world.client({ onError: (error) => reported.push(error) });
    const seen: string[] = [];
    db.counters.subscribe((type) => {
      seen.push(type);
      if (type === 'resync') throw new Error('re-read failed');
    });
    await settle();
    world.browser.cutPorts();
    await advance(100);
    await run(db.counters.add({ n: 1, label: 'a', value: 1 }));
    await settle();
    expect(seen).toEqual(['resync', 'create']);
    expect(reported).toEqual([new Error('re-read failed')]);
  });
});

describe('visibility', () => {
  it('a hidden page whose port was cut catches up when it becomes visible again', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const visibility = visible(false);
    const db = world.client({ visibility });
    const live = watch(db.pages.where('status').equals('unread'));
    await settle();
    world.browser.stopBackground();
    await advance(1_000);
    expect(world.browser.running).toBe(false);
    const other = world.client({ path: 'options.html' });
    await run(other.pages.add(page(3)));
    world.browser.stopBackground();
    await advance(1_000);
    expect(live.results.map(ids)).toEqual([['p00002']]);
    visibility.set(true);
    await advance(100);
    expect(live.results.map(ids)).toEqual([['p00002'], ['p00002', 'p00003']]);
  });
});
