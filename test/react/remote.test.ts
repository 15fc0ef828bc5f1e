// @vitest-environment jsdom
// The hooks over the bridge: a remote result arrives after the first render, then follows every
// write, and a worker stop or a lost port never takes it off the screen.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Activity, createElement } from 'react';
import type { Store } from '@ramify-db/core';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import type { RemoteStore } from '../../packages/bridge/src/remote-types';
import type { BridgeRuntime } from '../../packages/bridge/src/runtime';
import { useCount, useDocument, useLiveQuery } from '@ramify-db/react';
import { advance, createWorld, page, run, settle, useFakeTime, visible, type TestSchema, type World } from '../bridge/harness';
import { mount, step } from './dom';
import { number, probe, title, titles } from './probe';
import { tracked, tracker } from './tracked';

let world: World;
let view: ReturnType<typeof mount> | undefined;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  view?.unmount();
  view = undefined;
  world.close();
  vi.useRealTimers();
});

/** Counts what pages send: calls by method, and live subscriptions; and the background's deltas. */
function record(world: World) {
  const calls: Record<string, number> = {};
  let deltas = 0;
  world.browser.tap((direction, _, message) => {
    const { t, m } = message as { t?: string; m?: string };
    if (direction === 'toBackground' && t === 'call' && m !== undefined) calls[m] = (calls[m] ?? 0) + 1;
    if (direction === 'toPages' && t === 'delta') deltas++;
  });
  return {
    calls,
    get deltas() {
      return deltas;
    },
  };
}

/** Cuts the pages' ports, makes `change` in the background meanwhile, and lets the pages reconnect. */
async function whilePortDown(change: (background: Store<TestSchema>) => unknown) {
  const background = await world.store();
  world.browser.cutPorts();
  change(background);
  await step(() => advance(100));
}

const unread = (db: RemoteStore<TestSchema>) => db.pages.where('status').equals('unread').sortBy('createdAt');

