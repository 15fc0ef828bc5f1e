// The API tables: every member of the core's types is described once, and the protocol and the
// remote store are derived from the descriptions (the compile-time checks run under tsc).
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Collection, Query, StoreMembers, StoreSchema, WhereClause } from '@ramify-db/core';
import { COLLECTION_API, COLLECTION_CALLS, membersOf, OPERATORS, QUERY_API, QUERY_CALLS, STORE_API, STORE_CALLS, type ApiTable, type MembersOf, type OperatorSpec } from '../../packages/bridge/src/api';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import { methodSpec } from '../../packages/bridge/src/protocol';
import type { RemoteCollection, RemoteQuery, RemoteStore, RemoteWhereClause } from '../../packages/bridge/src/remote-types';
import { createFakeBrowser } from './fake-runtime';
import { visible, type Page, type TestSchema } from './harness';

/** A core collection type with one more method than today's. */
interface GrownCollection extends Collection<Page, 'id'> {
  archive(key: string): string;
}
interface GrownQuery extends Query<Page, 'id'> {
  sample(n: number): Query<Page, 'id'>;
}
interface GrownWhereClause extends WhereClause<Page, 'id', string> {
  matches(pattern: string): Query<Page, 'id'>;
}

/** What the remote API offers: every member the table does not declare absent. */
type Offered<Table> = Exclude<keyof Table, MembersOf<Table, 'absent'>>;

describe('the API tables', () => {
  it('fail to compile when the core gains a member they do not describe', () => {
    // @ts-expect-error archive() is not described
    expect(COLLECTION_API satisfies ApiTable<GrownCollection>).toBe(COLLECTION_API);
    // @ts-expect-error sample() is not described
    expect(QUERY_API satisfies ApiTable<GrownQuery>).toBe(QUERY_API);
    // @ts-expect-error matches() is not an operator the table knows
    expect(OPERATORS satisfies { readonly [M in keyof GrownWhereClause]-?: OperatorSpec }).toBe(OPERATORS);
  });

  it('fail to compile when a member is missing from them', () => {
    const { has: _has, ...withoutHas } = COLLECTION_API;
    // @ts-expect-error has() is missing
    expect(withoutHas satisfies ApiTable<Collection<Page, 'id'>>).not.toHaveProperty('has');
    const { first: _first, ...withoutFirst } = QUERY_API;
    // @ts-expect-error first() is missing
    expect(withoutFirst satisfies ApiTable<Query<Page, 'id'>>).not.toHaveProperty('first');
    const { delete: _delete, ...withoutDelete } = STORE_API;
    // @ts-expect-error delete() is missing
    expect(withoutDelete satisfies ApiTable<StoreMembers<StoreSchema>>).not.toHaveProperty('delete');
  });

  it('fail to compile when they describe a member the core does not have', () => {
    const grown = {
      ...COLLECTION_API,
      // @ts-expect-error the core's Collection has no archive()
      archive: { kind: 'call', write: true, arity: 1 },
    } satisfies ApiTable<Collection<Page, 'id'>>;
    expect(grown.archive.kind).toBe('call');
  });

  it('give the remote store exactly the members they offer a page', () => {
    expectTypeOf<keyof RemoteCollection<Page, 'id'>>().toEqualTypeOf<Offered<typeof COLLECTION_API>>();
    expectTypeOf<keyof RemoteQuery<Page, 'id'>>().toEqualTypeOf<Offered<typeof QUERY_API>>();
    expectTypeOf<keyof RemoteWhereClause<Page, 'id', string>>().toEqualTypeOf<keyof typeof OPERATORS>();
    expectTypeOf<Exclude<keyof RemoteStore<TestSchema>, keyof TestSchema>>().toEqualTypeOf<Offered<typeof STORE_API>>();
  });

  it('answer every call member, and nothing else, through the protocol', () => {
    expect(membersOf(COLLECTION_API, 'call').map((m) => methodSpec('pages', m, false))).toEqual(membersOf(COLLECTION_API, 'call').map((m) => COLLECTION_API[m]));
    expect(membersOf(QUERY_API, 'call').map((m) => methodSpec('pages', m, true))).toEqual(membersOf(QUERY_API, 'call').map((m) => QUERY_API[m]));
    expect(methodSpec('', 'delete', false)).toBe(STORE_API.delete);
    expect(methodSpec('pages', 'entries', false)).toEqual({ kind: 'call', write: false, arity: 0, docs: 'entries' });
    const refused = [...membersOf(COLLECTION_API, 'step'), ...membersOf(COLLECTION_API, 'page'), ...membersOf(COLLECTION_API, 'absent'), 'toString', '__proto__', 'constructor'];
    expect(refused.map((m) => methodSpec('pages', m, false))).toEqual(refused.map(() => undefined));
    expect(['filter', 'observe', 'toJSON', 'sortBy', 'hasOwnProperty'].map((m) => methodSpec('pages', m, true))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(['transaction', 'collections'].map((m) => methodSpec('', m, false))).toEqual([undefined, undefined]);
    expect(Object.keys(STORE_CALLS)).toEqual(['delete']);
    expect(Object.keys(QUERY_CALLS)).toEqual(['toArray', 'first', 'last', 'count', 'keys', 'modify', 'delete']);
    expect(Object.keys(COLLECTION_CALLS)).toEqual(['add', 'put', 'get', 'update', 'delete', 'bulkAdd', 'bulkPut', 'bulkGet', 'bulkUpdate', 'bulkDelete', 'clear', 'count', 'keys', 'has', 'toArray', 'entries']);
  });

  describe('at run time', () => {
    const db = connect<TestSchema>({ runtime: createFakeBrowser({ background: () => {} }).page(), visibility: visible(false) });
    afterAll(() => disconnect(db));

    it('the remote objects hold exactly the members offered', () => {
      const offered = (table: object) => Object.entries(table).filter(([, spec]) => spec.kind !== 'absent').map(([name]) => name).sort();
      expect(Object.keys(db.pages).sort()).toEqual(offered(COLLECTION_API));
      expect(Object.keys(db.pages.limit(1)).sort()).toEqual(offered(QUERY_API));
      expect(Object.keys(db.pages.where('status')).sort()).toEqual(Object.keys(OPERATORS).sort());
    });
  });
});
