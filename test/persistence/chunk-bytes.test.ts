// A chunk is bounded by the estimated size of its documents as well as by their count: browsers
// refuse very large records, and one refused chunk would block every later write. Checked on the
// raw records, measured by their JSON length (near enough their serialized size).
import fc from 'fast-check';
import { deleteDB, openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, migrateDocuments, persist } from '@ramify-db/persistence';
import { DELTA_COMPACT_AT } from '../../packages/persistence/src/chunk-deltas';
import { createTestStore, freshName, memory, messages, persistedChunks, persistTest, readDisk, readRecords, storeRequests } from './helpers';

const setup = persistedChunks;

const KIB = 1024;
const text = (kib: number) => 'x'.repeat(kib * KIB);
const sized = (count: number, kib: number, from = 0) => messages(count, from).map((doc) => ({ ...doc, text: text(kib) }));
/** The serialized size of a record, near enough: its JSON length. */
const bytes = (value: unknown) => JSON.stringify(value).length;

/** The chunk records put while `fn` runs: [chunk number, documents]. */
async function chunkPuts(fn: () => Promise<void>): Promise<[number, { id: string }[]][]> {
  const written = await storeRequests('messages', fn);
  return written.flatMap(({ op, key, value }) => (op === 'put' && typeof key === 'number' ? [[key, value as { id: string }[]] as [number, { id: string }[]]] : []));
}

async function reopenedMemory(name: string, p: { close(): Promise<void> }) {
  await p.close();
  const db = createTestStore();
  const again = await persistTest(db, { name, layout: 'chunks' });
  await again.close();
  return memory(db.messages);
}

describe('chunks layout: a bound on bytes', () => {
  it('splits large documents between chunks so that no chunk written exceeds CHUNK_BYTES', async () => {
    const { db, p, name } = await setup(0);
    const written = await chunkPuts(async () => {
      db.messages.bulkAdd(sized(60, 300));
      await p.flush();
    });
    expect(written.length).toBeGreaterThanOrEqual(5);
    for (const [, docs] of written) expect(bytes(docs)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(written.flatMap(([, docs]) => docs.map((doc) => doc.id)).sort()).toEqual(sized(60, 0).map((doc) => doc.id));
    expect(await reopenedMemory(name, p)).toEqual(sized(60, 300));
  });

  it('gives a document larger than CHUNK_BYTES a chunk of its own', async () => {
    const { db, p, name } = await setup(0);
    const huge = { id: 'huge', text: text(5 * KIB) };
    const written = await chunkPuts(async () => {
      db.messages.bulkAdd([...messages(30), huge, ...messages(30, 100)]);
      await p.flush();
    });
    expect(written.filter(([, docs]) => docs.some((doc) => doc.id === 'huge')).map(([, docs]) => docs.length)).toEqual([1]);
    expect(written.map(([, docs]) => docs.length).reduce((sum, n) => sum + n)).toBe(61);
    expect(await reopenedMemory(name, p)).toEqual(memory(db.messages));
  });

  it('moves documents out of a chunk that grows past CHUNK_BYTES', async () => {
    const { db, p, name } = await setup(500);
    const written = await chunkPuts(async () => {
      db.messages.bulkPut(sized(60, 300));
      await p.flush();
    });
    for (const [, docs] of written) expect(bytes(docs)).toBeLessThanOrEqual(CHUNK_BYTES);
    const onDisk = (await readRecords(name, 'messages')).filter(([key]) => typeof key === 'number');
    for (const [, docs] of onDisk) expect(bytes(docs)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
    expect(await reopenedMemory(name, p)).toEqual(memory(db.messages));
  });

  it('keeps chunks under CHUNK_BYTES when deltas that grew their documents are compacted', async () => {
    const { db, p, name } = await setup(600);
    for (let i = 0; i <= DELTA_COMPACT_AT; i++) {
      db.messages.update(messages(1, i)[0].id, { text: text(12) });
      await p.flush();
    }
    const records = await readRecords(name, 'messages');
    expect(records.filter(([key]) => Array.isArray(key))).toEqual([]);
    for (const [, docs] of records) expect(bytes(docs)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(await reopenedMemory(name, p)).toEqual(memory(db.messages));
  });

  it('splits a chunk stored larger than CHUNK_BYTES when it is next rewritten', async () => {
    const { p, name } = await setup(100);
    await p.close();
    const raw = await openDB(name);
    await raw.put('messages', sized(100, 60), 0);
    raw.close();
    const db = createTestStore();
    const again = await persistTest(db, { name, layout: 'chunks' });
    const written = await chunkPuts(async () => {
      db.messages.bulkPut(sized(50, 60).map((doc) => ({ ...doc, n: -1 })));
      await again.flush();
    });
    expect(written.length).toBeGreaterThanOrEqual(2);
    for (const [, docs] of written) expect(bytes(docs)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
    expect(await reopenedMemory(name, again)).toEqual(memory(db.messages));
  });
});

describe('migrateDocuments and the bound on bytes', () => {
  it('splits a chunk the migration makes larger than CHUNK_BYTES', async () => {
    const { p, name } = await setup(100);
    await p.close();
    const db = createTestStore();
    const again = await persistTest(db, {
      name,
      layout: 'chunks',
      version: 2,
      upgrade: (_db, _old, _new, tx) => migrateDocuments(tx, 'messages', (doc) => ({ ...doc, text: text(100) })),
    });
    const records = await readRecords(name, 'messages');
    expect(records.length).toBeGreaterThanOrEqual(3);
    for (const [, docs] of records) expect(bytes(docs)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(memory(db.messages)).toEqual(sized(100, 100));
    expect(await reopenedMemory(name, again)).toEqual(sized(100, 100));
  });
});

// Random writes of documents from a few bytes to past CHUNK_BYTES (seeded, so a failure replays):
// after every flush no chunk of more than one document exceeds the bound, disk equals memory, and a
// restart loads exactly what memory held.
const id = (i: number) => `k${String(i).padStart(3, '0')}`;
const keyArb = fc.integer({ min: 0, max: 150 });
/** Sizes in KiB for many documents at once, and for a few (some near or past the bound). */
const manyKibArb = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) }, { weight: 1, arbitrary: fc.integer({ min: 60, max: 200 }) });
const fewKibArb = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 2, arbitrary: fc.integer({ min: 300, max: 1500 }) }, { weight: 1, arbitrary: fc.constantFrom(4095, 4200) });

