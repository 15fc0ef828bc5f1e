// @vitest-environment jsdom
// The same hooks in Preact, through preact/compat as a Preact app's bundler aliases 'react' to it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElement, Fragment, useLayoutEffect } from 'react';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Ramify, type Store } from '@ramify-db/core';
import { useCount, useDocument, useLiveQuery } from '@ramify-db/react';
import { advance, createWorld, page, run, settle, useFakeTime, definitions, type TestSchema, type World } from '../bridge/harness';
import { number, probe, title, titles } from './probe';
import { tracked, tracker } from './tracked';

vi.mock('react', () => import('preact/compat'));

let container: HTMLElement;

function mount(node: unknown) {
  container = document.createElement('div');
  act(() => render(node as Parameters<typeof render>[0], container));
}

function unmount() {
  act(() => render(null, container));
}

async function step(fn: () => unknown) {
  await act(async () => {
    await fn();
  });
}

it("runs on preact/compat's hooks", async () => {
  expect((await import('react')).useSyncExternalStore).toBe((await import('preact/compat')).useSyncExternalStore);
});

describe('in Preact, over a local store', () => {
  let db: Store<TestSchema>;

  beforeEach(() => {
    db = new Ramify().createStore(definitions);
    db.pages.bulkAdd([page(1), page(2), page(3)]);
  });

  it('renders the result in the first render and follows writes', () => {
    const list = probe(() => useLiveQuery(() => db.pages.where('status').equals('unread').sortBy('createdAt'), []), titles);
    mount(createElement(list.Probe, { arg: 0 }));
    expect(container.innerHTML).toBe('<output>ready: Page 2, Page 3</output>');
    act(() => void db.pages.add(page(6)));
    expect(container.innerHTML).toBe('<output>ready: Page 2, Page 3, Page 6</output>');
    expect(list.commits).toEqual(['ready: Page 2, Page 3', 'ready: Page 2, Page 3, Page 6']);
    unmount();
  });

  it('shows a write made between the first render and the subscription', () => {
    function Writer() {
      useLayoutEffect(() => {
        db.pages.add(page(6));
      }, []);
      return null;
    }
    const count = probe(() => useCount(db.pages), number);
    mount(createElement(Fragment, null, createElement(count.Probe, { arg: 0 }), createElement(Writer, null)));
    expect(container.innerHTML).toBe('<output>ready: 4</output>');
    unmount();
  });

  it('follows a document and its key, and unsubscribes on unmount', () => {
    const track = tracker();
    const pages = tracked(db.pages, track);
    const doc = probe((key: string) => useDocument(pages, key), title);
    mount(createElement(doc.Probe, { arg: 'p00002' }));
    act(() => void db.pages.update('p00002', { title: 'Renamed' }));
    expect(container.innerHTML).toBe('<output>ready: Renamed</output>');
    act(() => render(createElement(doc.Probe, { arg: 'p00003' }), container));
    expect(container.innerHTML).toBe('<output>ready: Page 3</output>');
    expect(track).toEqual({ open: 1, opened: 2 });
    unmount();
    expect(track.open).toBe(0);
  });

  it('shows a refused query as the error state', () => {
    const list = probe(() => useLiveQuery(() => db.pages.where('title' as 'status').equals('read'), []), titles);
    mount(createElement(list.Probe, { arg: 0 }));
    expect(container.innerHTML).toBe('<output>error NOT_INDEXED</output>');
    unmount();
  });
});

describe('in Preact, over the bridge', () => {
  let world: World;

  beforeEach(() => {
    useFakeTime();
  });

  afterEach(() => {
    world.close();
    vi.useRealTimers();
  });

  it('renders loading, then the result, and keeps it through a worker stop', async () => {
    world = createWorld({ seed: { pages: [page(2), page(3)] } });
    const db = world.client();
    const list = probe(() => useLiveQuery(() => db.pages.where('status').equals('unread').sortBy('createdAt'), []), titles);
    mount(createElement(list.Probe, { arg: 0 }));
    expect(container.innerHTML).toBe('<output>loading</output>');
    await step(() => settle());
    await step(() => world.browser.stopBackground());
    await step(() => advance(100));
    await step(() => run(db.pages.add(page(6))));
    await step(() => settle());
    expect(container.innerHTML).toBe('<output>ready: Page 2, Page 3, Page 6</output>');
    expect(list.commits).toEqual(['loading', 'ready: Page 2, Page 3', 'ready: Page 2, Page 3, Page 6']);
    unmount();
  });

  it('counts, and counts again after a write', async () => {
    world = createWorld({ seed: { pages: [page(1), page(2)] } });
    const db = world.client();
    const count = probe(() => useCount(db.pages, (pages) => pages.where('status').equals('unread'), []), number);
    mount(createElement(count.Probe, { arg: 0 }));
    await step(() => settle());
    await step(() => run(db.pages.add(page(3))));
    await step(() => settle());
    expect(count.commits).toEqual(['loading', 'ready: 1', 'ready: 2']);
    unmount();
  });

  it('leaves no live query behind on unmount', async () => {
    world = createWorld({ seed: { pages: [page(2)] } });
    const db = world.client();
    const track = tracker();
    const list = probe(() => useLiveQuery(() => tracked(db.pages.where('status').equals('unread'), track), []), titles);
    mount(createElement(list.Probe, { arg: 0 }));
    await step(() => settle());
    unmount();
    expect(track).toEqual({ open: 0, opened: 1 });
  });
});
