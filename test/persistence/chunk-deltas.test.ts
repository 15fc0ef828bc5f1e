// Small writes in the chunks layout: one delta record per touched document (null for a deletion)
// instead of a chunk rewrite; enough deltas are compacted into their chunks by a later write;
// hydration lets a delta override its chunk copies. Checked on the raw records.
import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { migrateDocuments } from '@ramify-db/persistence';
import { DELTA_COMPACT_AT, DELTA_WRITE_LIMIT } from '../../packages/persistence/src/chunk-deltas';
import { countWrites, createTestStore, freshName, memory, messages, persistedChunks, persistTest, readDisk, readRecords, storeRequests, tick } from './helpers';
import { applyWrite, id, type RandomWrite } from './random-writes';

type Store = ReturnType<typeof createTestStore>;

const setup = persistedChunks;

/** The requests made on the `messages` store while `fn` runs. */
const requests = (fn: () => Promise<void>) => storeRequests('messages', fn);

const isDelta = ([key]: [IDBValidKey, unknown]) => Array.isArray(key);
const deltasOnDisk = async (name: string) => (await readRecords(name, 'messages')).filter(isDelta);
const chunksOnDisk = async (name: string) => (await readRecords(name, 'messages')).filter((record) => !isDelta(record));

/** `count` single-document updates, each committed in its own transaction. */
async function singleUpdates(db: Store, p: { flush(): Promise<void> }, from: number, count: number, text: string): Promise<void> {
  for (let i = from; i < from + count; i++) {
    db.messages.update(messages(1, i)[0].id, { text });
    await p.flush();
  }
}

async function reopen(name: string) {
  const db = createTestStore();
  const errors: unknown[][] = [];
  const p = await persistTest(db, { name, layout: 'chunks', errors });
  return { db, p, errors };
}