type Op =
  | { op: 'few'; keys: number[]; kib: number }
  | { op: 'bulkPut'; from: number; count: number; kib: number }
  | { op: 'bulkDelete'; from: number; count: number }
  | { op: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Large documents under a few keys only: fake-indexeddb holds every record in memory.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('few' as const), keys: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 3 }), kib: fewKibArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('bulkPut' as const), from: keyArb, count: fc.integer({ min: 50, max: 120 }), kib: manyKibArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('bulkDelete' as const), from: keyArb, count: fc.integer({ min: 10, max: 150 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' } as Op) },
);

describe('chunks layout: the bound on bytes in random sequences', () => {
  it('never writes a chunk of several documents past CHUNK_BYTES, and loses nothing', async () => {
    // One text per size, shared by the documents: memory stays small while the records are large.
    const texts = new Map<number, string>();
    const textOf = (kib: number) => texts.get(kib) ?? texts.set(kib, text(kib)).get(kib)!;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 15 }), async (ops) => {
        const name = freshName();
        let db = createTestStore();
        // persist() itself rather than persistTest(): each run closes its sessions, so their documents go.
        let p = await persist(db, { name, layout: 'chunks' });
        for (const step of ops) {
          const docs = db.messages;
          switch (step.op) {
            case 'few':
              db.transaction(() => {
                for (const key of step.keys) docs.put({ id: id(key), text: textOf(step.kib) });
              });
              break;
            case 'bulkPut':
              docs.bulkPut(Array.from({ length: step.count }, (_, i) => ({ id: id(step.from + i), text: textOf(step.kib) })));
              break;
            case 'bulkDelete':
              docs.bulkDelete(Array.from({ length: step.count }, (_, i) => id(step.from + i)));
              break;
            case 'restart': {
              await p.close();
              const expected = memory(docs);
              db = createTestStore();
              p = await persist(db, { name, layout: 'chunks' });
              expect(memory(db.messages)).toEqual(expected);
              continue;
            }
          }
          await p.flush();
          for (const [key, records] of await readRecords(name, 'messages')) {
            if (typeof key === 'number' && (records as unknown[]).length > 1) expect(bytes(records)).toBeLessThanOrEqual(CHUNK_BYTES);
          }
          expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
        }
        await p.close();
        const again = createTestStore();
        await (await persist(again, { name, layout: 'chunks' })).close();
        expect(memory(again.messages)).toEqual(memory(db.messages));
        // fake-indexeddb keeps every database in memory.
        await deleteDB(name);
      }),
      { seed: 20_250_313, numRuns: 25 },
    );
  }, 180_000);
});
