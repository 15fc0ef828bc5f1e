// The remote API is typed from the same schema as the background's store (checked by tsc).
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { ChangeType, Doc, Schema } from '@ramify-db/core';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import type { RemoteChangeType, RemoteQuery, RemoteStore } from '../../packages/bridge/src/remote-types';
import { createFakeBrowser } from './fake-runtime';
import { visible, type Counter, type Page, type TestSchema } from './harness';

// Nothing is sent: only builders are called, and methods are inspected without being called.
const db = connect<TestSchema>({ runtime: createFakeBrowser({ background: () => {} }).page(), visibility: visible(false) });

afterAll(() => disconnect(db));

describe('remote types', () => {
  it('gives reads the document type', () => {
    expectTypeOf(db.pages.get).returns.toEqualTypeOf<Promise<Doc<Page> | undefined>>();
    expectTypeOf(db.pages.toArray).returns.toEqualTypeOf<Promise<Doc<Page>[]>>();
    expectTypeOf(db.pages.bulkGet).returns.toEqualTypeOf<Promise<(Doc<Page> | undefined)[]>>();
    expectTypeOf(db.pages.where('status').equals('unread').first).returns.toEqualTypeOf<Promise<Doc<Page> | undefined>>();
    expectTypeOf(db.counters.where('value').above(1).toArray).returns.toEqualTypeOf<Promise<Doc<Counter>[]>>();
  });

  it('gives keys the primary key type', () => {
    expectTypeOf(db.pages.keys).returns.toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(db.counters.keys).returns.toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(db.counters.add).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(db.pages.where('tags').equals('x').delete).returns.toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(db.pages.get).parameter(0).toEqualTypeOf<string>();
  });

  it('types writes like the local ones', () => {
    expectTypeOf(db.pages.add).parameter(0).toEqualTypeOf<Page>();
    expectTypeOf(db.pages.update).parameter(1).toEqualTypeOf<Partial<Page>>();
    expectTypeOf(db.pages.where('status').equals('read').modify).parameter(0).toEqualTypeOf<Partial<Page>>();
    expectTypeOf(db.pages.clear).returns.toEqualTypeOf<Promise<void>>();
    // @ts-expect-error a document without its required fields
    expectTypeOf(db.pages.add).toBeCallableWith({ id: 'x' });
  });

  it('offers no filter(fn), on collections or queries', () => {
    expectTypeOf(db.pages).not.toHaveProperty('filter');
    expectTypeOf(db.pages.where('status').equals('unread')).not.toHaveProperty('filter');
    expectTypeOf(db.pages.sortBy('createdAt')).not.toHaveProperty('filter');
    // @ts-expect-error filter cannot cross a message boundary
    expect(() => db.pages.filter((doc: Page) => doc.words === 1)).toThrow(TypeError);
  });

  it('accepts only indexed paths and operands of their type', () => {
    expectTypeOf(db.pages.where).toBeCallableWith('stats.visits');
    // @ts-expect-error a path that does not exist on Page
    expectTypeOf(db.pages.where).toBeCallableWith('stats.nope');
    // @ts-expect-error status is a string union, not a number
    expectTypeOf(db.pages.where('status').equals).toBeCallableWith(5);
    expectTypeOf(db.pages.where('createdAt').between).toBeCallableWith(new Date(0), new Date(1), true, false);
    expectTypeOf(db.pages.where).toBeCallableWith({ status: 'read', tags: ['a', 'b'] });
  });

  it('chains queries like the local API', () => {
    expectTypeOf(db.pages.where('status').equals('unread').sortBy('createdAt').reverse().offset(1).limit(20)).toEqualTypeOf<RemoteQuery<Page, 'id'>>();
    // @ts-expect-error sortBy takes a path of the document
    db.pages.sortBy('nope');
  });

  it('types live callbacks and change events', () => {
    expectTypeOf(db.pages.where('status').equals('unread').observe).parameter(0).toEqualTypeOf<(docs: Doc<Page>[]) => void>();
    expectTypeOf(db.pages.where('status').equals('unread').observe).returns.toEqualTypeOf<() => void>();
    expectTypeOf(db.counters.subscribe).parameter(0).parameters.toEqualTypeOf<[ChangeType | 'resync', number[]]>();
  });

  it("lets a switch over a remote change event's type see 'resync'", () => {
    const handled: string[] = [];
    const listener = (type: RemoteChangeType, keys: number[]) => {
      switch (type) {
        case 'create':
        case 'update':
        case 'delete':
          return void handled.push(`${type} ${keys.length}`);
        case 'clear':
        case 'resync':
          return void handled.push(type);
        default: {
          const unreachable: never = type;
          return unreachable;
        }
      }
    };
    expectTypeOf(db.counters.subscribe).toBeCallableWith(listener);
    listener('resync', []);
    expect(handled).toEqual(['resync']);
  });

  it('is not thenable, so awaiting it gives the store itself', () => {
    expectTypeOf(db).not.toHaveProperty('then');
    expectTypeOf<Awaited<typeof db>>().toEqualTypeOf<RemoteStore<TestSchema>>();
    expect((db as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it('keeps a collection named then out of the store type', () => {
    type Odd = { then: Schema<Counter, 'n'>; counters: Schema<Counter, 'n'> };
    expectTypeOf<RemoteStore<Odd>>().not.toHaveProperty('then');
    expectTypeOf<RemoteStore<Odd>>().toHaveProperty('counters');
  });
});
