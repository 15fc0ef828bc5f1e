// @vitest-environment jsdom
// The hooks over the core: results are there in the first render, and follow every write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createElement, Fragment, useLayoutEffect } from 'react';
import { Ramify, type Store } from '@ramify-db/core';
import { useCount, useDocument, useLiveQuery } from '@ramify-db/react';
import { definitions, page, type TestSchema } from '../bridge/harness';
import { mount, sync } from './dom';
import { number, probe, title, titles } from './probe';
import { tracked, tracker } from './tracked';

let db: Store<TestSchema>;
let errors: unknown[];
let view: ReturnType<typeof mount> | undefined;

beforeEach(() => {
  errors = [];
  db = new Ramify({ onError: (error) => errors.push(error) }).createStore(definitions);
  db.pages.bulkAdd([page(1), page(2), page(3)]);
});

afterEach(() => {
  view?.unmount();
  view = undefined;
  expect(errors).toEqual([]);
});

const unread = () => db.pages.where('status').equals('unread').sortBy('createdAt');

describe('useLiveQuery over a local store', () => {
  it('renders the result in the first render, with no loading state', () => {
    const list = probe(() => useLiveQuery(unread, []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    expect(view.html).toBe('<output>ready: Page 2, Page 3</output>');
    expect(list.commits).toEqual(['ready: Page 2, Page 3']);
    // Subscribing finds the same result: no second render.
    expect(list.states.length).toBe(1);
  });

  it('renders the new result after a write', () => {
    const list = probe(() => useLiveQuery(unread, []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    sync(() => db.pages.add(page(6)));
    expect(view.html).toBe('<output>ready: Page 2, Page 3, Page 6</output>');
    sync(() => db.pages.update('p00002', { status: 'read' }));
    expect(view.html).toBe('<output>ready: Page 3, Page 6</output>');
    expect(list.commits).toEqual(['ready: Page 2, Page 3', 'ready: Page 2, Page 3, Page 6', 'ready: Page 3, Page 6']);
  });

  it('does not render again for a write that leaves the result unchanged', () => {
    const list = probe(() => useLiveQuery(unread, []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    sync(() => db.pages.update('p00001', { title: 'Archived, not in the result' }));
    expect(list.states.length).toBe(1);
  });

  it('returns the same state object until the result changes (a stable snapshot)', () => {
    const list = probe(() => useLiveQuery(unread, []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    view.rerender(createElement(list.Probe, { arg: 1 }));
    expect(list.states.length).toBe(2);
    expect(list.states[1]).toBe(list.states[0]);
    sync(() => db.pages.add(page(6)));
    expect(list.states[2]).not.toBe(list.states[1]);
  });

  it('shows a query the store refuses as the error state, with its code', () => {
    const list = probe(() => useLiveQuery(() => db.pages.where('title' as 'status').equals('read'), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    expect(view.html).toBe('<output>error NOT_INDEXED</output>');
    expect(list.states[0].error).toMatchObject({ code: 'NOT_INDEXED', collection: 'pages', field: 'title' });
  });

  it('gives what is not a store error (a bug in the factory) to the error boundary', () => {
    const list = probe(() => useLiveQuery((): ReturnType<typeof unread> => { throw new TypeError('factory bug'); }, []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    expect(view.html).toBe('<p role="alert">crashed: factory bug</p>');
  });

  it('gives a filter that throws after a change to the error boundary', () => {
    const list = probe(
      () =>
        useLiveQuery(
          () =>
            db.pages.filter((doc) => {
              if (doc.title === 'Bad') throw new TypeError('filter bug');
              return doc.status === 'unread';
            }),
          [],
        ),
      titles,
    );
    view = mount(createElement(list.Probe, { arg: 0 }));
    expect(view.html).toBe('<output>ready: Page 2, Page 3</output>');
    sync(() => db.pages.update('p00001', { title: 'Bad' }));
    expect(view.html).toBe('<p role="alert">crashed: filter bug</p>');
  });

  it('renders no data for a factory that returns nothing', () => {
    const list = probe((tag: string | undefined) => useLiveQuery(() => (tag === undefined ? undefined : db.pages.where('tags').equals(tag)), [tag]), titles);
    view = mount(createElement(list.Probe, { arg: undefined }));
    expect(view.html).toBe('<output>ready: nothing</output>');
    view.rerender(createElement(list.Probe, { arg: 'news' }));
    expect(view.html).toBe('<output>ready: Page 3</output>');
  });

  it('runs the factory again when a dep changes, and only then', () => {
    let runs = 0;
    const track = tracker();
    const list = probe(
      (status: 'unread' | 'archived') =>
        useLiveQuery(() => {
          runs++;
          return tracked(db.pages.where('status').equals(status), track);
        }, [status]),
      titles,
    );
    view = mount(createElement(list.Probe, { arg: 'unread' }));
    view.rerender(createElement(list.Probe, { arg: 'unread' }));
    expect(runs).toBe(1);
    view.rerender(createElement(list.Probe, { arg: 'archived' }));
    expect(runs).toBe(2);
    expect(view.html).toBe('<output>ready: Page 1</output>');
    expect(list.commits).toEqual(['ready: Page 2, Page 3', 'ready: Page 1']);
    expect(track).toEqual({ open: 1, opened: 2 });
    sync(() => db.pages.add(page(5)));
    expect(view.html).toBe('<output>ready: Page 1, Page 5</output>');
  });

  it('unsubscribes on unmount', () => {
    const track = tracker();
    const list = probe(() => useLiveQuery(() => tracked(unread(), track), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }));
    expect(track.open).toBe(1);
    view.unmount();
    view = undefined;
    expect(track.open).toBe(0);
    db.pages.add(page(6));
    expect(list.states.length).toBe(1);
  });

  it('renders the same under StrictMode and leaves one subscription open, none after unmount', () => {
    const track = tracker();
    const list = probe(() => useLiveQuery(() => tracked(unread(), track), []), titles);
    view = mount(createElement(list.Probe, { arg: 0 }), { strict: true });
    expect(view.html).toBe('<output>ready: Page 2, Page 3</output>');
    expect(track.open).toBe(1);
    sync(() => db.pages.add(page(6)));
    expect(view.html).toBe('<output>ready: Page 2, Page 3, Page 6</output>');
    expect(list.commits).toEqual(['ready: Page 2, Page 3', 'ready: Page 2, Page 3, Page 6']);
    view.unmount();
    view = undefined;
    expect(track.open).toBe(0);
  });
});

describe('a write between the first render and the subscription', () => {
  // Layout effects run before the passive effect in which React subscribes: the write lands in between.
  function Writer() {
    useLayoutEffect(() => {
      db.pages.add(page(6));
    }, []);
    return null;
  }

  it('shows in useLiveQuery', () => {
    const list = probe(() => useLiveQuery(unread, []), titles);
    view = mount(createElement(Fragment, null, createElement(list.Probe, { arg: 0 }), createElement(Writer)));
    expect(view.html).toBe('<output>ready: Page 2, Page 3, Page 6</output>');
  });

  it('shows in useDocument', () => {
    const doc = probe(() => useDocument(db.pages, 'p00006'), title);
    view = mount(createElement(Fragment, null, createElement(doc.Probe, { arg: 0 }), createElement(Writer)));
    expect(view.html).toBe('<output>ready: Page 6</output>');
  });

  it('shows in useCount', () => {
    const count = probe(() => useCount(db.pages), number);
    view = mount(createElement(Fragment, null, createElement(count.Probe, { arg: 0 }), createElement(Writer)));
    expect(view.html).toBe('<output>ready: 4</output>');
  });
});

describe('useDocument over a local store', () => {
  const doc = probe((key: string | undefined) => useDocument(db.pages, key), title);

  it('renders the document in the first render, and its changes', () => {
    const one = probe((key: string) => useDocument(db.pages, key), title);
    view = mount(createElement(one.Probe, { arg: 'p00002' }));
    expect(view.html).toBe('<output>ready: Page 2</output>');
    sync(() => db.pages.update('p00002', { title: 'Renamed' }));
    expect(view.html).toBe('<output>ready: Renamed</output>');
    sync(() => db.pages.delete('p00002'));
    expect(view.html).toBe('<output>ready: no document</output>');
    sync(() => db.pages.add(page(2)));
    expect(view.html).toBe('<output>ready: Page 2</output>');
    expect(one.commits).toEqual(['ready: Page 2', 'ready: Renamed', 'ready: no document', 'ready: Page 2']);
  });

  it('does not render again when another document changes', () => {
    const one = probe((key: string) => useDocument(db.pages, key), title);
    view = mount(createElement(one.Probe, { arg: 'p00002' }));
    sync(() => db.pages.update('p00003', { title: 'Other' }));
    expect(one.states.length).toBe(1);
  });

  it('renders no document for an absent key, and nothing for no key', () => {
    view = mount(createElement(doc.Probe, { arg: 'p99999' }));
    expect(view.html).toBe('<output>ready: no document</output>');
    view.rerender(createElement(doc.Probe, { arg: undefined }));
    expect(view.html).toBe('<output>ready: no document</output>');
    view.rerender(createElement(doc.Probe, { arg: 'p00003' }));
    expect(view.html).toBe('<output>ready: Page 3</output>');
  });

  it('follows the collection being cleared', () => {
    const one = probe((key: string) => useDocument(db.pages, key), title);
    view = mount(createElement(one.Probe, { arg: 'p00002' }));
    sync(() => db.pages.clear());
    expect(view.html).toBe('<output>ready: no document</output>');
  });

  it('unsubscribes on unmount and when the key changes', () => {
    const track = tracker();
    const pages = tracked(db.pages, track);
    const one = probe((key: string) => useDocument(pages, key), title);
    view = mount(createElement(one.Probe, { arg: 'p00002' }));
    view.rerender(createElement(one.Probe, { arg: 'p00003' }));
    expect(track).toEqual({ open: 1, opened: 2 });
    view.unmount();
    view = undefined;
    expect(track.open).toBe(0);
  });
});

describe('useCount over a local store', () => {
  it('renders the count in the first render, and after writes', () => {
    const all = probe(() => useCount(db.pages), number);
    view = mount(createElement(all.Probe, { arg: 0 }));
    expect(view.html).toBe('<output>ready: 3</output>');
    sync(() => db.pages.bulkAdd([page(4), page(5)]));
    expect(view.html).toBe('<output>ready: 5</output>');
    expect(all.commits).toEqual(['ready: 3', 'ready: 5']);
  });

  it('counts a query, rendering only when the number changes', () => {
    const count = probe(() => useCount(db.pages, (pages) => pages.where('status').equals('unread'), []), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    expect(view.html).toBe('<output>ready: 2</output>');
    sync(() => db.pages.add(page(4)));
    expect(count.states.length).toBe(1);
    sync(() => db.pages.add(page(6)));
    expect(view.html).toBe('<output>ready: 3</output>');
  });

  it('builds the query again when a dep changes', () => {
    const count = probe((tag: string) => useCount(db.pages, (pages) => pages.where('tags').equals(tag), [tag]), number);
    view = mount(createElement(count.Probe, { arg: 'tech' }));
    expect(view.html).toBe('<output>ready: 2</output>');
    view.rerender(createElement(count.Probe, { arg: 'news' }));
    expect(view.html).toBe('<output>ready: 1</output>');
  });

  it('shows a query the store refuses as the error state', () => {
    const count = probe(() => useCount(db.pages, (pages) => pages.where('title' as 'status').equals('read'), []), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    expect(view.html).toBe('<output>error NOT_INDEXED</output>');
  });
});
