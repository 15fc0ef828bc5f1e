// Query snapshots: the results of tracked queries, written in the same transaction as the data they
// reflect, and read back by a later session before its hydration is over. Each session here is a
// fresh store on the same database, as a background woken after a stop is.
import { isRamifyError, type QueryJSON } from '@ramify-db/core';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { persist, SNAPSHOT_DOCS, SNAPSHOT_QUERIES, type Layout, type Persistence, type PersistOptions } from '@ramify-db/persistence';
import { canonical, SNAPSHOT_LIST, SNAPSHOT_ONE_OFFS, snapshotRow } from '../../packages/persistence/src/snapshot-rows';
import { createTestStore, freshName, LAYOUTS, messages, throwOnRequests, type TestSchema } from './helpers';
import { Ramify } from '@ramify-db/core';

type Db = ReturnType<typeof createTestStore>;

const open: Persistence[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close().catch(() => undefined);
});

/** A session: a fresh store persisted to `name`; the promise is kept for its snapshots. */
function session(name: string, layout: Layout, options: Partial<PersistOptions> = {}, db: Db = createTestStore()) {
  const errors: unknown[] = [];
  const pending = persist(db, { name, layout, onError: (error) => errors.push(error), ...options });
  pending.then((p) => open.push(p), () => undefined);
  return { db, pending, errors };
}

type Tracked = (db: Db) => { toJSON(): QueryJSON };

/**
 * A first session: `count` messages written, and the `tracking` queries tracked (their snapshots
 * written). Sessions end without close(), as a stopped background does: what was flushed is there.
 */
async function firstSession(name: string, layout: Layout, tracking: Tracked[] = [], count = 3000) {
  const s = session(name, layout);
  const p = await s.pending;
  s.db.messages.bulkAdd(messages(count));
  for (const query of tracking) s.pending.snapshots.track(query(s.db).toJSON());
  await p.flush();
  return { ...s, p };
}

const recent = (db: Db) => db.messages.where('n').above(2900).sortBy('n').reverse().limit(20);
const few = (db: Db) => db.messages.where('n').below(5).sortBy('n');

/** What a query gives once the session's store is hydrated. */
async function hydrated<T>(s: { db: Db; pending: Promise<Persistence> }, query: (db: Db) => { toArray(): T[] }): Promise<T[]> {
  await s.pending;
  return query(s.db).toArray();
}

async function metaRows(name: string): Promise<[IDBValidKey, unknown][]> {
  const raw = await openDB(name);
  try {
    const store = raw.transaction('ramify:meta').store;
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    return keys.map((key, i) => [key, values[i]]);
  } finally {
    raw.close();
  }
}

async function putMeta(name: string, value: unknown): Promise<void> {
  const raw = await openDB(name);
  await raw.put('ramify:meta', value);
  raw.close();
}

