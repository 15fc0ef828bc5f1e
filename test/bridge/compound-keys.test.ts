// A collection with a compound primary key (`primaryKey: ['site', 'day']`) served to a page: its
// keys are tuples in every call, result, error, query, live result and change event, as in the core.
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { Ramify, type ChangeType, type Doc, type Schema, type Store } from '@ramify-db/core';
import { encode } from '../../packages/bridge/src/codec';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import { readFromSnapshot } from '../../packages/bridge/src/early';
import { createOutbox } from '../../packages/bridge/src/pieces';
import type { RemoteChangeType, RemoteStore } from '../../packages/bridge/src/remote-types';
import { serve } from '../../packages/bridge/src/serve';
import { IDBFactory } from 'fake-indexeddb';
import { persist } from '@ramify-db/persistence';
import { createFakeBrowser, type FakeBrowser } from './fake-runtime';
import { advance, run, settle, useFakeTime, visible } from './harness';

interface Visit {
  site: string;
  day: number;
  count: number;
  note?: string;
  last?: Date;
}

type VisitSchema = { visits: Schema<Visit, ['site', 'day']> };

const definitions: VisitSchema = { visits: { primaryKey: ['site', 'day'], indexes: ['count', ['site', 'count']] } };

const visit = (site: string, day: number, count = 1): Visit => ({ site, day, count });

interface World {
  browser: FakeBrowser;
  remote: RemoteStore<VisitSchema>;
  /** The running background's store. */
  readonly db: Store<VisitSchema>;
  /** The change events the background's store emitted. */
  events: [ChangeType, unknown[]][];
  errors: unknown[];
}

let world: World;

/**
 * A background serving `seed` from memory, and one page connected to it. With `persisted`, every
 * background persists to that IndexedDB instead, and loads what the one before it wrote.
 */
function createWorld(seed: Visit[] = [], persisted?: IDBFactory): World {
  const errors: unknown[] = [];
  const events: [ChangeType, unknown[]][] = [];
  let db: Store<VisitSchema> | undefined;
  const browser = createFakeBrowser({
    background(runtime) {
      const store = new Ramify({ onError: (error) => errors.push(error) }).createStore(definitions);
      if (db === undefined) store.visits.bulkAdd(seed);
      store.visits.subscribe((type, keys) => void events.push([type, keys]));
      const onError = (error: unknown) => void errors.push(error);
      const persistence = persisted === undefined ? undefined : persist(store, { name: 'visits', indexedDB: persisted, onError });
      serve(store, { runtime, persistence, onError });
      db = store;
    },
  });
  const remote = connect<VisitSchema>({ runtime: browser.page(), visibility: visible(), onError: (error) => errors.push(error) });
  return {
    browser,
    remote,
    get db() {
      if (db === undefined) throw new Error('no background has started');
      return db;
    },
    events,
    errors,
  };
}

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  disconnect(world.remote);
  expect(world.errors).toEqual([]);
  vi.useRealTimers();
});