describe('chunks layout: deltas', () => {
  it('writes an updated document as one delta record, without rewriting its chunk', async () => {
    const { db, p } = await setup(1200);
    const written = await requests(async () => {
      db.messages.update('m000700', { text: 'changed' });
      await p.flush();
    });
    expect(written).toEqual([{ op: 'put', key: ['d', 'm000700'], value: { id: 'm000700', text: 'changed', n: 700 } }]);
  });

  it('writes a single-document change in one transaction', async () => {
    const { db, p } = await setup(1200);
    const { writes } = await countWrites(async () => {
      db.messages.update('m000700', { text: 'changed' });
      await p.flush();
    });
    expect(writes).toBe(1);
  });

  it('writes a deletion as a null delta and leaves the chunk as it was', async () => {
    const { db, p, name } = await setup(600);
    const before = await chunksOnDisk(name);
    const written = await requests(async () => {
      db.messages.delete('m000550');
      await p.flush();
    });
    expect(written).toEqual([{ op: 'put', key: ['d', 'm000550'], value: null }]);
    expect(await chunksOnDisk(name)).toEqual(before);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('writes a new document as a delta', async () => {
    const { db, p, name } = await setup(600);
    const written = await requests(async () => {
      db.messages.add({ id: 'new', n: 1 });
      await p.flush();
    });
    expect(written).toEqual([{ op: 'put', key: ['d', 'new'], value: { id: 'new', n: 1 } }]);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('writes one delta per document for a write of fewer than DELTA_WRITE_LIMIT documents', async () => {
    const { db, p } = await setup(1200);
    const keys = messages(DELTA_WRITE_LIMIT - 1, 100).map((doc) => doc.id);
    const written = await requests(async () => {
      db.transaction(() => {
        for (const key of keys) db.messages.update(key, { text: 'few' });
      });
      await p.flush();
    });
    expect(written.map((request) => request.key)).toEqual(keys.map((key) => ['d', key]));
  });

  it('rewrites chunks, without deltas, for a write of DELTA_WRITE_LIMIT documents', async () => {
    const { db, p, name } = await setup(1200);
    db.transaction(() => {
      for (const doc of messages(DELTA_WRITE_LIMIT, 100)) db.messages.update(doc.id, { text: 'many' });
    });
    await p.flush();
    expect(await deltasOnDisk(name)).toEqual([]);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('keeps a delta in line with memory when a large write rewrites its chunk', async () => {
    const { db, p, name } = await setup(600);
    db.messages.update('m000001', { text: 'small' });
    await p.flush();
    db.messages.bulkPut(messages(DELTA_WRITE_LIMIT).map((doc) => ({ ...doc, text: 'large' })));
    await p.flush();
    expect(await deltasOnDisk(name)).toEqual([[['d', 'm000001'], { id: 'm000001', text: 'large', n: 1 }]]);
    await p.close();
    const again = await reopen(name);
    expect(memory(again.db.messages)).toEqual(memory(db.messages));
  });

  it('compacts the deltas into their chunks once there are more than DELTA_COMPACT_AT', async () => {
    const { db, p, name } = await setup(1200);
    await singleUpdates(db, p, 0, DELTA_COMPACT_AT, 'delta');
    expect(await deltasOnDisk(name)).toHaveLength(DELTA_COMPACT_AT);
    const { writes } = await countWrites(() => singleUpdates(db, p, 1100, 1, 'last'));
    expect(writes).toBe(1);
    expect(await deltasOnDisk(name)).toEqual([]);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
    expect((await chunksOnDisk(name)).map(([key, value]) => [key, (value as unknown[]).length])).toEqual([
      [0, 500],
      [1, 500],
      [2, 200],
    ]);
  });

  it('drops the chunk copies of deleted documents at compaction', async () => {
    const { db, p, name } = await setup(600);
    for (let i = 0; i <= DELTA_COMPACT_AT; i++) {
      db.messages.delete(messages(1, i)[0].id);
      await p.flush();
    }
    expect(await deltasOnDisk(name)).toEqual([]);
    expect((await chunksOnDisk(name)).flatMap(([, value]) => value as unknown[])).toEqual(memory(db.messages));
  });

  it('hydrates deltas over their chunk copies, without the deleted documents', async () => {
    const { db, p, name } = await setup(1200);
    db.messages.update('m000001', { text: 'updated' });
    await p.flush();
    db.messages.delete('m000600');
    await p.flush();
    db.messages.add({ id: 'new', n: -1 });
    await p.flush();
    await p.close();
    const again = await reopen(name);
    expect(again.errors).toEqual([]);
    expect(again.db.messages.count()).toBe(1200);
    expect(again.db.messages.get('m000001')).toEqual({ id: 'm000001', text: 'updated', n: 1 });
    expect(again.db.messages.has('m000600')).toBe(false);
    expect(memory(again.db.messages)).toEqual(memory(db.messages));
  });

  it('hydrates a document deleted and added again as its latest delta', async () => {
    const { db, p, name } = await setup(600);
    db.messages.delete('m000005');
    await p.flush();
    db.messages.add({ id: 'm000005', text: 'again' });
    await p.flush();
    await p.close();
    const again = await reopen(name);
    expect(again.db.messages.get('m000005')).toEqual({ id: 'm000005', text: 'again' });
    expect(memory(again.db.messages)).toEqual(memory(db.messages));
  });

  it('compacts deltas read at hydration, leaving no chunk copy behind', async () => {
    const { db, p, name } = await setup(1200);
    await singleUpdates(db, p, 0, 300, 'first session');
    db.messages.delete('m000700');
    await p.flush();
    await p.close();
    const second = await reopen(name);
    await singleUpdates(second.db, second.p, 300, DELTA_COMPACT_AT - 300, 'second session');
    expect(await deltasOnDisk(name)).toEqual([]);
    expect(await readDisk(name, 'messages')).toEqual(memory(second.db.messages));
    await second.p.close();
    const third = await reopen(name);
    expect(memory(third.db.messages)).toEqual(memory(second.db.messages));
    expect(third.db.messages.has('m000700')).toBe(false);
  });

  it('lets migrateDocuments see each document once, in its latest state, and folds the deltas in', async () => {
    const { db, p, name } = await setup(600);
    db.messages.update('m000001', { text: 'updated' });
    await p.flush();
    db.messages.delete('m000002');
    await p.flush();
    db.messages.add({ id: 'new', n: -1 });
    await p.close();
    const seen: string[] = [];
    const migrated = createTestStore();
    await persistTest(migrated, {
      name,
      layout: 'chunks',
      version: 2,
      upgrade: (_db, _old, _new, tx) =>
        migrateDocuments(tx, 'messages', (doc) => {
          seen.push(doc.id as string);
          return { ...doc, tags: ['migrated'] };
        }),
    });
    expect(seen.sort()).toEqual(memory(db.messages).map((doc) => (doc as { id: string }).id));
    expect(migrated.messages.get('m000001')).toEqual({ id: 'm000001', text: 'updated', n: 1, tags: ['migrated'] });
    expect(migrated.messages.has('m000002')).toBe(false);
    expect(migrated.messages.get('new')).toEqual({ id: 'new', n: -1, tags: ['migrated'] });
    expect(migrated.messages.where('tags').equals('migrated').count()).toBe(600);
    expect(await deltasOnDisk(name)).toEqual([]);
  });

  it('removes every delta when the collection is cleared', async () => {
    const { db, p, name } = await setup(600);
    db.messages.update('m000001', { text: 'x' });
    await p.flush();
    db.messages.clear();
    await p.flush();
    expect(await readRecords(name, 'messages')).toEqual([]);
  });

  it('reports a delta whose document the schema rejects, and leaves it on disk through compaction', async () => {
    const { p, name } = await setup(600);
    await p.close();
    const raw = await openDB(name);
    await raw.put('messages', { id: 'bad', n: { not: 'indexable' } }, ['d', 'bad']);
    raw.close();
    const again = await reopen(name);
    expect(again.errors.map(([error, info]) => [(error as { code: string }).code, info])).toEqual([['INVALID_RECORD', { collection: 'messages', keys: ['bad'] }]]);
    expect(again.db.messages.count()).toBe(600);
    await singleUpdates(again.db, again.p, 0, DELTA_COMPACT_AT + 1, 'compacted');
    expect(await deltasOnDisk(name)).toEqual([[['d', 'bad'], { id: 'bad', n: { not: 'indexable' } }]]);
  });

  it('reports a delta holding a document of another key, ignores it and leaves it on disk', async () => {
    const { db, p, name } = await setup(600);
    await p.close();
    const raw = await openDB(name);
    await raw.put('messages', { id: 'other' }, ['d', 'm000001']);
    raw.close();
    const again = await reopen(name);
    expect(again.errors.map(([error, info]) => [(error as { code: string }).code, info])).toEqual([['INVALID_RECORD', { collection: 'messages', keys: [] }]]);
    expect(memory(again.db.messages)).toEqual(memory(db.messages));
    expect(await deltasOnDisk(name)).toEqual([[['d', 'm000001'], { id: 'other' }]]);
  });
});

// Random sequences of small and large writes with restarts (seeded, so a failure replays): after
// every flush the disk equals memory, and every restart hydrates exactly what memory held. Small
// writes dominate, so most runs pile up enough deltas to compact them, some across a restart.
const keyArb = fc.integer({ min: 0, max: 1500 });

type Op = RandomWrite | { op: 'clear' | 'turn' | 'flush' | 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('put', 'update', 'delete'), key: keyArb, n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 10, arbitrary: fc.record({ op: fc.constant('few'), keys: fc.array(keyArb, { minLength: 20, maxLength: DELTA_WRITE_LIMIT - 1, size: 'max' }), n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('bulkPut', 'bulkDelete'), from: keyArb, count: fc.integer({ min: DELTA_WRITE_LIMIT, max: 600 }), n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' } as Op) },
  { weight: 5, arbitrary: fc.constantFrom({ op: 'turn' } as Op, { op: 'flush' } as Op) },
  { weight: 2, arbitrary: fc.constant({ op: 'restart' } as Op) },
);

describe('chunks layout: deltas in random sequences', () => {
  it('keeps IndexedDB equal to the store after every flush and across restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 40, maxLength: 120, size: 'max' }), async (ops) => {
        const name = freshName();
        let db = createTestStore();
        let p = await persistTest(db, { name, layout: 'chunks' });
        db.messages.bulkPut(Array.from({ length: 1500 }, (_, i) => ({ id: id(i), n: i })));
        for (const step of ops) {
          const docs = db.messages;
          switch (step.op) {
            case 'few':
              applyWrite(db, step);
              // Its own write (a small one), rather than part of a larger batch.
              await p.flush();
              break;
            case 'clear':
              docs.clear();
              break;
            case 'turn':
              await tick();
              break;
            case 'flush':
              await p.flush();
              expect(await readDisk(name, 'messages')).toEqual(memory(docs));
              break;
            case 'restart': {
              await p.close();
              const expected = memory(docs);
              db = createTestStore();
              p = await persistTest(db, { name, layout: 'chunks' });
              expect(memory(db.messages)).toEqual(expected);
              break;
            }
            default:
              applyWrite(db, step);
          }
        }
        await p.close();
        expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
        const again = createTestStore();
        const q = await persistTest(again, { name, layout: 'chunks' });
        expect(memory(again.messages)).toEqual(memory(db.messages));
        await q.close();
      }),
      { seed: 20_261_127, numRuns: 30 },
    );
  }, 120_000);
});
