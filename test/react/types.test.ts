// Type-level tests: `tsc --noEmit` (part of `npm test`) checks them; every `@ts-expect-error` must
// meet an error. Hooks run only inside components, so every call sits in a function never called.
import { describe, expectTypeOf, it } from 'vitest';
import { Ramify, type Doc } from '@ramify-db/core';
import type { RemoteChangeType, RemoteStore } from '../../packages/bridge/src/remote-types';
import type { ChangeEventType } from '../../packages/react/src/reads';
import { useCount, useDocument, useLiveQuery, type LiveState } from '@ramify-db/react';
import { definitions, type Counter, type Page, type TestSchema } from '../bridge/harness';

const local = new Ramify().createStore(definitions);
declare const remote: RemoteStore<TestSchema>;

describe('hook types', () => {
  it('gives useLiveQuery the documents of the schema, for both stores', () => {
    () => {
      expectTypeOf(useLiveQuery(() => local.pages.where('status').equals('unread'), [])).toEqualTypeOf<LiveState<Doc<Page>[]>>();
      expectTypeOf(useLiveQuery(() => remote.pages.where('status').equals('unread'), [])).toEqualTypeOf<LiveState<Doc<Page>[]>>();
      expectTypeOf(useLiveQuery(() => remote.counters.sortBy('value').limit(3), [])).toEqualTypeOf<LiveState<Doc<Counter>[]>>();
    };
  });

  it('adds undefined when the factory may return no query', () => {
    (tag?: string) => {
      expectTypeOf(useLiveQuery(() => (tag ? local.pages.where('tags').equals(tag) : undefined), [tag])).toEqualTypeOf<LiveState<Doc<Page>[] | undefined>>();
      expectTypeOf(useLiveQuery(() => (tag ? remote.pages.where('tags').equals(tag) : null), [tag])).toEqualTypeOf<LiveState<Doc<Page>[] | undefined>>();
    };
  });

  it('narrows on status: data in ready, error with its code in error, previous in loading', () => {
    (state: LiveState<Doc<Page>[]>) => {
      if (state.status === 'ready') expectTypeOf(state.data).toEqualTypeOf<Doc<Page>[]>();
      if (state.status === 'error') {
        expectTypeOf(state.data).toEqualTypeOf<Doc<Page>[] | undefined>();
        expectTypeOf(state.error.code).toBeString();
      }
      if (state.status === 'loading') {
        expectTypeOf(state.data).toEqualTypeOf<undefined>();
        expectTypeOf(state.previous).toEqualTypeOf<Doc<Page>[] | undefined>();
      }
    };
  });

  it('requires deps', () => {
    () => {
      // @ts-expect-error deps are not optional: a remote query cannot be compared, so running the factory on every render would subscribe forever
      useLiveQuery(() => local.pages.where('status').equals('unread'));
    };
  });

  it('accepts only queries', () => {
    () => {
      // @ts-expect-error a collection is not a live query (useCount, useDocument take collections)
      useLiveQuery(() => local.pages, []);
      // @ts-expect-error a terminal result is not a query
      useLiveQuery(() => remote.pages.toArray(), []);
    };
  });

  it('types useDocument by the collection: its key and its document', () => {
    () => {
      expectTypeOf(useDocument(local.pages, 'p1')).toEqualTypeOf<LiveState<Doc<Page> | undefined>>();
      expectTypeOf(useDocument(remote.pages, 'p1')).toEqualTypeOf<LiveState<Doc<Page> | undefined>>();
      expectTypeOf(useDocument(remote.counters, 1)).toEqualTypeOf<LiveState<Doc<Counter> | undefined>>();
      expectTypeOf(useDocument(local.counters, undefined)).toEqualTypeOf<LiveState<Doc<Counter> | undefined>>();
      // @ts-expect-error counters are keyed by number
      useDocument(remote.counters, '1');
      // @ts-expect-error pages are keyed by string
      useDocument(local.pages, 1);
    };
  });

  it('types useCount: a number, from a query of the same store', () => {
    () => {
      expectTypeOf(useCount(local.pages)).toEqualTypeOf<LiveState<number>>();
      expectTypeOf(useCount(remote.pages, (pages) => pages.where('status').equals('unread'), [])).toEqualTypeOf<LiveState<number>>();
      // @ts-expect-error a query of another store
      useCount(local.pages, () => remote.pages.where('status').equals('unread'), []);
      // @ts-expect-error deps come with the query
      useCount(local.pages, (pages) => pages.where('status').equals('unread'));
      // @ts-expect-error paths are checked
      useCount(remote.pages, (pages) => pages.where('statu').equals('unread'), []);
    };
  });

  it("knows the bridge's change event types", () => {
    expectTypeOf<ChangeEventType>().toEqualTypeOf<RemoteChangeType>();
  });
});