/** The error a call rejects with. */
const failure = (promise: Promise<unknown>) =>
  run(promise).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('writes and reads by tuple', () => {
  it('add and put resolve to the tuple key of the document', async () => {
    world = createWorld();
    const { remote } = world;
    expect(await run(remote.visits.add(visit('a', 1, 3)))).toEqual(['a', 1]);
    expect(await run(remote.visits.put(visit('a', 2)))).toEqual(['a', 2]);
    expect(await run(remote.visits.put(visit('a', 1, 5)))).toEqual(['a', 1]);
    expect(world.db.visits.toArray()).toEqual([visit('a', 1, 5), visit('a', 2)]);
  });

  it('get by tuple gives the document, and a missing tuple undefined', async () => {
    const last = new Date(Date.UTC(2024, 0, 2));
    world = createWorld([visit('a', 1, 3), { ...visit('b', 1, 4), last }]);
    const { remote } = world;
    expect(await run(remote.visits.get(['a', 1]))).toEqual(visit('a', 1, 3));
    const b1 = await run(remote.visits.get(['b', 1]));
    expect(b1).toEqual({ ...visit('b', 1, 4), last });
    expect(b1?.last).toBeInstanceOf(Date);
    expect(await run(remote.visits.get(['a', 2]))).toBeUndefined();
    expect(await run(remote.visits.get(['c', 1]))).toBeUndefined();
  });

  it('has and bulkGet take tuples', async () => {
    world = createWorld([visit('a', 1, 3), visit('b', 1, 4)]);
    const { remote } = world;
    expect(await run(remote.visits.has(['b', 1]))).toBe(true);
    expect(await run(remote.visits.has(['b', 2]))).toBe(false);
    expect(await run(remote.visits.bulkGet([['b', 1], ['z', 1], ['a', 1]]))).toEqual([visit('b', 1, 4), undefined, visit('a', 1, 3)]);
  });

  it('tells a number part from the same digits as a string, after the trip through JSON', async () => {
    world = createWorld();
    const { remote } = world;
    const asText = '1' as unknown as number;
    expect(await run(remote.visits.add({ site: 's', day: 1, count: 1 }))).toEqual(['s', 1]);
    expect(await run(remote.visits.add({ site: 's', day: asText, count: 2 }))).toEqual(['s', '1']);
    expect((await run(remote.visits.get(['s', 1])))?.count).toBe(1);
    expect((await run(remote.visits.get(['s', asText])))?.count).toBe(2);
    expect(world.db.visits.keys()).toEqual([
      ['s', 1],
      ['s', '1'],
    ]);
  });

  it('update by tuple resolves to the key, to the new tuple when the key fields change, and to undefined when absent', async () => {
    world = createWorld([visit('a', 1, 3), visit('a', 2, 1)]);
    const { remote } = world;
    expect(await run(remote.visits.update(['a', 1], { count: 5, note: 'n' }))).toEqual(['a', 1]);
    expect(await run(remote.visits.update(['a', 1], { day: 7 }))).toEqual(['a', 7]);
    expect(await run(remote.visits.update(['z', 1], { count: 9 }))).toBeUndefined();
    expect(world.db.visits.toArray()).toEqual([{ site: 'a', day: 7, count: 5, note: 'n' }, visit('a', 2, 1)]);
    expect(await run(remote.visits.get(['a', 1]))).toBeUndefined();
  });

  it('update to a tuple another document has is DUPLICATE_KEY naming both tuples, and changes nothing', async () => {
    world = createWorld([visit('a', 1, 3), visit('a', 2, 1)]);
    const error = await failure(world.remote.visits.update(['a', 1], { day: 2 }));
    expect(error).toMatchObject({
      name: 'RamifyError',
      code: 'DUPLICATE_KEY',
      collection: 'visits',
      message: expect.stringContaining('cannot move key ["a", 1]'),
    });
    expect((error as Error).message).toContain('["a", 2]');
    expect(world.db.visits.toArray()).toEqual([visit('a', 1, 3), visit('a', 2, 1)]);
  });

  it('delete by tuple resolves to the deleted key, and to undefined when absent', async () => {
    world = createWorld([visit('a', 1), visit('a', 2)]);
    const { remote } = world;
    expect(await run(remote.visits.delete(['a', 2]))).toEqual(['a', 2]);
    expect(await run(remote.visits.delete(['a', 2]))).toBeUndefined();
    expect(world.db.visits.keys()).toEqual([['a', 1]]);
  });

  it('bulkAdd, bulkPut, bulkUpdate and bulkDelete resolve to tuple keys, undefined for absent ones', async () => {
    world = createWorld();
    const { remote } = world;
    expect(await run(remote.visits.bulkAdd([visit('a', 2, 3), visit('a', 1, 3), visit('b', 1)]))).toEqual([
      ['a', 2],
      ['a', 1],
      ['b', 1],
    ]);
    expect(await run(remote.visits.bulkPut([visit('a', 1, 9), visit('c', 1)]))).toEqual([
      ['a', 1],
      ['c', 1],
    ]);
    expect(await run(remote.visits.bulkUpdate([['a', 1], ['z', 1]], { note: 't' }))).toEqual([['a', 1], undefined]);
    expect(await run(remote.visits.bulkDelete([['b', 1], ['b', 2]]))).toEqual([['b', 1], undefined]);
    expect(world.db.visits.toArray()).toEqual([visit('a', 2, 3), { ...visit('a', 1, 9), note: 't' }, visit('c', 1)]);
  });

  it('a failed bulk write names the tuple key and the index of the item, and writes nothing', async () => {
    world = createWorld([visit('a', 1)]);
    const error = await failure(world.remote.visits.bulkAdd([visit('c', 1), visit('a', 1, 2), visit('d', 1)]));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'RamifyError',
      code: 'DUPLICATE_KEY',
      collection: 'visits',
      field: '[site+day]',
      index: 1,
      key: ['a', 1],
      message: 'bulkAdd: item #1 (key ["a", 1]): collection "visits", field "[site+day]": a document with this key already exists (got ["a", 1])',
    });
    expect(world.db.visits.toArray()).toEqual([visit('a', 1)]);
    expect(world.events).toEqual([]);
  });

  it('each runs over the documents with their tuple keys', async () => {
    world = createWorld([visit('b', 1), visit('a', 2)]);
    const seen: [unknown, number][] = [];
    await run(world.remote.visits.each((doc, key) => seen.push([key, doc.count])));
    expect(seen).toEqual([
      [['b', 1], 1],
      [['a', 2], 1],
    ]);
  });
});

