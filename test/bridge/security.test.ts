// Only the extension's own pages are served; every malformed request gets a coded error and changes nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decode } from '../../packages/bridge/src/codec';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import type { BridgeRuntime } from '../../packages/bridge/src/runtime';
import { advance, callMessage, createWorld, page, rawPort as rawPortOf, run, settle, useFakeTime, visible, type TestSchema, type World } from './harness';

let world: World;

beforeEach(() => {
  useFakeTime();
  world = createWorld({ seed: { pages: [page(1), page(2)], counters: [{ n: 1, label: 'a', value: 1 }] } });
});

afterEach(() => {
  world.close();
  vi.useRealTimers();
});

async function unchanged() {
  const db = await world.store();
  expect(db.pages.keys()).toEqual(['p00001', 'p00002']);
  expect(db.counters.toArray()).toEqual([{ n: 1, label: 'a', value: 1 }]);
}

function remoteFrom(runtime: BridgeRuntime) {
  const db = connect<TestSchema>({ runtime, visibility: visible() });
  return db;
}

describe('senders', () => {
  it.each<[string, (w: World) => BridgeRuntime]>([
    ['a content script of this extension', (w) => w.browser.contentScript()],
    ['a page of another extension', (w) => w.browser.otherExtension()],
  ])('refuses %s with FORBIDDEN and changes nothing', async (_, runtimeOf) => {
    const db = remoteFrom(runtimeOf(world));
    await expect(run(db.pages.add(page(3)))).rejects.toMatchObject({ name: 'RamifyError', code: 'FORBIDDEN' });
    await expect(run(db.pages.clear())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await unchanged();
    disconnect(db);
  });

  it('names the refused sender in the error', async () => {
    const db = remoteFrom(world.browser.contentScript('https://evil.example/page'));
    await expect(run(db.pages.count())).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: `connection refused: the sender "https://evil.example/page" is not a page of this extension (${world.browser.origin}); content scripts must ask through their own messages`,
    });
    disconnect(db);
  });

  it('does not keep reconnecting after being refused', async () => {
    const db = remoteFrom(world.browser.contentScript());
    db.pages.count().catch(() => {});
    await advance(5_000);
    expect(world.background).toBeDefined();
    const before = world.browser.traffic.messages.toPages;
    await advance(5_000);
    expect(world.browser.traffic.messages.toPages).toBe(before);
    disconnect(db);
  });

  it('reports a refused sender in the background', async () => {
    const db = remoteFrom(world.browser.otherExtension('intruder'));
    await run(db.pages.count()).catch(() => {});
    expect(world.errors).toEqual([expect.objectContaining({ code: 'FORBIDDEN', message: 'connection refused: the sender is another extension ("intruder")' })]);
    disconnect(db);
  });

  it('serves an extension page opened in a tab', async () => {
    const db = remoteFrom(world.browser.page('options.html', { inTab: true }));
    expect(await run(db.pages.count())).toBe(2);
    disconnect(db);
  });
});

