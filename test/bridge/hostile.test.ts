// A hostile or broken page: values nested deeper than any stack, junk envelopes and malformed
// pieces. Every request gets one coded answer (or, without an id, one report to onError), nothing
// throws in a listener, nothing changes, and the port keeps being served.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ramify, type Store } from '@ramify-db/core';
import type { Durability } from '../../packages/bridge/src/applied';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import type { BridgePort } from '../../packages/bridge/src/runtime';
import { serve } from '../../packages/bridge/src/serve';
import { createFakeBrowser } from './fake-runtime';
import { callMessage as call, createWorld, definitions, page, rawPort, run, settle, useFakeTime, visible, type TestSchema, type World } from './harness';

let world: World;

beforeEach(() => {
  useFakeTime();
  world = createWorld({ persistence: false, seed: { pages: [page(1), page(2)] } });
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

/** JSON text of `levels` nested objects around `leaf`, built as text: far deeper than JSON.stringify could go. */
const deepObject = (levels: number, leaf = '1') => '{"x":'.repeat(levels) + leaf + '}'.repeat(levels);
const deepArray = (levels: number, leaf = '1') => '['.repeat(levels) + leaf + ']'.repeat(levels);

let transfers = 0;
/** Posts a message's JSON text as one `part`, the way a page sends what it cannot post whole. */
function asPart(text: string) {
  return { t: 'part', id: ++transfers, i: 0, n: 1, p: text };
}

async function stillServing(port: ReturnType<typeof rawPort>) {
  const reply = await port.ask(call('pages', 'count', { a: [] }));
  expect(reply).toEqual({ t: 'res', value: 2 });
  expect(world.browser.uncaught).toEqual([]);
  expect((await world.store()).pages.keys()).toEqual(['p00001', 'p00002']);
}

describe('depth', () => {
  it.each<[string, string, () => string, string]>([
    ['add', 'INVALID_DOCUMENT', () => `[{"id":"deep","x":${deepObject(100_000)}}]`, 'pages.add: argument 1 is nested more than 100 levels deep'],
    ['bulkPut', 'INVALID_DOCUMENT', () => `[[{"id":"ok"},{"id":"deep","x":${deepObject(1_500)}}]]`, 'pages.bulkPut: an item of argument 1 is nested more than 100 levels deep'],
    ['update', 'INVALID_DOCUMENT', () => `["p00001",{"x":${deepArray(5_000)}}]`, 'pages.update: argument 2 is nested more than 100 levels deep'],
    ['get', 'BAD_REQUEST', () => `[${deepArray(100_000)}]`, 'pages.get: argument 1 is nested more than 100 levels deep'],
  ])('answers %s with an argument nested too deep with %s, changing nothing', async (method, code, args, message) => {
    const port = rawPort(world);
    const id = crypto.randomUUID();
    await port.post(asPart(`{"t":"call","id":"${id}","c":"pages","m":"${method}","v":{"a":${args()}}}`));
    expect(port.answer(id)).toEqual({ t: 'err', value: expect.objectContaining({ name: 'RamifyError', code, message, collection: 'pages' }) });
    await stillServing(port);
  });

  it('checks the depth of what a page sends before decoding it: an error revived from codec meta hides nothing', async () => {
    const port = rawPort(world);
    const id = crypto.randomUUID();
    const note = `{"name":"Error","message":${deepArray(100_000)}}`;
    await port.post(asPart(`{"t":"call","id":"${id}","c":"pages","m":"put","v":{"a":[{"id":"p00001","note":${note}}]},"x":[["E","a",0,"note"]]}`));
    expect(port.answer(id)).toEqual({ t: 'err', value: expect.objectContaining({ code: 'INVALID_DOCUMENT', message: 'pages.put: argument 1 is nested more than 100 levels deep' }) });
    await stillServing(port);
  });

  it('revives an error whose message is not text without throwing', async () => {
    const port = rawPort(world);
    const reply = await port.ask(call('pages', 'put', { a: [{ id: 'p00001', note: { name: 'Error', message: [[['a', ['b']]]] } }] }, { x: [['E', 'a', 0, 'note']] }));
    expect(reply).toEqual({ t: 'err', value: expect.objectContaining({ code: 'INVALID_DOCUMENT', collection: 'pages', field: 'note' }) });
    await stillServing(port);
  });

  it('answers where() arguments 4,000 levels deep with INVALID_QUERY', async () => {
    const port = rawPort(world);
    const id = crypto.randomUUID();
    const where = `[{"path":"status","op":"anyOf","args":[${deepArray(4_000, '"read"')}]}]`;
    await port.post(asPart(`{"t":"call","id":"${id}","c":"pages","m":"toArray","v":{"a":[],"q":{"where":${where}}}}`));
    expect(port.answer(id)).toEqual({
      t: 'err',
      value: expect.objectContaining({ code: 'INVALID_QUERY', collection: 'pages', message: 'pages.toArray: the query is nested more than 100 levels deep' }),
    });
    await stillServing(port);
  });

  it('answers a live query nested too deep with INVALID_QUERY', async () => {
    const port = rawPort(world);
    const id = crypto.randomUUID();
    await port.post(asPart(`{"t":"observe","id":"${id}","c":"pages","v":{"a":[],"q":{"criteria":{"status":${deepObject(200)}}}}}`));
    expect(port.answer(id)).toEqual({ t: 'err', value: expect.objectContaining({ code: 'INVALID_QUERY', message: 'pages.observe: the query is nested more than 100 levels deep' }) });
    await stillServing(port);
  });

  it('stores a document nested 100 levels, as the core does, and refuses 101 with the core INVALID_DOCUMENT', async () => {
    const db = world.client();
    let inner: Record<string, unknown> = {};
    const doc = { ...page(3), stats: { visits: 1, chain: inner } };
    for (let level = 3; level < 100; level++) inner = inner.x = {};
    expect(await run(db.pages.add(doc))).toBe('p00003');
    inner.x = { y: {} };
    await expect(run(db.pages.put(doc))).rejects.toMatchObject({ code: 'INVALID_DOCUMENT', collection: 'pages', message: expect.stringMatching(/nested more than 100 levels deep/) });
  });

  it('refuses a document nested 5,000 levels in the page with INVALID_DOCUMENT, before sending it', async () => {
    const db = world.client();
    await run(db.pages.count());
    const sent = world.browser.traffic.messages.toBackground;
    const doc = { ...page(3), note: JSON.parse(deepObject(5_000)) as string };
    await expect(run(db.pages.add(doc))).rejects.toMatchObject({ name: 'RamifyError', code: 'INVALID_DOCUMENT', collection: 'pages' });
    expect(world.browser.traffic.messages.toBackground).toBe(sent);
  });
});

describe('junk envelopes', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a number', 5],
    ['a string', 'call'],
    ['an array', [{ t: 'call' }]],
    ['true', true],
  ])('reports %s to onError as BAD_REQUEST and keeps serving', async (_, junk) => {
    const port = rawPort(world);
    await port.post(junk);
    expect(world.errors).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', message: 'ignored a message: a message must be an object' })]);
    await stillServing(port);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['n = 2**32', { t: 'part', id: 1, i: 0, n: 2 ** 32, p: '{}' }, 'a malformed part: it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p'],
    ['n = 1.5', { t: 'part', id: 1, i: 0, n: 1.5, p: '{}' }, 'a malformed part: it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p'],
    ['n = 0', { t: 'part', id: 1, i: 0, n: 0, p: '{}' }, 'a malformed part: it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p'],
    ['i out of range', { t: 'part', id: 1, i: 2, n: 2, p: '{}' }, 'a malformed part: it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p'],
    ['i = 0.5', { t: 'part', id: 1, i: 0.5, n: 2, p: '{}' }, 'a malformed part: it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p'],
    ['a text that is not text', { t: 'part', id: 1, i: 0, n: 1, p: 5 }, 'a malformed part: it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p'],
    ['an id that is text', { t: 'part', id: 'r1', i: 0, n: 1, p: '{}' }, 'a malformed part: it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p'],
    ['a text that is not JSON', { t: 'part', id: 1, i: 0, n: 1, p: '{"t":' }, 'a malformed part: its text is not JSON'],
    ['a text that parses to null', { t: 'part', id: 1, i: 0, n: 1, p: 'null' }, 'a message must be an object'],
    ['a text that parses to a number', { t: 'part', id: 1, i: 0, n: 1, p: '12' }, 'a message must be an object'],
    ['a part inside a part', { t: 'part', id: 1, i: 0, n: 1, p: '{"t":"part","id":2,"i":0,"n":1,"p":"{}"}' }, 'a part must hold a whole message'],
  ])('reports a part with %s to onError as BAD_REQUEST and keeps serving', async (_, part, problem) => {
    const port = rawPort(world);
    await port.post(part);
    expect(world.errors).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', message: `ignored a message: ${problem}` })]);
    await stillServing(port);
  });

  it('drops a transfer whose pieces disagree on their count', async () => {
    const port = rawPort(world);
    const id = crypto.randomUUID();
    const text = JSON.stringify(call('pages', 'clear', { a: [] }, { id }));
    await port.post({ t: 'part', id: 7, i: 0, n: 2, p: text.slice(0, 10) });
    await port.post({ t: 'part', id: 7, i: 1, n: 3, p: text.slice(10) });
    await port.post({ t: 'part', id: 7, i: 2, n: 3, p: '' });
    expect(world.errors).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', message: 'ignored a message: a malformed part: its n differs from the earlier pieces of its message' })]);
    expect(port.answer(id)).toBeUndefined();
    await stillServing(port);
  });

  it.each<[string, string, () => string, string]>([
    ['a type that is a deep array', 'r1', () => `{"t":${deepArray(10_000)},"id":"r1"}`, 'unknown message type (an array)'],
    ['a type that is an object', 'r1', () => JSON.stringify({ t: { toString: 'x' }, id: 'r1' }), 'unknown message type (an object)'],
    ['an id longer than 64 characters', 'x'.repeat(65), () => JSON.stringify(call('pages', 'clear', { a: [] }, { id: 'x'.repeat(65) })), 'call has an id longer than 64 characters'],
    ['a subscribe without a collection', 'r1', () => JSON.stringify({ t: 'subscribe', id: 'r1', c: 5 }), 'subscribe needs an id and a collection'],
    ['a BigInt over a word', 'r1', () => JSON.stringify(call('pages', 'get', { a: ['one'] }, { id: 'r1', x: [['B', 'a', 0]] })), 'malformed value encoding: a BigInt that is not a string of digits'],
  ])('answers a message with %s with BAD_REQUEST', async (_, id, text, problem) => {
    const port = rawPort(world);
    await port.post(asPart(text()));
    expect(port.answer(id)).toEqual({ t: 'err', value: expect.objectContaining({ name: 'RamifyError', code: 'BAD_REQUEST', message: problem }) });
    expect(world.errors).toEqual([]);
    await stillServing(port);
  });

  it('reports an unsub without an id to onError', async () => {
    const port = rawPort(world);
    await port.post({ t: 'unsub', id: { x: 1 } });
    expect(world.errors).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', message: 'ignored a message: unsub needs an id' })]);
    await stillServing(port);
  });

  it('keeps serving when its onError throws', async () => {
    world.close();
    world = createWorld({ persistence: false, seed: { pages: [page(1), page(2)] }, serve: { onError: () => { throw new Error('logging failed'); } } });
    const port = rawPort(world);
    await port.post(null);
    await port.post({ t: 'part', id: 1, i: 0, n: 1.5, p: '' });
    await stillServing(port);
  });
});