describe('a bad key', () => {
  // Untyped: these are what a page's types forbid, and what a hostile page may send anyway.
  type Loose = Record<'get' | 'has' | 'delete' | 'bulkDelete' | 'bulkGet' | 'add' | 'put' | 'bulkPut', (arg: unknown) => Promise<unknown>> & {
    update(key: unknown, changes: unknown): Promise<unknown>;
    bulkUpdate(keys: unknown, changes: unknown): Promise<unknown>;
  };
  const loose = (remote: RemoteStore<VisitSchema>) => remote.visits as unknown as Loose;
  const NOT_A_KEY = 'a primary key must be a string or a finite number';
  const WRONG_SHAPE = 'a key of this collection is an array of 2 parts (site, day)';

  it.each<[string, (visits: Loose) => Promise<unknown>, string, string]>([
    ['that is not an array, on get', (visits) => visits.get('a'), '[site+day]', `collection "visits", field "[site+day]": ${WRONG_SHAPE} (got "a")`],
    ['with too few parts, on delete', (visits) => visits.delete(['a']), '[site+day]', `collection "visits", field "[site+day]": ${WRONG_SHAPE} (got ["a"])`],
    ['with too many parts, on update', (visits) => visits.update(['a', 1, 2], { count: 0 }), '[site+day]', `collection "visits", field "[site+day]": ${WRONG_SHAPE} (got ["a", 1, 2])`],
    ['with an object part, on update', (visits) => visits.update(['a', { d: 1 }], { count: 0 }), 'day', `collection "visits", field "day": part 2 of the key: ${NOT_A_KEY} (got {d})`],
    ['with a NaN part, on delete', (visits) => visits.delete(['a', NaN]), 'day', `collection "visits", field "day": part 2 of the key: ${NOT_A_KEY} (got NaN)`],
    ['with a null first part, on has', (visits) => visits.has([null, 1]), 'site', `collection "visits", field "site": part 1 of the key: ${NOT_A_KEY} (got null)`],
    ['among good ones, on bulkDelete', (visits) => visits.bulkDelete([['a', 1], ['a']]), '[site+day]', `collection "visits", field "[site+day]": ${WRONG_SHAPE} (got ["a"])`],
    ['in a document, a NaN part, on add', (visits) => visits.add({ site: 'b', day: NaN, count: 1 }), 'day', `collection "visits", field "day": part 2 of the key: ${NOT_A_KEY} (got NaN)`],
    ['in a document, a missing part, on put', (visits) => visits.put({ day: 1, count: 1 }), 'site', `collection "visits", field "site": part 1 of the key: ${NOT_A_KEY} (got undefined)`],
  ])('%s is INVALID_KEY naming the collection and the part, and changes nothing', async (_, call, field, message) => {
    world = createWorld([visit('a', 1, 3)]);
    const error = await failure(call(loose(world.remote)));
    expect(error).toBeInstanceOf(Error);
    expect(error).toEqual(expect.objectContaining({ name: 'RamifyError', code: 'INVALID_KEY', collection: 'visits', field, message }));
    expect(world.db.visits.toArray()).toEqual([visit('a', 1, 3)]);
    expect(world.events).toEqual([]);
  });

  it('in a bulk write names the item, its index and its tuple, and writes nothing', async () => {
    world = createWorld([visit('a', 1, 3)]);
    const error = await failure(loose(world.remote).bulkPut([visit('b', 1), { site: 'b', day: NaN, count: 1 }]));
    expect(error).toEqual(
      expect.objectContaining({
        name: 'RamifyError',
        code: 'INVALID_KEY',
        collection: 'visits',
        field: 'day',
        index: 1,
        key: ['b', NaN],
        message: `bulkPut: item #1 (key ["b", NaN]): collection "visits", field "day": part 2 of the key: ${NOT_A_KEY} (got NaN)`,
      }),
    );
    expect(world.db.visits.toArray()).toEqual([visit('a', 1, 3)]);
    expect(world.events).toEqual([]);
  });
});

