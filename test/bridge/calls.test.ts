// Every remote method and operator against the same call on a local store holding the same data.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ramify, type Store } from '@ramify-db/core';
import type { RemoteStore } from '../../packages/bridge/src/remote-types';
import { createWorld, DAY, definitions, page, run, settle, T0, useFakeTime, type Counter, type Page, type TestSchema, type World } from './harness';

const pages: Page[] = Array.from({ length: 40 }, (_, i) => page(i, i % 5 === 0 ? { stats: { visits: i % 7 } } : {}));
const counters: Counter[] = Array.from({ length: 10 }, (_, i) => ({ n: i, label: `c${i % 3}`, value: i * 10 }));

// The same code runs against the local store (sync) and the remote one (async), so it is untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Op = (db: any) => unknown;

let world: World;
let remote: RemoteStore<TestSchema>;
let local: Store<TestSchema>;

beforeEach(() => {
  useFakeTime();
  world = createWorld({ seed: { pages, counters } });
  remote = world.client();
  local = new Ramify().createStore(definitions);
  local.pages.bulkAdd(pages);
  local.counters.bulkAdd(counters);
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

async function same(op: Op): Promise<unknown> {
  const expected = op(local);
  const actual = await run(op(remote) as Promise<unknown>);
  expect(actual).toEqual(expected);
  return actual;
}

async function sameError(op: Op): Promise<void> {
  let expected: unknown;
  try {
    op(local);
  } catch (error) {
    expected = error;
  }
  expect(expected).toBeDefined();
  const actual = await run(op(remote) as Promise<unknown>).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(actual).toEqual(expect.objectContaining({ name: 'RamifyError', code: (expected as { code: string }).code, message: (expected as Error).message }));
}

async function sameContents(): Promise<void> {
  const background = await world.store();
  expect(background.pages.toArray()).toEqual(local.pages.toArray());
  expect(background.counters.toArray()).toEqual(local.counters.toArray());
}

describe('remote collection reads equal local reads', () => {
  it.each<[string, Op]>([
    ['get of a present key', (db) => db.pages.get('p00003')],
    ['get of an absent key', (db) => db.pages.get('nope')],
    ['get with a number key', (db) => db.counters.get(4)],
    ['bulkGet with present and absent keys', (db) => db.pages.bulkGet(['p00001', 'nope', 'p00002'])],
    ['count', (db) => db.pages.count()],
    ['keys', (db) => db.pages.keys()],
    ['has of a present key', (db) => db.pages.has('p00007')],
    ['has of an absent key', (db) => db.pages.has('nope')],
    ['toArray', (db) => db.pages.toArray()],
  ])('%s', async (_, op) => {
    await same(op);
  });

  it('each visits every document with its key', async () => {
    const seen: [unknown, unknown][] = [];
    local.pages.each((doc, key) => seen.push([key, doc]));
    const remoteSeen: [unknown, unknown][] = [];
    await run(remote.pages.each((doc, key) => remoteSeen.push([key, doc])));
    expect(remoteSeen).toEqual(seen);
  });
});

describe('remote queries equal local queries', () => {
  const d = (i: number) => new Date(T0 + i * DAY);
  it.each<[string, Op]>([
    ['equals on a plain index', (db) => db.pages.where('status').equals('unread').toArray()],
    ['equals on the primary key', (db) => db.pages.where('id').equals('p00009').toArray()],
    ['equals a Date', (db) => db.pages.where('createdAt').equals(d(12)).toArray()],
    ['equals an element of a multiEntry array', (db) => db.pages.where('tags').equals('news').toArray()],
    ['equals a whole multiEntry array', (db) => db.pages.where('tags').equals(['tech', 'news']).toArray()],
    ['equals undefined (missing field)', (db) => db.pages.where('stats.visits').equals(undefined).count()],
    ['anyOf', (db) => db.pages.where('status').anyOf(['read', 'archived']).toArray()],
    ['anyOf on multiEntry', (db) => db.pages.where('tags').anyOf(['news']).keys()],
    ['anyOf([]) finds nothing', (db) => db.pages.where('status').anyOf([]).toArray()],
    ['allOf on multiEntry', (db) => db.pages.where('tags').allOf(['news', 'tech']).keys()],
    ['noneOf', (db) => db.pages.where('status').noneOf(['read']).keys()],
    ['above', (db) => db.pages.where('words').above(500).keys()],
    ['aboveOrEqual', (db) => db.pages.where('words').aboveOrEqual(518).keys()],
    ['below', (db) => db.pages.where('words').below(100).keys()],
    ['belowOrEqual', (db) => db.pages.where('words').belowOrEqual(111).keys()],
    ['between with default bounds', (db) => db.pages.where('createdAt').between(d(3), d(9)).keys()],
    ['between with both bounds included', (db) => db.pages.where('createdAt').between(d(3), d(9), true, true).keys()],
    ['between with both bounds excluded', (db) => db.pages.where('words').between(74, 370, false, false).keys()],
    ['startsWith', (db) => db.pages.where('url').startsWith('https://example.com/1').keys()],
    ['a nested path', (db) => db.pages.where('stats.visits').above(2).keys()],
    ['criteria with scalars', (db) => db.pages.where({ status: 'unread', words: 74 }).toArray()],
    ['criteria with an array on a plain index (IN)', (db) => db.pages.where({ status: ['read', 'archived'] }).keys()],
    ['criteria with an array on a multiEntry index (exact elements)', (db) => db.pages.where({ tags: ['news', 'tech'] }).keys()],
    ['sortBy an indexed path', (db) => db.pages.where('status').equals('unread').sortBy('createdAt').keys()],
    ['sortBy a path that is not indexed', (db) => db.pages.sortBy('title').keys()],
    ['sortBy, reverse, offset, limit', (db) => db.pages.where('status').equals('unread').sortBy('createdAt').reverse().offset(2).limit(5).toArray()],
    ['reverse twice', (db) => db.pages.sortBy('words').reverse().reverse().limit(3).keys()],
    ['limit then offset (offset first)', (db) => db.pages.sortBy('words').limit(4).offset(3).keys()],
    ['steps straight on the collection', (db) => db.pages.sortBy('createdAt').reverse().limit(5).keys()],
    ['offset on the collection', (db) => db.counters.offset(7).keys()],
    ['limit on the collection', (db) => db.counters.limit(2).keys()],
    ['reverse on the collection', (db) => db.counters.reverse().keys()],
    ['first', (db) => db.pages.where('status').equals('read').sortBy('words').first()],
    ['last', (db) => db.pages.where('status').equals('read').sortBy('words').last()],
    ['first of nothing', (db) => db.pages.where('status').equals('gone').first()],
    ['count', (db) => db.pages.where('tags').equals('tech').count()],
    ['keys with number keys', (db) => db.counters.where('label').equals('c1').keys()],
    ['and: two clauses', (db) => db.pages.where('status').equals('unread').and('tags').anyOf(['news']).toArray()],
    ['and: three clauses, a range among them', (db) => db.pages.where('tags').equals('tech').and('words').above(200).and('status').noneOf(['read']).keys()],
    ['and after criteria', (db) => db.pages.where({ status: 'unread' }).and('createdAt').below(d(20)).keys()],
    ['and, then sortBy, reverse, limit', (db) => db.pages.where('status').equals('unread').and('words').below(900).sortBy('createdAt').reverse().limit(4).keys()],
    ['a compound index: equals a tuple', (db) => db.pages.where(['status', 'createdAt']).equals(['unread', d(6)]).keys()],
    ['a compound index: a tuple start stands for every tuple it begins', (db) => db.pages.where(['status', 'createdAt']).between(['unread'], ['unread'], true, true).reverse().limit(5).keys()],
    ['a compound index: a range on its second part', (db) => db.pages.where(['status', 'createdAt']).between(['read', d(4)], ['read', d(20)]).keys()],
    ['a compound index after and', (db) => db.pages.where('tags').equals('tech').and(['status', 'createdAt']).above(['read', d(10)]).keys()],
  ])('%s', async (_, op) => {
    await same(op);
  });

  it('a live query with and() gets the same results as a local one, and its changes', async () => {
    const seen: string[][] = [];
    const stop = remote.pages.where('status').equals('unread').and('tags').equals('news').sortBy('createdAt').limit(3).observe((docs) => seen.push(docs.map((doc) => doc.id)));
    await settle();
    const expected = local.pages.where('status').equals('unread').and('tags').equals('news').sortBy('createdAt').limit(3).keys();
    expect(seen).toEqual([expected]);
    await run(remote.pages.update(expected[0], { tags: [] }));
    local.pages.update(expected[0], { tags: [] });
    await settle();
    expect(seen).toHaveLength(2);
    expect(seen.at(-1)).toEqual(local.pages.where('status').equals('unread').and('tags').equals('news').sortBy('createdAt').limit(3).keys());
    stop();
  });

  it('query(description) runs the description a local query gives', async () => {
    const description = local.pages.where('createdAt').above(new Date(T0 + 20 * DAY)).sortBy('words').limit(4).toJSON();
    expect(await run(remote.pages.query(description).toArray())).toEqual(local.pages.query(description).toArray());
  });

  it('a query is a description: running it twice gives the result at each moment', async () => {
    const query = remote.counters.where('value').above(50);
    expect(await run(query.count())).toBe(4);
    await run(remote.counters.add({ n: 99, label: 'x', value: 500 }));
    expect(await run(query.count())).toBe(5);
  });
});

describe('remote writes equal local writes', () => {
  it.each<[string, Op]>([
    ['add', (db) => db.pages.add(page(100))],
    ['put of a new document', (db) => db.pages.put(page(101))],
    ['put over an existing document', (db) => db.pages.put(page(3, { title: 'Replaced' }))],
    ['update', (db) => db.pages.update('p00004', { title: 'Changed', words: 5 })],
    ['update that changes nothing', (db) => db.pages.update('p00004', { title: 'Page 4' })],
    ['update of an absent key', (db) => db.pages.update('nope', { title: 'x' })],
    ['update with undefined removes the field', (db) => db.pages.update('p00005', { stats: undefined })],
    ['update that changes the primary key', (db) => db.pages.update('p00006', { id: 'moved' })],
    ['update of a nested indexed path', (db) => db.pages.update('p00005', { stats: { visits: 50 } })],
    ['delete of a present key', (db) => db.pages.delete('p00008')],
    ['delete of an absent key', (db) => db.pages.delete('nope')],
    ['bulkAdd', (db) => db.pages.bulkAdd([page(200), page(201)])],
    ['bulkPut', (db) => db.pages.bulkPut([page(1, { title: 'One' }), page(202)])],
    ['bulkUpdate with an absent key', (db) => db.counters.bulkUpdate([1, 2, 77], { value: 0 })],
    ['bulkDelete with an absent key', (db) => db.counters.bulkDelete([3, 77, 4])],
    ['clear', (db) => db.counters.clear()],
    ['query modify', (db) => db.pages.where('status').equals('read').modify({ status: 'archived' })],
    ['query delete', (db) => db.pages.where('tags').equals('news').delete()],
    ['store delete empties every collection', (db) => db.delete()],
    ['a write with Dates and a nested object', (db) => db.pages.add(page(300, { stats: { visits: 1, last: new Date(T0 + 5) } }))],
  ])('%s', async (_, op) => {
    await same(op);
    await sameContents();
  });
});

describe('remote errors equal local errors', () => {
  it('and() on a path that is not indexed is INVALID_QUERY naming it', async () => {
    await sameError((db) => db.pages.where('status').equals('unread').and('title').equals('Page 2').toArray());
  });

  it('an operator a compound index does not take is INVALID_QUERY', async () => {
    await sameError((db) => db.pages.where(['status', 'createdAt']).startsWith('u').toArray());
  });

  it.each<[string, Op]>([
    ['DUPLICATE_KEY on add', (db) => db.pages.add(page(2))],
    ['UNIQUE_VIOLATION on a unique index', (db) => db.pages.add(page(500, { url: page(1).url }))],
    ['INVALID_KEY on get', (db) => db.counters.get(NaN)],
    ['INVALID_KEY on a document without a key', (db) => db.counters.add({ label: 'x', value: 1 })],
    ['NOT_INDEXED on where', (db) => db.pages.where('title').equals('x').toArray()],
    ['INVALID_QUERY on a negative limit', (db) => db.pages.where('status').equals('read').limit(-1).toArray()],
    ['INVALID_INDEX_VALUE on an object in an index', (db) => db.pages.add(page(501, { status: {} as never }))],
    ['DUPLICATE_KEY on an update to a taken key', (db) => db.pages.update('p00001', { id: 'p00002' })],
    ['INVALID_ARGUMENT on bulkGet without an array', (db) => db.pages.bulkGet('p00001')],
    ['INVALID_QUERY on a description for another collection', (db) => db.pages.query(local.counters.where('value').above(1).toJSON()).toArray()],
  ])('%s', async (_, op) => {
    await sameError(op);
    await sameContents();
  });

  it('a failed bulk write names the offending item, and writes nothing', async () => {
    const op: Op = (db) => db.pages.bulkAdd([page(600), page(3)]);
    await sameError(op);
    const error = (await run(remote.pages.bulkAdd([page(600), page(3)])).catch((e: unknown) => e)) as { index: number; key: string };
    expect([error.index, error.key]).toEqual([1, 'p00003']);
    await sameContents();
  });

  it('a document that cannot be sent is INVALID_DOCUMENT naming the field, before anything is sent', async () => {
    const before = world.browser.traffic.messages.toBackground;
    const error = await run(remote.pages.add(page(700, { note: (() => 'x') as never }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DOCUMENT', collection: 'pages', field: 'note' });
    expect(world.browser.traffic.messages.toBackground).toBe(before);
  });
});

describe('values across the boundary', () => {
  it('a Date arrives as a Date with the same time', async () => {
    const doc = await run(remote.pages.get('p00010'));
    expect(doc?.createdAt).toBeInstanceOf(Date);
    expect(doc?.createdAt.getTime()).toBe(T0 + 10 * DAY);
  });

  it('an absent field stays absent', async () => {
    const doc = (await run(remote.pages.get('p00001'))) as Page;
    expect('stats' in doc).toBe(false);
    expect('note' in doc).toBe(false);
  });

  it('a field removed by update is absent afterwards', async () => {
    await run(remote.pages.update('p00005', { stats: undefined }));
    expect(Object.keys((await run(remote.pages.get('p00005'))) as object)).not.toContain('stats');
  });

  it('documents arrive deeply frozen, Dates included', async () => {
    const doc = (await run(remote.pages.get('p00010'))) as Page;
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.tags)).toBe(true);
    expect(() => doc.createdAt.setTime(0)).toThrowError(expect.objectContaining({ code: 'READ_ONLY' }));
  });

  it('a result array can be changed by the page, like a local one', async () => {
    const docs = await run(remote.pages.toArray());
    expect(Object.isFrozen(docs)).toBe(false);
  });

  it('an error arrives as a RamifyError with its code, collection and value', async () => {
    const error = await run(remote.pages.add(page(1))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'RamifyError', code: 'DUPLICATE_KEY', collection: 'pages' });
  });
});
