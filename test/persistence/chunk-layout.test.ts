// What only the chunks layout does: group documents, rewrite only touched chunks, reuse room, and
// merge sparse chunks. Checked on the raw records. Writes of a few documents go to delta records
// instead (chunk-deltas.test.ts): the writes here touch at least DELTA_WRITE_LIMIT documents.
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '@ramify-db/persistence';
import { DELTA_WRITE_LIMIT } from '../../packages/persistence/src/chunk-deltas';
import { createTestStore, memory, messages, persistedChunks, persistTest, readDisk, readRecords, storeRequests } from './helpers';

async function setup(count: number) {
  const { name, db, p } = await persistedChunks(count);
  const sizes = async () =>
    (await readRecords(name, 'messages')).filter(([key]) => typeof key === 'number').map(([key, value]) => [key, (value as unknown[]).length]);
  return { name, db, p, sizes };
}

/** Enough keys from `from` on that a write of them rewrites chunks. */
const many = (from: number) => messages(DELTA_WRITE_LIMIT, from).map((doc) => doc.id);

function updateAll(db: ReturnType<typeof createTestStore>, keys: string[], text: string): void {
  db.transaction(() => {
    for (const key of keys) db.messages.update(key, { text });
  });
}

/** The chunk numbers written (put or deleted) while `fn` runs; delta records aside. */
async function chunksWritten(fn: () => Promise<void>): Promise<number[]> {
  const written = await storeRequests('messages', fn);
  return written.flatMap(({ key }) => (typeof key === 'number' ? [key] : [])).sort((a, b) => a - b);
}

describe('chunks layout', () => {
  it('groups documents 500 to a record, keyed by chunk number', async () => {
    const { sizes } = await setup(1200);
    expect(CHUNK_SIZE).toBe(500);
    expect(await sizes()).toEqual([
      [0, 500],
      [1, 500],
      [2, 200],
    ]);
  });

  it('rewrites only the chunk of the documents a large write updates', async () => {
    const { db, p } = await setup(1200);
    const written = await chunksWritten(async () => {
      updateAll(db, many(700), 'changed');
      await p.flush();
    });
    expect(written).toEqual([1]);
  });

  it('rewrites each touched chunk once for many changes in one turn', async () => {
    const { db, p } = await setup(1200);
    const written = await chunksWritten(async () => {
      updateAll(db, many(1), 'a');
      updateAll(db, many(2), 'b');
      db.messages.delete('m001100');
      await p.flush();
    });
    expect(written).toEqual([0, 2]);
  });

  it('puts new documents into the room deletions left', async () => {
    const { db, p, sizes } = await setup(1000);
    db.messages.bulkDelete(many(10));
    await p.flush();
    db.messages.bulkAdd(messages(DELTA_WRITE_LIMIT, 5000));
    await p.flush();
    expect(await sizes()).toEqual([
      [0, 500],
      [1, 500],
    ]);
  });

  it('fills a chunk the same write rewrites anyway before others with room', async () => {
    const { db, p } = await setup(1200);
    db.messages.bulkDelete(many(10));
    await p.flush();
    const written = await chunksWritten(async () => {
      db.messages.bulkDelete(many(600));
      db.messages.add({ id: 'new' });
      await p.flush();
    });
    expect(written).toEqual([1]);
  });

  it('starts a new chunk when none has room', async () => {
    const { db, p, sizes } = await setup(1000);
    db.messages.bulkAdd(messages(DELTA_WRITE_LIMIT, 5000));
    await p.flush();
    expect(await sizes()).toEqual([
      [0, 500],
      [1, 500],
      [2, DELTA_WRITE_LIMIT],
    ]);
  });

  it('deletes the record of a chunk that became empty', async () => {
    const { db, p, sizes } = await setup(1000);
    db.messages.bulkDelete(messages(500).map((doc) => doc.id));
    await p.flush();
    expect(await sizes()).toEqual([[1, 500]]);
  });

  it('merges a chunk that fell below a quarter full into another sparse chunk', async () => {
    const { db, p, sizes, name } = await setup(1500);
    const keep = (from: number, count: number) => messages(500, from).filter((_, i) => i >= count).map((doc) => doc.id);
    db.messages.bulkDelete(keep(0, 100));
    await p.flush();
    expect(await sizes()).toEqual([
      [0, 100],
      [1, 500],
      [2, 500],
    ]);
    db.messages.bulkDelete(keep(1000, 50));
    await p.flush();
    expect((await sizes()).map(([, size]) => size).sort()).toEqual([150, 500]);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('keeps a merged document’s new chunk for later writes', async () => {
    const { db, p, name } = await setup(1500);
    const drop = (from: number, count: number) => messages(500, from).filter((_, i) => i >= count).map((doc) => doc.id);
    db.messages.bulkDelete(drop(0, 100));
    await p.flush();
    db.messages.bulkDelete(drop(1000, 50));
    await p.flush();
    db.messages.update('m000001', { text: 'after merge' });
    db.messages.delete('m001001');
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('hydrates chunk numbers so later writes rewrite the right chunks', async () => {
    const { p, name } = await setup(1200);
    await p.close();
    const db = createTestStore();
    const again = await persistTest(db, { name, layout: 'chunks' });
    const written = await chunksWritten(async () => {
      db.messages.bulkDelete(many(900));
      db.messages.add({ id: 'new' });
      await again.flush();
    });
    expect(written).toEqual([1]);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('never rewrites a stored chunk that is not an array, and reports it', async () => {
    const { p, name } = await setup(60);
    await p.close();
    const { openDB } = await import('idb');
    const raw = await openDB(name);
    await raw.put('messages', { not: 'a chunk' }, 7);
    raw.close();
    const db = createTestStore();
    const errors: unknown[][] = [];
    const again = await persistTest(db, { name, layout: 'chunks', errors });
    expect(errors.map(([error, info]) => [(error as { code: string }).code, info])).toEqual([['INVALID_RECORD', { collection: 'messages', keys: [] }]]);
    db.messages.bulkAdd(messages(600, 100));
    await again.flush();
    const records = await readRecords(name, 'messages');
    expect(records.find(([key]) => key === 7)).toEqual([7, { not: 'a chunk' }]);
    expect(records.map(([key]) => key)).toEqual([0, 7, 8]);
  });
});