describe('useLiveQuery over the bridge', () => {
  it('renders loading first, then the result when it arrives', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2), page(3)] } });
    const db = world.client();
    const list = probe(() => useLiveQuery(() => unread(db), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    expect(view.html).toBe('<output>loading</output>');
    await step(() => settle());
    expect(view.html).toBe('<output>ready: Page 2, Page 3</output>');
    expect(list.commits).toEqual(['loading', 'ready: Page 2, Page 3']);
  });

  it('renders writes from this page, from another page and from the background', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const db = world.client();
    const other = world.client({ path: 'options.html' });
    const list = probe(() => useLiveQuery(() => unread(db), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    await step(() => settle());
    await step(() => run(db.pages.add(page(6))));
    await step(() => settle());
    expect(view.html).toBe('<output>ready: Page 2, Page 3, Page 6</output>');
    await step(() => run(other.pages.update('p00002', { status: 'read' })));
    await step(() => settle());
    expect(view.html).toBe('<output>ready: Page 3, Page 6</output>');
    const background = await world.store();
    await step(() => background.pages.update('p00003', { title: 'Renamed in the background' }));
    await step(() => settle());
    expect(view.html).toBe('<output>ready: Renamed in the background, Page 6</output>');
  });

  it('shows a query the background refuses as the error state, with its code', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const list = probe(() => useLiveQuery(() => db.pages.where('title' as 'status').equals('read'), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    await step(() => settle());
    expect(view.html).toBe('<output>error NOT_INDEXED</output>');
    expect(list.states.at(-1)?.error).toMatchObject({ code: 'NOT_INDEXED', collection: 'pages' });
    expect(list.commits).toEqual(['loading', 'error NOT_INDEXED']);
  });

  it('keeps the list on screen while the worker is stopped and restarted: no loading, no empty list', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const db = world.client();
    const list = probe(() => useLiveQuery(() => unread(db), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    await step(() => settle());
    await step(() => world.browser.stopBackground());
    expect(view.html).toBe('<output>ready: Page 2, Page 3</output>');
    await step(() => advance(100));
    expect(world.browser.starts).toBe(2);
    expect(view.html).toBe('<output>ready: Page 2, Page 3</output>');
    await step(() => run(db.pages.add(page(6))));
    await step(() => settle());
    expect(list.commits).toEqual(['loading', 'ready: Page 2, Page 3', 'ready: Page 2, Page 3, Page 6']);
  });

  it('catches up on a change made while its port was down, going straight from the old list to the new', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const list = probe(() => useLiveQuery(() => unread(db), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    await step(() => settle());
    await whilePortDown((background) => background.pages.add(page(3)));
    expect(list.commits).toEqual(['loading', 'ready: Page 2', 'ready: Page 2, Page 3']);
  });

  it('keeps the last list with DISCONNECTED when the extension context is gone', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const page_ = world.browser.page();
    let gone = false;
    const runtime: BridgeRuntime = {
      ...page_,
      connect: (info) => {
        if (gone) throw new Error('Extension context invalidated.');
        return page_.connect(info);
      },
    };
    const db = connect<TestSchema>({ runtime, visibility: visible(), onError: () => {} });
    const list = probe(() => useLiveQuery(() => unread(db), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    await step(() => settle());
    gone = true;
    world.browser.cutPorts();
    await step(() => advance(100));
    expect(view.html).toBe('<output>error DISCONNECTED: Page 2, Page 3</output>');
    expect(list.states.at(-1)?.error?.message).toBe('cannot reach the background: Extension context invalidated.');
    disconnect(db);
  });

  it('shows the previous result while a new query loads, and drops the old subscription', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2), page(3), page(5)] } });
    const db = world.client();
    const track = tracker();
    const list = probe((status: 'unread' | 'archived') => useLiveQuery(() => tracked(db.pages.where('status').equals(status).sortBy('createdAt'), track), [status]), titles);
    view = mount(createElement(list.Probe, { arg: 'unread' }));
    await step(() => settle());
    view.rerender(createElement(list.Probe, { arg: 'archived' }));
    expect(view.html).toBe('<output>loading (showing Page 2, Page 3)</output>');
    expect(track).toEqual({ open: 1, opened: 2 });
    await step(() => settle());
    expect(list.commits).toEqual(['loading', 'ready: Page 2, Page 3', 'loading (showing Page 2, Page 3)', 'ready: Page 1, Page 5']);
  });

  it('unsubscribes on unmount: the background sends the page nothing more', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const track = tracker();
    const list = probe(() => useLiveQuery(() => tracked(unread(db), track), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    await step(() => settle());
    view.unmount();
    view = undefined;
    expect(track.open).toBe(0);
    await settle();
    const before = world.browser.traffic.messages.toPages;
    (await world.store()).pages.add(page(6));
    await settle();
    expect(world.browser.traffic.messages.toPages).toBe(before);
    expect(list.states.length).toBe(2);
  });

  it('ignores a result arriving after unmount', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const list = probe(() => useLiveQuery(() => unread(db), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    view.unmount();
    view = undefined;
    await settle();
    expect(list.commits).toEqual(['loading']);
    expect(list.states.length).toBe(1);
  });

  it('renders the same under StrictMode, with one live query left in the background', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const sent = record(world);
    const track = tracker();
    const list = probe(() => useLiveQuery(() => tracked(unread(db), track), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }), { strict: true });
    await step(() => settle());
    expect(track.open).toBe(1);
    await step(() => run(db.pages.add(page(6))));
    await step(() => settle());
    expect(view.html).toBe('<output>ready: Page 2, Page 6</output>');
    expect(sent.deltas).toBe(1);
    expect(list.commits).toEqual(['loading', 'ready: Page 2', 'ready: Page 2, Page 6']);
  });

  it('keeps the list while hidden by <Activity>, and subscribes again when shown, without loading', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const track = tracker();
    const list = probe(() => useLiveQuery(() => tracked(unread(db), track), []), titles);
    const shown = (mode: 'visible' | 'hidden') => createElement(Activity, { mode, children: createElement(list.Probe, { arg: 0 }) });
    view = mount(shown('visible'));
    await step(() => settle());
    view.rerender(shown('hidden'));
    expect(track.open).toBe(0);
    await step(() => run(db.pages.add(page(6))));
    view.rerender(shown('visible'));
    expect(view.html).toBe('<output style="">ready: Page 2</output>');
    await step(() => settle());
    expect(view.html).toBe('<output style="">ready: Page 2, Page 6</output>');
    expect(track).toEqual({ open: 1, opened: 2 });
    expect(list.commits).toEqual(['loading', 'ready: Page 2', 'ready: Page 2, Page 6']);
  });
});