describe('queries', () => {
  const seed = [visit('b', 1, 1), visit('a', 10, 3), visit('a', 2, 3), visit('c', 0, 2), visit('a', 5, 7)];

  it('where on a plain index resolves keys() to tuples', async () => {
    world = createWorld(seed);
    expect(await run(world.remote.visits.where('count').equals(3).keys())).toEqual([
      ['a', 10],
      ['a', 2],
    ]);
    expect(await run(world.remote.visits.where({ count: [1, 2] }).keys())).toEqual([
      ['b', 1],
      ['c', 0],
    ]);
  });

  it('sortBy, reverse, limit and toArray give the documents in order, ties broken by the tuple', async () => {
    world = createWorld(seed);
    const { remote } = world;
    expect(await run(remote.visits.toArray())).toEqual(seed);
    expect(await run(remote.visits.sortBy('count').toArray())).toEqual([visit('b', 1, 1), visit('c', 0, 2), visit('a', 2, 3), visit('a', 10, 3), visit('a', 5, 7)]);
    expect(await run(remote.visits.where('count').above(1).sortBy('count').reverse().limit(3).keys())).toEqual([
      ['a', 5],
      ['a', 10],
      ['a', 2],
    ]);
    expect(await run(remote.visits.sortBy('day').first())).toEqual(visit('c', 0, 2));
    expect(await run(remote.visits.sortBy('day').last())).toEqual(visit('a', 10, 3));
  });

  it('where on the key fields compares tuples part by part, a start standing for every tuple it begins', async () => {
    world = createWorld(seed);
    const { remote } = world;
    expect(await run(remote.visits.where(['site', 'day']).between(['a'], ['b'], true, true).keys())).toEqual([
      ['a', 2],
      ['a', 5],
      ['a', 10],
      ['b', 1],
    ]);
    expect(await run(remote.visits.where(['site', 'day']).equals(['a', 10]).first())).toEqual(visit('a', 10, 3));
    expect(await run(remote.visits.where(['site', 'day']).anyOf([['c', 0], ['a', 2], ['x', 1]]).count())).toBe(2);
    expect(await run(remote.visits.where(['site', 'day']).above(['a', 5]).keys())).toEqual([
      ['a', 10],
      ['b', 1],
      ['c', 0],
    ]);
  });

  it('a compound index answers tuples and ranges of them', async () => {
    world = createWorld(seed);
    const { remote } = world;
    // Documents with the same tuple come in the order they were written, as in the core.
    expect(await run(remote.visits.where(['site', 'count']).equals(['a', 3]).keys())).toEqual([
      ['a', 10],
      ['a', 2],
    ]);
    expect(await run(remote.visits.where(['site', 'count']).between(['a', 4], ['c'], true, false).keys())).toEqual([
      ['a', 5],
      ['b', 1],
    ]);
    expect(await run(remote.visits.where('count').above(1).and(['site', 'count']).below(['b']).keys())).toEqual([
      ['a', 10],
      ['a', 2],
      ['a', 5],
    ]);
  });

  it('query modify and delete resolve to the tuples they changed', async () => {
    world = createWorld(seed);
    const { remote } = world;
    expect(await run(remote.visits.where('count').equals(3).modify({ note: 'x' }))).toEqual([
      ['a', 10],
      ['a', 2],
    ]);
    expect(await run(remote.visits.where(['site', 'day']).below(['b']).delete())).toEqual([
      ['a', 2],
      ['a', 5],
      ['a', 10],
    ]);
    expect(world.db.visits.keys()).toEqual([
      ['b', 1],
      ['c', 0],
    ]);
  });
});

