// Collections keyed by a compound primary key (`['user', 'day']`): their keys are tuples, and every
// write, delete, restart, failure report, migration and snapshot treats two equal tuples as one key.
import 'fake-indexeddb/auto';
import { Ramify, type Schema } from '@ramify-db/core';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { migrateDocuments, persist, type Layout } from '@ramify-db/persistence';
import { countWrites, freshName, LAYOUTS, persistTest, readRecords, throwOnRequests } from './helpers';

interface Visit {
  user: string;
  day: number;
  pages: number;
  note?: string;
}

type VisitSchema = { visits: Schema<Visit, readonly ['user', 'day']> };

function createVisits() {
  return new Ramify({ onError: (error) => { throw error; } }).createStore<VisitSchema>({
    visits: { primaryKey: ['user', 'day'], indexes: ['pages'] },
  });
}

/** A session on database `name`: a fresh store persisted there, errors collected. */
async function open(name: string, layout: Layout) {
  const db = createVisits();
  const errors: unknown[][] = [];
  const p = await persistTest(db, { name, layout, errors });
  return { db, p, errors };
}

/** Closes `p`, opens the database again and returns what the next session loaded. */
async function restart(name: string, layout: Layout, p: { close(): Promise<void> }) {
  await p.close();
  const again = await open(name, layout);
  return { ...again, loaded: again.db.visits.toArray() };
}

const visit = (user: string, day: number, pages = day * 10): Visit => ({ user, day, pages });
const week = (user: string) => Array.from({ length: 7 }, (_, i) => visit(user, i + 1));