describe('malformed requests', () => {
  const rawPort = () => rawPortOf(world);
  const call = callMessage;

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown collection', call('nope', 'add', { a: [page(9)] }), 'unknown collection "nope"; the store has "pages", "counters"'],
    ['an unknown collection method', call('pages', 'transaction', { a: [] }), 'pages.transaction: unknown collection method "transaction"'],
    ['a method inherited from Object', call('pages', 'constructor', { a: [] }), 'pages.constructor: unknown collection method "constructor"'],
    ['an unknown query method', call('pages', 'filter', { a: [], q: {} }), 'pages.filter: unknown query method "filter"'],
    ['an unknown store method', call('', 'transaction', { a: [] }), 'store.transaction: unknown store method "transaction"'],
    ['too many arguments', call('pages', 'delete', { a: ['p00001', 'extra'] }), 'pages.delete: takes 1 argument, got 2'],
    ['a payload that is not an object', call('pages', 'clear', [1]), 'pages.clear: the payload must be an object'],
    ['arguments that are not a list', call('pages', 'clear', { a: 'x' }), 'pages.clear: the arguments must be an array'],
    ['a query that is not an object', call('pages', 'delete', { a: [], q: 'all' }), 'pages.delete: the query must be an object'],
    ['an unknown query step', call('pages', 'delete', { a: [], q: { where: [], filter: 'x' } }), 'pages: unknown query step "filter"'],
    ['criteria that are not an object', call('pages', 'delete', { a: [], q: { criteria: ['read'] } }), 'pages: criteria must be an object'],
    ['malformed codec meta', call('pages', 'add', { a: [{}] }, { x: [['D', 'a', 0, 'x', 'y']] }), 'malformed value encoding: a path leads nowhere: ["D","a",0,"x","y"]'],
    ['a message type that does not exist', { t: 'drop', id: 'r1' }, 'unknown message type "drop"'],
  ])('answers %s with BAD_REQUEST and changes nothing', async (_, message, text) => {
    const { ask, port } = rawPort();
    const reply = await ask(message);
    expect(reply).toEqual({ t: 'err', value: expect.objectContaining({ name: 'RamifyError', code: 'BAD_REQUEST', message: text }) });
    await unchanged();
    port.disconnect();
  });

  it('answers criteria beside where clauses that are not a list with the core INVALID_QUERY', async () => {
    const { ask, port } = rawPort();
    const reply = await ask(call('pages', 'delete', { a: [], q: { criteria: { status: 'read' }, where: 'all' } }));
    expect(reply?.value).toMatchObject({ code: 'INVALID_QUERY', collection: 'pages' });
    await unchanged();
    port.disconnect();
  });

  it('answers an invalid query description with the core INVALID_QUERY', async () => {
    const { ask, port } = rawPort();
    const reply = await ask(call('pages', 'delete', { a: [], q: { where: [{ path: 'status', op: 'near', args: [] }] } }));
    expect(reply?.value).toMatchObject({ code: 'INVALID_QUERY', collection: 'pages' });
    await unchanged();
    port.disconnect();
  });

  it('reports a message without an id in the background and answers nothing', async () => {
    const { port, replies } = rawPort();
    port.postMessage({ t: 'call', c: 'pages', m: 'clear', v: { a: [] } });
    await run(world.store());
    await settle();
    expect(replies.filter((r) => r.t !== 'hello')).toEqual([]);
    expect(world.errors).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', message: 'ignored a message: call needs an id' })]);
    await unchanged();
    port.disconnect();
  });

  it('refuses a port that speaks another protocol version', async () => {
    const port = world.browser.page().connect({ name: 'ramify/2' });
    const replies: Record<string, unknown>[] = [];
    let disconnected = false;
    port.onMessage.addListener((message) => replies.push(message as Record<string, unknown>));
    port.onDisconnect.addListener(() => (disconnected = true));
    await settle();
    expect(replies.map((r) => [r.t, (decode(r.v, r.x) as { code: string }).code])).toEqual([['fatal', 'BAD_REQUEST']]);
    expect(disconnected).toBe(true);
  });

  describe('codec meta that aims at a prototype', () => {
    const planted = ['evil', 'x', 'k'];
    const clean = () => {
      for (const name of planted) {
        delete (Object.prototype as Record<string, unknown>)[name];
        delete (Array.prototype as unknown as Record<string, unknown>)[name];
      }
    };
    afterEach(clean);

    it.each<[string, unknown[]]>([
      ["['I','__proto__','evil']", ['I', '__proto__', 'evil']],
      ["['N','a','__proto__','k']", ['N', 'a', 0, 'tags', '__proto__', 'k']],
      ["['N','__proto__','x']", ['N', '__proto__', 'x']],
    ])('answers %s with BAD_REQUEST, pollutes nothing and serves the next message', async (_, entry) => {
      const { ask, port } = rawPort();
      const reply = await ask(call('pages', 'add', { a: [{ ...page(9), createdAt: 0 }] }, { x: [entry] }));
      expect(reply).toEqual({
        t: 'err',
        value: expect.objectContaining({ code: 'BAD_REQUEST', message: `malformed value encoding: a path through a reserved name: ${JSON.stringify(entry)}` }),
      });
      expect(planted.filter((name) => name in {} || name in [])).toEqual([]);
      await unchanged();

      const next = await ask(call('pages', 'put', { a: [{ ...page(3), createdAt: page(3).createdAt.getTime() }] }, { x: [['D', 'a', 0, 'createdAt']] }));
      expect(next).toEqual({ t: 'res', value: 'p00003' });
      const stored = (await world.store()).pages.get('p00003');
      expect(Object.keys(stored ?? {}).sort()).toEqual(Object.keys(page(3)).sort());
      expect(stored?.createdAt).toEqual(page(3).createdAt);
      port.disconnect();
    });
  });

  it('leaves ports of other channels alone', async () => {
    const port = world.browser.page().connect({ name: 'someone-else' });
    const replies: unknown[] = [];
    port.onMessage.addListener((message) => replies.push(message));
    await settle();
    expect(replies).toEqual([]);
    expect(world.browser.openPorts).toBe(1);
    port.disconnect();
  });
});