/** Records what the background sends; `of(type)` lists the messages of one type. */
function record(browser: FakeBrowser) {
  const messages: { json: string; message: Record<string, unknown> }[] = [];
  browser.tap((direction, json, message) => {
    if (direction === 'toPages') messages.push({ json, message: message as Record<string, unknown> });
  });
  return { of: (type: string) => messages.filter((m) => m.message.t === type) };
}

const keysOf = (docs: readonly Doc<Visit>[] | undefined) => docs?.map((doc) => [doc.site, doc.day]);

describe('live queries', () => {
  function watch() {
    const results: Doc<Visit>[][] = [];
    const stop = world.remote.visits.where('count').above(0).sortBy('count').observe((docs) => results.push(docs));
    return { results, stop };
  }

  it('deliver the result, then each change, keys moving included', async () => {
    // A write that moves a document to a new tuple is a delete and a create in the core: a live
    // query sees the result between the two, locally as remotely.
    world = createWorld([visit('a', 1, 2), visit('b', 1, 1)]);
    const { remote } = world;
    const live = watch();
    await settle();
    await run(remote.visits.add(visit('c', 1, 3)));
    await run(remote.visits.update(['a', 1], { day: 5, count: 0.5 }));
    await run(remote.visits.delete(['b', 1]));
    await settle();
    expect(live.results.map(keysOf)).toEqual([
      [
        ['b', 1],
        ['a', 1],
      ],
      [
        ['b', 1],
        ['a', 1],
        ['c', 1],
      ],
      [
        ['b', 1],
        ['c', 1],
      ],
      [
        ['a', 5],
        ['b', 1],
        ['c', 1],
      ],
      [
        ['a', 5],
        ['c', 1],
      ],
    ]);
    expect(live.results.at(-1)).toEqual(world.db.visits.where('count').above(0).sortBy('count').toArray());
    live.stop();
  });

  it('keep the identity of documents that did not change', async () => {
    world = createWorld([visit('a', 1, 1), visit('a', 2, 2), visit('a', 3, 3)]);
    const live = watch();
    await settle();
    await run(world.remote.visits.update(['a', 2], { note: 'changed' }));
    await run(world.remote.visits.add(visit('a', 0, 0.5)));
    await settle();
    const [first, second, third] = live.results;
    expect(live.results).toHaveLength(3);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1].note).toBe('changed');
    expect(second[2]).toBe(first[2]);
    expect(keysOf(third)).toEqual([
      ['a', 0],
      ['a', 1],
      ['a', 2],
      ['a', 3],
    ]);
    expect(third.slice(1)).toEqual(second);
    for (let i = 0; i < second.length; i++) expect(third[i + 1]).toBe(second[i]);
    live.stop();
  });

  it('send a document that arrives or changes as that document alone', async () => {
    world = createWorld(Array.from({ length: 50 }, (_, i) => visit('s', i, i + 1)));
    const sent = record(world.browser);
    const live = watch();
    await settle();
    await run(world.remote.visits.update(['s', 20], { note: 'changed' }));
    await run(world.remote.visits.add(visit('t', 0, 0.5)));
    await settle();
    const deltas = sent.of('delta');
    expect(deltas.map((delta) => delta.message.v)).toEqual([[{ ...visit('s', 20, 21), note: 'changed' }], [visit('t', 0, 0.5)]]);
    expect(keysOf(live.results.at(-1))).toEqual([['t', 0], ...Array.from({ length: 50 }, (_, i) => ['s', i])]);
    live.stop();
  });

  it('name the key fields in the snapshot they start from', async () => {
    world = createWorld([visit('a', 1)]);
    const sent = record(world.browser);
    const live = watch();
    await settle();
    expect(sent.of('snap').map((snap) => snap.message.pk)).toEqual([['site', 'day']]);
    live.stop();
  });

  it('start again from a snapshot after a reconnect without calling back when nothing changed', async () => {
    world = createWorld([visit('a', 1, 1), visit('a', 2, 2)]);
    const sent = record(world.browser);
    const live = watch();
    await settle();
    world.browser.cutPorts();
    await advance(100);
    expect(sent.of('snap')).toHaveLength(2);
    expect(live.results).toHaveLength(1);
    await run(world.remote.visits.add(visit('a', 3, 3)));
    await settle();
    expect(live.results.map(keysOf)).toEqual([
      [
        ['a', 1],
        ['a', 2],
      ],
      [
        ['a', 1],
        ['a', 2],
        ['a', 3],
      ],
    ]);
    expect(live.results[1][0]).toBe(live.results[0][0]);
    live.stop();
  });

  it('after a reconnect, keep the documents that did not change and deliver the one that did', async () => {
    world = createWorld([visit('a', 1, 1), visit('a', 2, 2)]);
    const live = watch();
    await settle();
    const background = world.db;
    world.browser.cutPorts();
    background.visits.update(['a', 2], { note: 'while away' });
    await advance(100);
    expect(live.results).toHaveLength(2);
    expect(live.results[1][0]).toBe(live.results[0][0]);
    expect(live.results[1][1]).toEqual({ ...visit('a', 2, 2), note: 'while away' });
    live.stop();
  });
});