describe('memory a page can hold in the background', () => {
  it('refuses a fifth unfinished message on one port and drops the four it held', async () => {
    const port = rawPort(world);
    const requests = Array.from({ length: 5 }, () => call('pages', 'clear', { a: [] }));
    const texts = requests.map((request) => JSON.stringify(request));
    for (let r = 0; r < 5; r++) await port.post({ t: 'part', id: r + 1, i: 0, n: 2, p: texts[r].slice(0, 20) });
    expect(world.errors).toEqual([
      expect.objectContaining({ code: 'BAD_REQUEST', message: 'ignored a message: a malformed part: more than 4 messages unfinished at once; the port dropped them' }),
    ]);
    // The dropped messages cannot be completed any more: their last pieces answer nothing.
    for (let r = 0; r < 4; r++) await port.post({ t: 'part', id: r + 1, i: 1, n: 2, p: texts[r].slice(20) });
    expect(requests.map((request) => port.answer(request.id))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    await stillServing(port);
  });

  it('keeps serving one unfinished message per port for each of several pages', async () => {
    const ports = [rawPort(world, 'a.html'), rawPort(world, 'b.html')];
    const requests = ports.map(() => call('pages', 'count', { a: [] }));
    const texts = requests.map((request) => JSON.stringify(request));
    for (let p = 0; p < 2; p++) await ports[p].post({ t: 'part', id: 1, i: 0, n: 2, p: texts[p].slice(0, 10) });
    for (let p = 0; p < 2; p++) await ports[p].post({ t: 'part', id: 1, i: 1, n: 2, p: texts[p].slice(10) });
    expect(ports.map((port, p) => port.answer(requests[p].id))).toEqual([{ t: 'res', value: 2 }, { t: 'res', value: 2 }]);
  });

  it('refuses more than 1,000 live queries and subscriptions on one port, and takes one again after an unsub', async () => {
    const port = rawPort(world);
    for (let i = 0; i < 1_000; i++) port.port.postMessage({ t: 'subscribe', id: `s${i}`, c: 'pages' });
    await port.post({ t: 'observe', id: 'one-more', c: 'pages', v: { a: [], q: {} } });
    expect(port.answer('one-more')).toEqual({
      t: 'err',
      value: expect.objectContaining({ code: 'BAD_REQUEST', message: 'pages.observe: a port may hold at most 1000 live queries and subscriptions' }),
    });
    expect(port.replies.filter((r) => r.t === 'err')).toHaveLength(1);
    await port.post({ t: 'unsub', id: 's0' });
    await port.post({ t: 'subscribe', id: 'after-unsub', c: 'pages' });
    expect(port.answer('after-unsub')).toBeUndefined();
    await port.post({ t: 'subscribe', id: 's1', c: 'pages' });
    expect(port.answer('s1')).toBeUndefined();
    await stillServing(port);
  });
});

describe('a reply whatever fails in the background', () => {
  function backgroundWith(options: { store?: (db: Store<TestSchema>) => Store<TestSchema>; persistence?: Durability }) {
    const browser = createFakeBrowser({
      background: (runtime) => {
        const db = new Ramify().createStore(definitions);
        db.pages.add(page(1));
        serve(options.store?.(db) ?? db, { runtime, persistence: options.persistence, onError: () => {} });
      },
    });
    const db = connect<TestSchema>({ runtime: browser.page(), visibility: visible() });
    return { browser, db };
  }

  const durability = (overrides: Partial<Durability>): Durability => ({
    flush: () => Promise.resolve(),
    markApplied: () => {},
    appliedResult: () => undefined,
    ...overrides,
  });

  it('reports a port it cannot even read, and keeps accepting others', async () => {
    const reported: unknown[] = [];
    let accept: ((port: BridgePort) => void) | undefined;
    const browser = createFakeBrowser({
      background: (runtime) => {
        const db = new Ramify().createStore(definitions);
        const spying = { ...runtime, onConnect: { ...runtime.onConnect, addListener: (listener: (port: BridgePort) => void) => runtime.onConnect.addListener((accept = listener)) } };
        serve(db, { runtime: spying, onError: (error) => reported.push(error) });
      },
    });
    const db = connect<TestSchema>({ runtime: browser.page(), visibility: visible() });
    expect(await run(db.pages.count())).toBe(0);
    const unreadable = {
      name: 'ramify/1',
      get sender(): never {
        throw new Error('sender gone');
      },
    } as unknown as BridgePort;
    expect(() => accept?.(unreadable)).not.toThrow();
    expect(reported).toEqual([new Error('sender gone')]);
    expect(await run(db.pages.count())).toBe(0);
    disconnect(db);
  });

  it('answers PERSISTENCE_FAILED, without applying the write, when the request record cannot be read', async () => {
    const { browser, db } = backgroundWith({ persistence: durability({ appliedResult: () => { throw new TypeError('records gone'); } }) });
    await expect(run(db.pages.add(page(2)))).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED', message: 'pages.add: not applied: its request id could not be looked up: records gone' });
    expect(await run(db.pages.count())).toBe(1);
    expect(browser.uncaught).toEqual([]);
    disconnect(db);
  });

  it('answers PERSISTENCE_FAILED when flush() throws instead of rejecting', async () => {
    const { browser, db } = backgroundWith({ persistence: durability({ flush: () => { throw new TypeError('no transaction'); } }) });
    await expect(run(db.pages.add(page(2)))).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED', message: 'pages.add: applied, but not saved to IndexedDB: no transaction' });
    expect(browser.uncaught).toEqual([]);
    disconnect(db);
  });

  it('answers INTERNAL, not a TIMEOUT, when serving a request throws where nothing expected it', async () => {
    const { browser, db } = backgroundWith({
      store: (real) => {
        const pages = { ...real.pages, subscribe: () => { throw new TypeError('listeners gone'); } };
        return { ...real, collections: { ...real.collections, pages } } as unknown as Store<TestSchema>;
      },
    });
    const port = browser.page().connect({ name: 'ramify/1' });
    const replies: Record<string, unknown>[] = [];
    port.onMessage.addListener((message) => replies.push(message as Record<string, unknown>));
    port.postMessage({ t: 'subscribe', id: 's1', c: 'pages' });
    await settle();
    const reply = replies.find((r) => r.id === 's1');
    expect(reply?.t).toBe('err');
    expect(reply?.v).toMatchObject({ name: 'RamifyError', code: 'INTERNAL', message: 'the background failed on this subscribe: listeners gone' });
    expect(browser.uncaught).toEqual([]);
    expect(await run(db.pages.count())).toBe(1);
    disconnect(db);
  });
});