describe.each(LAYOUTS)('compound primary keys (layout %s)', (layout) => {
  it('loads every document back under its tuple key after a restart', async () => {
    const name = freshName();
    const { db, p } = await open(name, layout);
    db.visits.bulkAdd([...week('ann'), ...week('bob')]);
    await p.flush();

    const { db: next, loaded } = await restart(name, layout, p);
    expect(loaded).toEqual([...week('ann'), ...week('bob')]);
    expect(next.visits.get(['bob', 3])).toEqual(visit('bob', 3));
    expect(next.visits.keys().slice(0, 2)).toEqual([['ann', 1], ['ann', 2]]);
  });

  it('keeps an update and a delete of a tuple key across a restart', async () => {
    const name = freshName();
    const { db, p } = await open(name, layout);
    db.visits.bulkAdd(week('ann'));
    await p.flush();
    db.visits.update(['ann', 2], { pages: 99, note: 'busy' });
    db.visits.delete(['ann', 5]);
    await p.flush();

    const { loaded } = await restart(name, layout, p);
    expect(loaded).toEqual([visit('ann', 1), { ...visit('ann', 2), pages: 99, note: 'busy' }, visit('ann', 3), visit('ann', 4), visit('ann', 6), visit('ann', 7)]);
  });

  it('keeps the changes of hundreds of tuple keys written at once across a restart', async () => {
    const name = freshName();
    const { db, p } = await open(name, layout);
    const users = Array.from({ length: 150 }, (_, i) => `user${String(i).padStart(3, '0')}`);
    db.visits.bulkAdd(users.flatMap(week));
    await p.flush();
    db.visits.bulkPut(users.map((user) => ({ ...visit(user, 1), pages: 0 })));
    db.visits.bulkDelete(users.map((user) => [user, 7] as const));
    await p.flush();

    const { loaded } = await restart(name, layout, p);
    expect(loaded).toHaveLength(150 * 6);
    expect(loaded.filter((doc) => doc.day === 1).map((doc) => doc.pages)).toEqual(users.map(() => 0));
    expect(loaded.some((doc) => doc.day === 7)).toBe(false);
  });

  it('counts two writes of equal tuples as one pending key', async () => {
    const { db, p } = await open(freshName(), layout);
    db.visits.put(visit('ann', 1, 1));
    db.visits.put(visit('ann', 1, 2));
    db.visits.update(['ann', 1], { pages: 3 });
    expect(p.status.pending).toBe(1);
    await p.flush();
    expect(p.status.pending).toBe(0);
  });

  it('writes nothing back after loading the stored documents', async () => {
    const name = freshName();
    const first = await open(name, layout);
    first.db.visits.bulkAdd(week('ann'));
    await first.p.close();

    const { result, writes } = await countWrites(async () => {
      const next = await open(name, layout);
      await next.p.flush();
      return next.db.visits.count();
    });
    expect(result).toBe(7);
    expect(writes).toBe(0);
  });

  it('tells onError the tuple keys of a failed write', async () => {
    const { db, p, errors } = await open(freshName(), layout);
    const throwing = throwOnRequests((n, store) => store === 'visits' && n >= 1);
    db.visits.put(visit('ann', 4));
    await expect(p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    expect(errors.at(-1)?.[1]).toEqual({ collection: 'visits', keys: [['ann', 4]] });
    throwing.stop();
    await p.flush();
    expect(p.status.pending).toBe(0);
  });

  it('refuses to open a store written with another primary key, naming both', async () => {
    const name = freshName();
    const byId = new Ramify().createStore<{ visits: Schema<{ id: string }, 'id'> }>({ visits: { primaryKey: 'id' } });
    const first = await persist(byId, { name, layout });
    byId.visits.add({ id: 'a' });
    await first.close();

    const opening = persist(createVisits(), { name, layout });
    await expect(opening).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', collection: 'visits' });
    await expect(opening).rejects.toThrow(`holds layout "${layout}" with primary key "id", but persist() was asked for layout "${layout}" with primary key ["user","day"]`);
  });

  it('refuses to open a store written with the same parts in another order', async () => {
    const name = freshName();
    const first = await open(name, layout);
    first.db.visits.add(visit('ann', 1));
    await first.p.close();

    const dayFirst = new Ramify().createStore<{ visits: Schema<Visit, readonly ['day', 'user']> }>({ visits: { primaryKey: ['day', 'user'] } });
    await expect(persist(dayFirst, { name, layout })).rejects.toThrow('with primary key ["user","day"], but persist() was asked for layout');
  });

  it('refuses with SCHEMA_MISMATCH a stored primary key that is no key path, a cyclic one included', async () => {
    const name = freshName();
    const first = await open(name, layout);
    first.db.visits.add(visit('ann', 1));
    await first.p.close();
    const raw = await openDB(name);
    const cyclic: unknown[] = ['user'];
    cyclic.push(cyclic);
    await raw.put('ramify:meta', { collection: 'visits', layout, primaryKey: cyclic, count: 1 });
    raw.close();

    const opening = persist(createVisits(), { name, layout });
    await expect(opening).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', collection: 'visits' });
    await expect(opening).rejects.toThrow('but persist() was asked for layout');
  });

  it('lets migrateDocuments change every document of a compound-keyed collection', async () => {
    const name = freshName();
    const first = await open(name, layout);
    first.db.visits.bulkAdd(week('ann'));
    first.db.visits.delete(['ann', 3]);
    await first.p.close();

    const db = createVisits();
    const p = await persist(db, {
      name,
      layout,
      version: 99,
      upgrade: (_db, _old, _new, tx) => migrateDocuments(tx, 'visits', (doc) => (doc.day === 1 ? undefined : { ...doc, note: 'migrated' })),
    });
    expect(db.visits.toArray()).toEqual(week('ann').filter((doc) => doc.day !== 1 && doc.day !== 3).map((doc) => ({ ...doc, note: 'migrated' })));
    await p.close();
  });

  it('answers a tracked query from its snapshot in the next session, with the documents hydration loads', async () => {
    const name = freshName();
    const first = createVisits();
    const pending = persist(first, { name, layout });
    const p = await pending;
    first.visits.bulkAdd([...week('ann'), ...week('bob')]);
    const busiest = (db: ReturnType<typeof createVisits>) => db.visits.where('pages').above(40).sortBy('pages').reverse().limit(3);
    pending.snapshots.track(busiest(first).toJSON());
    await p.flush();

    const next = createVisits();
    const nextPending = persist(next, { name, layout });
    const early = await nextPending.snapshots.read(busiest(next).toJSON());
    await nextPending.then((q) => q.close());
    expect(early).toEqual([visit('bob', 7), visit('ann', 7), visit('bob', 6)]);
    expect(early).toEqual(busiest(next).toArray());
  });
});

/** A chunks database holding ann's week and a chunk of its own with `doc` (as a damaged or hand-written store may), opened again. */
async function openWithStrayChunk(doc: unknown) {
  const name = freshName();
  const first = await open(name, 'chunks');
  first.db.visits.bulkAdd(week('ann'));
  await first.p.close();
  const raw = await openDB(name);
  await raw.put('visits', [doc], 1000);
  raw.close();
  return open(name, 'chunks');
}

describe('compound primary keys: what is on disk', () => {
  it('records layout: one record per document, under its tuple, in a store keyed by the parts', async () => {
    const name = freshName();
    const { db, p } = await open(name, 'records');
    db.visits.bulkAdd([visit('ann', 2), visit('ann', 1)]);
    db.visits.delete(['ann', 2]);
    await p.flush();

    const raw = await openDB(name);
    try {
      expect(raw.transaction('visits').store.keyPath).toEqual(['user', 'day']);
    } finally {
      raw.close();
    }
    expect(await readRecords(name, 'visits')).toEqual([[['ann', 1], visit('ann', 1)]]);
  });

  it('chunks layout: skips a stored document lacking a part of its key, reporting it, and loads the rest', async () => {
    const { db, errors } = await openWithStrayChunk({ user: 'bob', pages: 1 });
    expect(db.visits.count()).toBe(7);
    expect(errors).toHaveLength(1);
    expect(errors[0][0]).toMatchObject({ code: 'INVALID_RECORD', collection: 'visits', value: undefined });
    expect(errors[0][1]).toEqual({ collection: 'visits', keys: [] });
  });

  it('chunks layout: names the tuple key of a stored document the core refuses', async () => {
    const { db, errors } = await openWithStrayChunk({ user: 'bob', day: 2, pages: 'many', constructor: 1 });
    expect(db.visits.count()).toBe(7);
    expect(errors).toHaveLength(1);
    expect(errors[0][0]).toMatchObject({ code: 'INVALID_RECORD', collection: 'visits', value: ['bob', 2] });
    expect((errors[0][0] as Error).message).toContain('collection "visits": the stored record with key ["bob",2] was skipped at hydration');
    expect(errors[0][1]).toEqual({ collection: 'visits', keys: [['bob', 2]] });
  });

  it("chunks layout: reports a deletion's delta whose key is no tuple of the collection, as hydration reports any record not its own, and compacts past it", async () => {
    const name = freshName();
    const users = Array.from({ length: 100 }, (_, i) => `user${String(i).padStart(3, '0')}`);
    const first = await open(name, 'chunks');
    first.db.visits.bulkAdd(users.flatMap(week));
    await first.p.close();
    const raw = await openDB(name);
    for (const key of ['not json', '["ann"]', '[ "ann", 1 ]', '[["ann"],1]']) await raw.put('visits', null, ['d', key]);
    raw.close();

    const { db, p, errors } = await open(name, 'chunks');
    expect(db.visits.count()).toBe(700);
    // In IndexedDB's order of their keys.
    expect(errors.map(([error]) => (error as Error).message)).toEqual(
      ['[ \\"ann\\", 1 ]', '[\\"ann\\"]', '[[\\"ann\\"],1]', 'not json'].map(
        (key) => `collection "visits": a stored record was skipped at hydration: Error: record ["d","${key}"] is neither a chunk nor a delta`,
      ),
    );
    // Enough small writes (deltas) that a later one compacts them into their chunks.
    for (let round = 0; round < 12; round++) {
      db.visits.bulkUpdate(users.slice(0, 49).map((user) => [user, (round % 7) + 1] as const), { pages: round });
      await p.flush();
    }
    const expected = db.visits.toArray();
    const { loaded } = await restart(name, 'chunks', p);
    expect(loaded).toEqual(expected);
  });
});