describe('change events', () => {
  it('subscribe hears every change with the tuple keys that were written', async () => {
    world = createWorld([visit('a', 1)]);
    const { remote } = world;
    const heard: [RemoteChangeType, unknown[]][] = [];
    const stop = remote.visits.subscribe((type, keys) => void heard.push([type, keys]));
    await settle();
    await run(remote.visits.add(visit('b', 1)));
    await run(remote.visits.bulkPut([visit('a', 1, 2), visit('c', 4)]));
    await run(remote.visits.update(['a', 1], { day: 7 }));
    await run(remote.visits.bulkDelete([['b', 1], ['c', 4]]));
    world.db.visits.add(visit('bg', 1));
    await run(remote.visits.clear());
    await settle();
    expect(heard).toEqual([
      ['create', [['b', 1]]],
      ['create', [['c', 4]]],
      ['update', [['a', 1]]],
      ['delete', [['a', 1]]],
      ['create', [['a', 7]]],
      [
        'delete',
        [
          ['b', 1],
          ['c', 4],
        ],
      ],
      ['create', [['bg', 1]]],
      ['clear', []],
    ]);
    expect(heard).toEqual(world.events);
    stop();
  });
});

describe('served with persistence', () => {
  it('gives the same tuples and documents after the background was stopped and loaded them again', async () => {
    world = createWorld([], new IDBFactory());
    const { remote } = world;
    await run(remote.visits.bulkAdd([visit('a', 1, 3), visit('a', 2), visit('b', 1)]));
    await run(remote.visits.update(['a', 2], { note: 'kept' }));
    await run(remote.visits.delete(['b', 1]));
    world.browser.stopBackground();

    expect(await run(remote.visits.keys())).toEqual([
      ['a', 1],
      ['a', 2],
    ]);
    expect(await run(remote.visits.get(['a', 2]))).toEqual({ ...visit('a', 2), note: 'kept' });
    expect(await run(remote.visits.where(['site', 'day']).between(['a', 0], ['a', 9]).count())).toBe(2);
  });

  it('keeps a live result, and the identity of its documents, across a stop that changed nothing', async () => {
    world = createWorld([], new IDBFactory());
    const { remote } = world;
    await run(remote.visits.bulkAdd([visit('a', 1, 3), visit('b', 2, 5)]));
    const results: Doc<Visit>[][] = [];
    const stop = remote.visits.sortBy('count').observe((docs) => void results.push(docs));
    await settle();
    world.browser.stopBackground();
    await advance(1000);
    await run(remote.visits.add(visit('c', 3, 4)));
    await settle();
    stop();

    expect(results.map((docs) => docs.map((doc) => [doc.site, doc.day]))).toEqual([
      [
        ['a', 1],
        ['b', 2],
      ],
      [
        ['a', 1],
        ['c', 3],
        ['b', 2],
      ],
    ]);
    expect(results[1][0]).toBe(results[0][0]);
    expect(results[1][2]).toBe(results[0][1]);
  });
});