describe('useDocument over the bridge', () => {
  it('renders loading, then the document, then its changes', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const db = world.client();
    const doc = probe((key: string) => useDocument(db.pages, key), title);
    view = mount(createElement(doc.Probe, { arg: 'p00002' }));
    await step(() => settle());
    await step(() => run(db.pages.update('p00002', { title: 'Renamed' })));
    await step(() => settle());
    await step(() => run(db.pages.delete('p00002')));
    await step(() => settle());
    expect(doc.commits).toEqual(['loading', 'ready: Page 2', 'ready: Renamed', 'ready: no document']);
  });

  it('asks for the document again only when an event names its key', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const db = world.client();
    const sent = record(world);
    const doc = probe((key: string) => useDocument(db.pages, key), title);
    view = mount(createElement(doc.Probe, { arg: 'p00002' }));
    await step(() => settle());
    await step(() => run(db.pages.update('p00003', { title: 'Another document' })));
    await step(() => settle());
    expect(sent.calls.get).toBe(1);
    expect(doc.states.length).toBe(2);
  });

  it('reads again after a lost port, without a loading state', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const doc = probe((key: string) => useDocument(db.pages, key), title);
    view = mount(createElement(doc.Probe, { arg: 'p00002' }));
    await step(() => settle());
    await whilePortDown((background) => background.pages.update('p00002', { title: 'Changed while away' }));
    expect(doc.commits).toEqual(['loading', 'ready: Page 2', 'ready: Changed while away']);
  });

  it('keeps the document through a worker stop', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const doc = probe((key: string) => useDocument(db.pages, key), title);
    view = mount(createElement(doc.Probe, { arg: 'p00002' }));
    await step(() => settle());
    await step(() => world.browser.stopBackground());
    await step(() => advance(100));
    await step(() => run(db.pages.update('p00002', { title: 'After the restart' })));
    await step(() => settle());
    expect(doc.commits).toEqual(['loading', 'ready: Page 2', 'ready: After the restart']);
  });

  it('unsubscribes on unmount and when the key changes', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const db = world.client();
    const track = tracker();
    const pages = tracked(db.pages, track);
    const doc = probe((key: string) => useDocument(pages, key), title);
    view = mount(createElement(doc.Probe, { arg: 'p00002' }));
    await step(() => settle());
    view.rerender(createElement(doc.Probe, { arg: 'p00003' }));
    expect(track).toEqual({ open: 1, opened: 2 });
    await step(() => settle());
    expect(doc.commits).toEqual(['loading', 'ready: Page 2', 'loading (showing Page 2)', 'ready: Page 3']);
    view.unmount();
    view = undefined;
    expect(track.open).toBe(0);
  });
});

describe('useCount over the bridge', () => {
  it('shows the error, keeping the count, when the background refuses its subscription', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2)] } });
    const db = world.client();
    // A port holds at most 1,000 live queries and subscriptions: the hook's is the 1,001st.
    for (let i = 0; i < 1000; i++) db.pages.subscribe(() => {});
    await step(() => settle());
    const count = probe(() => useCount(db.pages), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    expect(count.commits).toEqual(['loading', 'error BAD_REQUEST: 2']);
  });

  it('renders loading, then the count, then the count after writes', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2), page(3)] } });
    const db = world.client();
    const count = probe(() => useCount(db.pages), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    await step(() => run(db.pages.bulkAdd([page(4), page(5)])));
    await step(() => settle());
    expect(count.commits).toEqual(['loading', 'ready: 3', 'ready: 5']);
  });

  it('counts a query without any document crossing', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2), page(3)] } });
    const db = world.client();
    const sent = record(world);
    const count = probe(() => useCount(db.pages, (pages) => pages.where('status').equals('unread'), []), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    await step(() => run(db.pages.add(page(6))));
    await step(() => settle());
    expect(count.commits).toEqual(['loading', 'ready: 2', 'ready: 3']);
    expect(sent.calls).toEqual({ count: 2, add: 1 });
  });

  it('asks once more, not once per event, after a burst of writes', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2), page(3)] } });
    const db = world.client();
    const count = probe(() => useCount(db.pages), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    const sent = record(world);
    const background = await world.store();
    // Five writes outside a transaction: five events reach the page.
    await step(() => {
      for (let i = 4; i <= 8; i++) background.pages.add(page(i));
    });
    await step(() => settle());
    expect(sent.calls).toEqual({ count: 2 });
    expect(count.commits).toEqual(['loading', 'ready: 3', 'ready: 8']);
  });

  it('counts again after a lost port (resync)', async () => {
    world = createWorld({ seed: { pages: [page(1)] } });
    const db = world.client();
    const count = probe(() => useCount(db.pages), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    await whilePortDown((background) => background.pages.add(page(2)));
    expect(count.commits).toEqual(['loading', 'ready: 1', 'ready: 2']);
  });

  it('shows TIMEOUT when the background does not answer in time', async () => {
    world = createWorld({ serve: { persistence: new Promise(() => {}) } });
    const db = world.client({ timeout: 500 });
    const count = probe(() => useCount(db.pages), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => advance(490));
    expect(view.html).toBe('<output>loading</output>');
    await step(() => advance(20));
    expect(view.html).toBe('<output>error TIMEOUT</output>');
  });

  it('shows a count the background refuses as the error state', async () => {
    world = createWorld({ seed: { pages: [page(1)] } });
    const db = world.client();
    const count = probe(() => useCount(db.pages, (pages) => pages.where('title' as 'status').equals('read'), []), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    expect(count.commits).toEqual(['loading', 'error NOT_INDEXED']);
  });

  it('asks nothing more after unmount', async () => {
    world = createWorld({ seed: { pages: [page(1)] } });
    const db = world.client();
    const count = probe(() => useCount(db.pages), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    view.unmount();
    view = undefined;
    const sent = record(world);
    await run(db.pages.add(page(2)));
    await settle();
    expect(sent.calls).toEqual({ add: 1 });
  });
});