describe.each(LAYOUTS)('query snapshots (layout %s)', (layout) => {
  it('answers a tracked query from its snapshot while the next session hydrates, as the hydrated store does', async () => {
    const name = freshName();
    await firstSession(name, layout, [recent]);

    const next = session(name, layout);
    const early = await next.pending.snapshots.read(recent(next.db).toJSON());
    expect(early).toHaveLength(20);
    expect(early).toEqual(await hydrated(next, recent));
  });

  it('keeps each snapshot as the transaction that changed its data left it', async () => {
    const name = freshName();
    const first = await firstSession(name, layout, [recent, few]);
    first.db.messages.update('m002995', { text: 'edited' });
    first.db.messages.delete('m002999');
    first.db.messages.add({ id: 'n1', text: 'new', n: 2950.5 });
    first.db.messages.delete('m000003');
    await first.p.flush();

    const next = session(name, layout);
    const [a, b] = await Promise.all([next.pending.snapshots.read(recent(next.db).toJSON()), next.pending.snapshots.read(few(next.db).toJSON())]);
    expect(a).toEqual(await hydrated(next, recent));
    expect(b).toEqual(await hydrated(next, few));
    expect(a?.[0]).toEqual({ id: 'm002998', text: 'message 2998', n: 2998 });
    expect(b).toHaveLength(4);
  });

  it('answers nothing once hydration is over: memory answers then', async () => {
    const name = freshName();
    await firstSession(name, layout, [few]);
    const next = session(name, layout);
    await next.pending;
    await expect(next.pending.snapshots.read(few(next.db).toJSON())).resolves.toBeUndefined();
  });

  it('answers nothing for a query no session tracked, nor for a description of no collection', async () => {
    const name = freshName();
    await firstSession(name, layout, [few]);
    const next = session(name, layout);
    const snapshots = next.pending.snapshots;
    await expect(snapshots.read(recent(next.db).toJSON())).resolves.toBeUndefined();
    await expect(snapshots.read({ collection: 'nothing', where: [] })).resolves.toBeUndefined();
    await expect(snapshots.read({ collection: 'messages', where: [{ path: 'text', op: 'equals', args: ['x'] }] })).resolves.toBeUndefined();
    await expect(snapshots.read(null as unknown as QueryJSON)).resolves.toBeUndefined();
    await next.pending;
  });

  it(`keeps results of up to ${SNAPSHOT_DOCS} documents, and no larger one`, async () => {
    const name = freshName();
    const window = (db: Db) => db.messages.where('n').above(100).sortBy('n').limit(SNAPSHOT_DOCS);
    const tooLarge = (db: Db) => db.messages.where('n').above(100).sortBy('n').limit(SNAPSHOT_DOCS + 1);
    const unlimited = (db: Db) => db.messages.where('n').below(SNAPSHOT_DOCS + 50);
    await firstSession(name, layout, [window, tooLarge, unlimited]);

    const next = session(name, layout);
    const reads = [window, tooLarge, unlimited].map((query) => next.pending.snapshots.read(query(next.db).toJSON()));
    const [a, b, c] = await Promise.all(reads);
    expect(a).toEqual(await hydrated(next, window));
    expect(b).toBeUndefined();
    expect(c).toBeUndefined();
  });

  it('keeps a result of a query without sortBy only when it holds one document: its order is the planner\'s', async () => {
    const name = freshName();
    const one = (db: Db) => db.messages.where('n').equals(7);
    const two = (db: Db) => db.messages.where('n').anyOf([7, 8]);
    const window = (db: Db) => db.messages.where('n').equals(7).limit(1);
    await firstSession(name, layout, [one, two, window]);
    const next = session(name, layout);
    const [a, b, c] = await Promise.all([one, two, window].map((query) => next.pending.snapshots.read(query(next.db).toJSON())));
    expect(a).toEqual([{ id: 'm000007', text: 'message 7', n: 7 }]);
    expect(b).toBeUndefined();
    expect(c).toBeUndefined();
    await next.pending;
  });

  it('drops every snapshot when the database is upgraded: a migration may change what they reflect', async () => {
    const name = freshName();
    await firstSession(name, layout, [few]);
    const version = (await openDB(name).then((raw) => (raw.close(), raw.version))) + 1;

    const next = session(name, layout, { version, upgrade: () => undefined });
    await expect(next.pending.snapshots.read(few(next.db).toJSON())).resolves.toBeUndefined();
    await next.pending;
    expect((await metaRows(name)).filter(([key]) => Array.isArray(key))).toEqual([]);
  });

  it('ignores a snapshot made for other indexes, and writes it again once hydrated', async () => {
    const name = freshName();
    await firstSession(name, layout, [few]);

    const reindexed = () =>
      new Ramify().createStore<TestSchema>({
        messages: { primaryKey: 'id', indexes: ['n'], multiEntry: ['tags'] },
        users: { primaryKey: 'id', indexes: [], unique: ['email'] },
      });
    const second = session(name, layout, {}, reindexed());
    await expect(second.pending.snapshots.read(few(second.db).toJSON())).resolves.toBeUndefined();
    await (await second.pending).flush();

    const third = session(name, layout, {}, reindexed());
    const early = await third.pending.snapshots.read(few(third.db).toJSON());
    expect(early).toEqual(await hydrated(third, few));
    expect(early).toHaveLength(5);
  });

  it('writes no snapshot with a write that fails, and the right one when it is retried', async () => {
    const name = freshName();
    const first = await firstSession(name, layout, [recent]);
    const refusing = throwOnRequests((_, store) => store === 'ramify:meta');
    first.db.messages.update('m002999', { text: 'after the failure' });
    await expect(first.p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    const row = (await metaRows(name)).find(([key]) => Array.isArray(key) && key.length === 2)?.[1] as { docs: { text: string }[] };
    expect(row.docs[0].text).toBe('message 2999');
    refusing.stop();
    await first.p.flush();

    const next = session(name, layout);
    const early = await next.pending.snapshots.read(recent(next.db).toJSON());
    expect(early?.[0]).toEqual({ id: 'm002999', text: 'after the failure', n: 2999 });
    expect(early).toEqual(await hydrated(next, recent));
  });

  it('keeps a write made while hydrating in the snapshot the first write after hydration makes', async () => {
    const name = freshName();
    await firstSession(name, layout, [recent]);

    let written = false;
    const db = createTestStore();
    const second = session(name, layout, {
      onProgress: () => {
        if (written) return;
        written = true;
        db.messages.put({ id: 'm002999', text: 'written while hydrating', n: 2999 });
      },
    }, db);
    // Read before the write: what the disk holds, which is what hydration loads.
    const before = await second.pending.snapshots.read(recent(db).toJSON());
    expect(before?.[0]).toEqual({ id: 'm002999', text: 'message 2999', n: 2999 });
    await (await second.pending).flush();

    const third = session(name, layout);
    const after = await third.pending.snapshots.read(recent(third.db).toJSON());
    expect(after?.[0]).toEqual({ id: 'm002999', text: 'written while hydrating', n: 2999 });
    expect(after).toEqual(await hydrated(third, recent));
  });

  it('keeps no snapshot of a collection whose stored documents the core refused some of', async () => {
    const name = freshName();
    // Written without the unique index on email: two users share one.
    const loose = () =>
      new Ramify().createStore<TestSchema>({ messages: { primaryKey: 'id', indexes: ['n', 'at'], multiEntry: ['tags'] }, users: { primaryKey: 'id' } });
    const first = session(name, layout, {}, loose());
    const p = await first.pending;
    first.db.users.bulkAdd([
      { id: 1, email: 'same@example.com' },
      { id: 2, email: 'same@example.com' },
      { id: 3, email: 'other@example.com' },
    ]);
    await p.flush();

    const byId = (db: Db) => db.users.where('id').above(0);
    const second = session(name, layout);
    second.pending.snapshots.track(byId(second.db).toJSON());
    const p2 = await second.pending;
    expect(second.errors.filter((error) => isRamifyError(error) && error.code === 'INVALID_RECORD')).toHaveLength(1);
    second.db.users.add({ id: 4, email: 'four@example.com' });
    await p2.flush();

    const third = session(name, layout);
    await expect(third.pending.snapshots.read(byId(third.db).toJSON())).resolves.toBeUndefined();
    await third.pending;
  });

  it('writes nothing of its own for a store nobody tracks a query of, and keeps the database version', async () => {
    const name = freshName();
    const first = await firstSession(name, layout, [], 10);
    const version = await openDB(name).then((raw) => (raw.close(), raw.version));
    first.db.messages.update('m000001', { text: 'again' });
    await first.p.flush();
    const next = session(name, layout);
    await next.pending;
    expect((await metaRows(name)).filter(([key]) => typeof key !== 'string')).toEqual([]);
    expect(await openDB(name).then((raw) => (raw.close(), raw.version))).toBe(version);
  });

  it('answers nothing from a snapshot row holding a document the core would refuse to load', async () => {
    const name = freshName();
    const queries = [few, recent, (db: Db) => db.messages.where('n').above(100).sortBy('n').limit(3)];
    const first = await firstSession(name, layout, queries);
    const rows = (await metaRows(name)).filter(([key]) => Array.isArray(key) && key.length === 2) as [[string, string], { docs: Record<string, unknown>[] }][];
    const [a, b, c] = queries.map((query) => rows.find(([key]) => key[1] === canonical(new Map([['messages', first.db.messages]]), query(first.db).toJSON())?.key)?.[1]);
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 150; i++) deep = deep.next = {};
    const reserved = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    await putMeta(name, { ...a, docs: [{ ...a!.docs[0], nested: top }] });
    await putMeta(name, { ...b, docs: [{ ...b!.docs[0], extra: reserved }] });
    await putMeta(name, { ...c, docs: [{ ...c!.docs[0], tags: new Map([['a', 1]]) }] });

    const next = session(name, layout);
    for (const query of queries) await expect(next.pending.snapshots.read(query(next.db).toJSON())).resolves.toBeUndefined();
    await next.pending;
    expect(next.db.messages.count()).toBe(3000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores damaged snapshot rows and a damaged list, and loads the store all the same', async () => {
    const name = freshName();
    const queries = [few, recent, (db: Db) => db.messages.where('n').between(10, 13), (db: Db) => db.messages.where('n').between(20, 23)];
    const first = await firstSession(name, layout, queries);
    const rows = (await metaRows(name)).filter(([key]) => Array.isArray(key) && key.length === 2) as [[string, string], { docs: unknown[] }][];
    const [a, b, c, d] = queries.map((query) => rows.find(([key]) => key[1] === canonical(new Map([['messages', first.db.messages]]), query(first.db).toJSON())?.key)?.[1]);
    await putMeta(name, { ...a, docs: [...(a as { docs: unknown[] }).docs, 'not a document'] });
    await putMeta(name, { ...b, docs: [...(b as { docs: unknown[] }).docs, (b as { docs: unknown[] }).docs[0]] });
    await putMeta(name, { ...c, schema: 'another' });
    await putMeta(name, { ...d, docs: { length: 1 } });

    const next = session(name, layout);
    for (const query of queries) await expect(next.pending.snapshots.read(query(next.db).toJSON())).resolves.toBeUndefined();
    await next.pending;
    expect(next.db.messages.count()).toBe(3000);

    await putMeta(name, { collection: SNAPSHOT_LIST, queries: 'many' });
    const third = session(name, layout);
    await expect(third.pending.snapshots.read(few(third.db).toJSON())).resolves.toBeUndefined();
    await third.pending;
    expect(third.errors).toEqual([]);
  });
});

describe('which queries are tracked', () => {
  const listed = async (name: string) =>
    ((await metaRows(name)).find(([key]) => JSON.stringify(key) === JSON.stringify(SNAPSHOT_LIST))?.[1] as { queries: { key: string; hits: number }[] }).queries;
  const nth = (db: Db, i: number) => db.messages.where('n').equals(i);

  it(`keeps at most ${SNAPSHOT_ONE_OFFS} queries observed in one session only, the most recently observed`, async () => {
    const name = freshName();
    const first = await firstSession(name, 'chunks', [], 100);
    for (let i = 0; i < 20; i++) first.pending.snapshots.track(nth(first.db, i).toJSON());
    await first.p.flush();
    const keys = (await listed(name)).map((entry) => entry.key);
    expect(keys).toEqual(Array.from({ length: SNAPSHOT_ONE_OFFS }, (_, i) => JSON.stringify(nth(first.db, 12 + i).toJSON())));
    // Each has its row; the dropped ones have none.
    const rows = (await metaRows(name)).filter(([key]) => Array.isArray(key) && key.length === 2);
    expect(rows.map(([key]) => (key as string[])[1]).sort()).toEqual([...keys].sort());
  });

  it('keeps queries observed again in a later session before one-off ones', async () => {
    const name = freshName();
    const first = await firstSession(name, 'chunks', [], 100);
    for (let i = 0; i < 6; i++) first.pending.snapshots.track(nth(first.db, i).toJSON());
    await first.p.flush();
    const second = session(name, 'chunks');
    const p = await second.pending;
    for (let i = 0; i < 6; i++) second.pending.snapshots.track(nth(second.db, i).toJSON());
    for (let i = 50; i < 70; i++) second.pending.snapshots.track(nth(second.db, i).toJSON());
    await p.flush();
    const entries = await listed(name);
    expect(entries.map((entry) => [entry.key, entry.hits])).toEqual([
      ...Array.from({ length: 6 }, (_, i) => [JSON.stringify(nth(second.db, i).toJSON()), 2]),
      ...Array.from({ length: SNAPSHOT_ONE_OFFS }, (_, i) => [JSON.stringify(nth(second.db, 70 - SNAPSHOT_ONE_OFFS + i).toJSON()), 1]),
    ]);
  });

  it(`keeps at most ${SNAPSHOT_QUERIES} queries in all, each with its snapshot, the least recently observed going first`, async () => {
    const name = freshName();
    let s = await firstSession(name, 'chunks', [], 100);
    // Each session observes again what the last kept, then eight new queries.
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 8 * round + 8; i++) s.pending.snapshots.track(nth(s.db, i).toJSON());
      await s.p.flush();
      const next = session(name, 'chunks');
      s = { ...next, p: await next.pending };
    }
    const entries = await listed(name);
    expect(entries).toHaveLength(SNAPSHOT_QUERIES);
    expect(entries.map((entry) => [entry.key, entry.hits > 1])).toEqual(
      Array.from({ length: SNAPSHOT_QUERIES }, (_, i) => [JSON.stringify(nth(s.db, 8 + i).toJSON()), 8 + i < 32]),
    );
    const rows = (await metaRows(name)).filter(([key]) => Array.isArray(key) && key.length === 2);
    expect(rows.map(([key]) => (key as string[])[1]).sort()).toEqual(entries.map((entry) => entry.key).sort());
    const early = await s.pending.snapshots.read(JSON.parse(entries[0].key));
    expect(early).toBeUndefined();
    const next = session(name, 'chunks');
    await expect(next.pending.snapshots.read(JSON.parse(entries[0].key))).resolves.toEqual([{ id: 'm000008', text: 'message 8', n: 8 }]);
    await next.pending;
  });

  it('tells apart queries that differ only in a value JSON cannot carry (Infinity and null)', () => {
    const db = createTestStore();
    const collections = new Map([['messages', db.messages]]);
    const infinite = canonical(collections, db.messages.where('n').below(Infinity).toJSON());
    const nil = canonical(collections, db.messages.where('n').below(null as unknown as number).toJSON());
    expect(infinite?.key).not.toBe(nil?.key);
    expect(snapshotRow(infinite?.key as string)).not.toEqual(snapshotRow(nil?.key as string));
  });

  it('does not track a query whose description is longer than a canonical key may be', () => {
    const db = createTestStore();
    const collections = new Map([['messages', db.messages]]);
    const long = db.messages.where('n').anyOf(Array.from({ length: 2000 }, (_, i) => i)).toJSON();
    expect(canonical(collections, long)).toBeUndefined();
  });
});