describe('keys as the page receives them', () => {
  it('are plain arrays, not frozen tuples as the core hands them out, while documents are frozen', async () => {
    world = createWorld([visit('a', 1)]);
    const { remote } = world;
    const local = world.db.visits.keys()[0];
    expect(Object.isFrozen(local)).toBe(true);
    const heard: unknown[][] = [];
    remote.visits.subscribe((_, keys) => void heard.push(keys));
    await settle();
    const received = [
      await run(remote.visits.add(visit('b', 1))),
      (await run(remote.visits.keys()))[0],
      ((await failure(remote.visits.add(visit('a', 1)))) as { value: unknown }).value,
      ((await failure(remote.visits.bulkAdd([visit('c', 1), visit('b', 1)]))) as { key: unknown }).key,
      heard[0][0],
    ];
    expect(received).toEqual([['b', 1], ['a', 1], ['a', 1], ['b', 1], ['b', 1]]);
    for (const key of received) {
      expect(Array.isArray(key)).toBe(true);
      expect(Object.isFrozen(key)).toBe(false);
    }
    expect(Object.isFrozen(await run(remote.visits.get(['a', 1])))).toBe(true);
  });

  it('are typed as the tuple of the key fields', () => {
    world = createWorld();
    const { visits } = world.remote;
    expectTypeOf(visits.get).parameter(0).toEqualTypeOf<readonly [string, number]>();
    expectTypeOf(visits.add).returns.toEqualTypeOf<Promise<readonly [string, number]>>();
    expectTypeOf(visits.keys).returns.toEqualTypeOf<Promise<(readonly [string, number])[]>>();
    expectTypeOf(visits.bulkDelete).returns.toEqualTypeOf<Promise<((readonly [string, number]) | undefined)[]>>();
    expectTypeOf(visits.where('count').equals(3).delete).returns.toEqualTypeOf<Promise<(readonly [string, number])[]>>();
    expectTypeOf(visits.subscribe).parameter(0).parameter(1).toEqualTypeOf<(readonly [string, number])[]>();
    // @ts-expect-error a single value is not a key of this collection
    expectTypeOf(visits.get).toBeCallableWith('a');
  });
});

describe('the size of a snapshot', () => {
  it('counts the names of the key fields, so a message posted whole fits a piece', () => {
    const pieceSize = 2_000;
    const posted: { t: string; p?: string }[] = [];
    // Eight key fields of 250 characters: 2,000 characters of names around an empty result.
    const pk = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(250));
    const { value, meta, size } = encode([]);
    createOutbox((message) => posted.push(message as { t: string; p?: string }), pieceSize)({ t: 'snap', id: 'q1', s: 0, pk, v: value, x: meta }, size);
    expect(posted.map((message) => message.t)).toEqual(['part', 'part']);
    for (const message of posted) expect(message.p?.length).toBeLessThanOrEqual(pieceSize);
  });
});

describe('a read answered from a persisted snapshot', () => {
  it('gives keys() as tuples of the key fields', () => {
    expect(readFromSnapshot('keys', [visit('b', 1), visit('a', 2)], ['site', 'day'])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(readFromSnapshot('keys', [visit('b', 1)], 'site')).toEqual(['b']);
  });
});
