// Damaged databases in the chunks layout: records written by hand with raw IndexedDB before
// persist() opens them — second copies of a key, chunks under keys that are not chunk numbers,
// deltas next to several copies. Whatever hydration loaded, a document deleted afterwards must stay
// deleted after a restart, and every restart must load exactly what memory held.
import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { migrateDocuments } from '@ramify-db/persistence';
import { keyOf } from '../../packages/persistence/src/layout';
import { createTestStore, freshName, memory, type Message, messages, persistTest, readRecords, seed } from './helpers';

/** Puts raw records into the `messages` store, bypassing persist(). */
async function writeRaw(name: string, records: [IDBValidKey, unknown][]): Promise<void> {
  const db = await openDB(name);
  const tx = db.transaction('messages', 'readwrite');
  for (const [key, value] of records) void tx.store.put(value, key);
  await tx.done;
  db.close();
}

async function open(name: string) {
  const db = createTestStore();
  const errors: unknown[][] = [];
  const p = await persistTest(db, { name, layout: 'chunks', errors });
  return { db, p, errors };
}

/** Closes `p`, opens the database again and returns what it loaded. */
async function restart(name: string, p: { close(): Promise<void> }): Promise<unknown[]> {
  await p.close();
  const again = await open(name);
  await again.p.close();
  return memory(again.db.messages);
}

const ids = (docs: readonly unknown[]) => docs.map((doc) => (doc as Message).id);
const stale = (from: number, count: number) => messages(count, from).map((doc) => ({ ...doc, text: 'stale copy' }));

describe('chunks layout: damaged databases', () => {
  it('does not bring back stale second copies after a bulkDelete of 50+ keys', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(1200)));
    const [, chunk2] = (await readRecords(name, 'messages')).find(([key]) => key === 2) as [number, Message[]];
    // Chunk 2 also holds older copies of 60 documents of chunk 0.
    await writeRaw(name, [[2, [...chunk2, ...stale(100, 60)]]]);
    const { db, p, errors } = await open(name);
    expect(db.messages.count()).toBe(1200);
    expect(errors).toHaveLength(60);
    db.messages.bulkDelete(ids(messages(60, 100)));
    await p.flush();
    const expected = messages(1200).filter((_, i) => i < 100 || i >= 160);
    expect(memory(db.messages)).toEqual(expected);
    expect(await restart(name, p)).toEqual(expected);
  });

  it('does not bring back a stale second copy after deleting its key with a delta and compacting', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(1200)));
    await writeRaw(name, [[9, stale(5, 1)]]);
    const { db, p } = await open(name);
    db.messages.delete('m000005');
    await p.flush();
    // Enough small writes that the deltas (this delete's among them) are folded into the chunks.
    for (let i = 0; i < 500; i++) {
      db.messages.update(messages(1, 600 + i)[0].id, { text: `update ${i}` });
      await p.flush();
    }
    expect((await readRecords(name, 'messages')).filter(([key]) => Array.isArray(key))).toEqual([]);
    const expected = memory(db.messages);
    expect(ids(expected)).not.toContain('m000005');
    expect(await restart(name, p)).toEqual(expected);
  });

  it.each([
    ['a negative number', -3],
    ['a fraction', 1.5],
    ['a number beyond the chunk numbers', 2 ** 60],
    ['a string', 'chunk'],
    ['a date', new Date(5)],
  ] as [string, IDBValidKey][])('loads, then deletes for good, the documents of a chunk keyed by %s', async (_, key) => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(600)));
    await writeRaw(name, [[key, [{ id: 'odd-1', n: 1 }, { id: 'odd-2', n: 2 }]]]);
    const { db, p, errors } = await open(name);
    expect(errors).toEqual([]);
    expect(db.messages.get('odd-1')).toEqual({ id: 'odd-1', n: 1 });
    // Large enough to rewrite chunks rather than write deltas.
    db.messages.bulkDelete(['odd-1', ...ids(messages(59))]);
    await p.flush();
    const expected = [...messages(600).slice(59), { id: 'odd-2', n: 2 }];
    expect(memory(db.messages)).toEqual(expected);
    expect(await restart(name, p)).toEqual(expected);
  });

  it('moves the documents of an oddly keyed chunk into numbered chunks at the next write', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(600)));
    await writeRaw(name, [[-3, [{ id: 'odd-1' }]]]);
    const { db, p } = await open(name);
    db.messages.update('m000001', { text: 'any write' });
    await p.flush();
    const keys = (await readRecords(name, 'messages')).map(([key]) => key);
    expect(keys).toEqual([0, 1, ['d', 'm000001']]);
    expect(await restart(name, p)).toEqual(memory(db.messages));
  });

  it('numbers new chunks after the last real chunk, whatever the odd keys', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(1000)));
    await writeRaw(name, [[2 ** 60, { not: 'a chunk' }]]);
    const { db, p } = await open(name);
    db.messages.bulkAdd(messages(600, 5000));
    await p.flush();
    const chunkKeys = (await readRecords(name, 'messages')).map(([key]) => key).filter((key) => typeof key === 'number');
    expect(chunkKeys).toEqual([0, 1, 2, 3, 2 ** 60]);
    expect(await restart(name, p)).toEqual(memory(db.messages));
  });

  it('does not bring back a document written before persist that has two stored copies', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(1200)));
    await writeRaw(name, [[9, stale(7, 1)]]);
    const db = createTestStore();
    // Enough documents that their first write rewrites chunks rather than writing deltas.
    db.messages.bulkAdd([{ id: 'm000007', text: 'memory' }, ...messages(49, 2000)]);
    const p = await persistTest(db, { name, layout: 'chunks' });
    await p.flush();
    db.messages.bulkDelete(ids(messages(60, 0)));
    await p.flush();
    expect(await restart(name, p)).toEqual([...messages(1200).slice(60), ...messages(49, 2000)]);
  });

  it('does not bring back a document with a delta and stale copies in two chunks', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(1200)));
    await writeRaw(name, [
      [['d', 'm000003'], { id: 'm000003', text: 'delta' }],
      [9, stale(3, 1)],
    ]);
    const { db, p } = await open(name);
    expect(db.messages.get('m000003')).toEqual({ id: 'm000003', text: 'delta' });
    db.messages.bulkDelete(ids(messages(60, 0)));
    await p.flush();
    for (let i = 0; i <= 500; i++) {
      db.messages.update(messages(1, 600 + i)[0].id, { text: `update ${i}` });
      await p.flush();
    }
    expect(await restart(name, p)).toEqual(memory(db.messages));
    expect(db.messages.has('m000003')).toBe(false);
  });
});

describe('primary keys of stored documents', () => {
  it('are read from own properties only, never through the prototype', () => {
    expect(keyOf({ id: 'own' }, 'id')).toBe('own');
    expect(keyOf(Object.create({ id: 'inherited' }), 'id')).toBeUndefined();
    expect(keyOf({}, 'constructor')).toBeUndefined();
    expect(keyOf([1, 2], 'length')).toBe(2);
    expect(keyOf(null, 'id')).toBeUndefined();
    expect(keyOf('text', 'length')).toBeUndefined();
  });
});

describe('records read from disk', () => {
  it('are described in at most 200 characters of their key when reported', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(60)));
    await writeRaw(name, [[['x', 'k'.repeat(100_000)], { id: 'x' }]]);
    const { db, errors } = await open(name);
    expect(db.messages.count()).toBe(60);
    expect(errors.map(([error]) => (error as { code: string }).code)).toEqual(['INVALID_RECORD']);
    const message = (errors[0][0] as Error).message;
    expect(message).toContain('["x","kkkk');
    expect(message.length).toBeLessThan(400);
  });

  it('are taken for a meta row only through their own properties, never inherited ones', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(60)));
    const raw = await openDB(name);
    await raw.put('ramify:meta', { collection: 'messages' });
    raw.close();
    const proto = Object.prototype as Record<string, unknown>;
    Object.defineProperty(proto, 'layout', { value: 'chunks', configurable: true, writable: true });
    Object.defineProperty(proto, 'primaryKey', { value: 'id', configurable: true, writable: true });
    try {
      await expect(persistTest(createTestStore(), { name, layout: 'chunks' })).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', collection: 'messages' });
    } finally {
      delete proto.layout;
      delete proto.primaryKey;
    }
  });
});

describe('migrateDocuments on a damaged chunks store', () => {
  async function migrate(name: string) {
    const db = createTestStore();
    const errors: unknown[][] = [];
    await persistTest(db, {
      name,
      layout: 'chunks',
      version: 2,
      errors,
      upgrade: (_db, _old, _new, tx) => migrateDocuments(tx, 'messages', (doc) => ({ ...doc, tags: ['migrated'] })),
    });
    return { db, errors };
  }

  it('leaves a record that is not an array as it is and migrates the rest', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(600)));
    await writeRaw(name, [[5, { not: 'a chunk' }]]);
    const { db, errors } = await migrate(name);
    expect(db.messages.where('tags').equals('migrated').count()).toBe(600);
    expect(errors.map(([error]) => (error as { code: string }).code)).toEqual(['INVALID_RECORD']);
    expect((await readRecords(name, 'messages')).find(([key]) => key === 5)).toEqual([5, { not: 'a chunk' }]);
  });

  it('leaves a delta that holds a document of another key as it is, and folds the others in', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(600)));
    await writeRaw(name, [
      [['d', 'm000001'], { id: 'other' }],
      [['d', 'm000002'], { id: 'm000002', text: 'delta' }],
    ]);
    const { db, errors } = await migrate(name);
    expect(db.messages.get('m000001')).toEqual({ ...messages(2)[1], tags: ['migrated'] });
    expect(db.messages.get('m000002')).toEqual({ id: 'm000002', text: 'delta', tags: ['migrated'] });
    expect(db.messages.has('other')).toBe(false);
    expect(db.messages.count()).toBe(600);
    expect(errors.map(([error]) => (error as { code: string }).code)).toEqual(['INVALID_RECORD']);
    expect((await readRecords(name, 'messages')).filter(([key]) => Array.isArray(key))).toEqual([[['d', 'm000001'], { id: 'other' }]]);
  });

  it('puts documents only a delta held after the last chunk number, whatever other keys the store holds', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(600)));
    await writeRaw(name, [
      [['d', 'new'], { id: 'new' }],
      ['chunk', [{ id: 'odd' }]],
      [new Date(7), [{ id: 'dated' }]],
    ]);
    const { db } = await migrate(name);
    expect(db.messages.get('new')).toEqual({ id: 'new', tags: ['migrated'] });
    expect(db.messages.count()).toBe(603);
    expect((await readRecords(name, 'messages')).map(([key]) => key)).toEqual([0, 1, 2, new Date(7), 'chunk']);
  });
});

// Random damage, then random writes and restarts (seeded, so a failure replays): every restart
// loads exactly what memory held when the previous session closed.
const id = (i: number) => `k${String(i).padStart(4, '0')}`;
const keyArb = fc.integer({ min: 0, max: 1300 });
const docArb = fc.record({ key: keyArb, n: fc.integer({ min: 0, max: 9 }) });

type Damage =
  | { kind: 'copies'; chunk: number; docs: { key: number; n: number }[] }
  | { kind: 'misplaced'; key: IDBValidKey; docs: { key: number; n: number }[] }
  | { kind: 'notArray'; key: IDBValidKey }
  | { kind: 'delta'; key: number; n: number | null }
  | { kind: 'badDelta'; key: IDBValidKey; value: unknown }
  | { kind: 'rejected'; chunk: number; key: number };

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('copies' as const), chunk: fc.integer({ min: 0, max: 5 }), docs: fc.array(docArb, { minLength: 1, maxLength: 80 }) }),
  fc.record({
    kind: fc.constant('misplaced' as const),
    key: fc.constantFrom<IDBValidKey>(-1, -7, 0.5, 2 ** 40, 'chunk', new Date(3)),
    docs: fc.array(docArb, { minLength: 1, maxLength: 30 }),
  }),
  fc.record({ kind: fc.constant('notArray' as const), key: fc.constantFrom<IDBValidKey>(3, 9, -2, 2 ** 50, 'x') }),
  fc.record({ kind: fc.constant('delta' as const), key: keyArb, n: fc.option(fc.integer({ min: 0, max: 9 })) }),
  fc.record({
    kind: fc.constant('badDelta' as const),
    key: fc.constantFrom<IDBValidKey>(['d', id(1)], ['d', id(2000)], ['x', 1], ['d', [1]], ['d']),
    value: fc.constantFrom<unknown>({ id: 'other' }, 5, 'text', [{ id: id(1) }]),
  }),
  fc.record({ kind: fc.constant('rejected' as const), chunk: fc.integer({ min: 0, max: 5 }), key: keyArb }),
);

type Write = { op: 'few'; keys: number[]; n: number } | { op: 'bulkPut' | 'bulkDelete'; from: number; count: number } | { op: 'restart' };

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('few' as const), keys: fc.array(keyArb, { minLength: 1, maxLength: 49 }), n: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('bulkPut' as const, 'bulkDelete' as const), from: keyArb, count: fc.integer({ min: 50, max: 600 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' } as Write) },
);

async function damage(name: string, list: Damage[]): Promise<void> {
  const records = new Map((await readRecords(name, 'messages')).filter(([key]) => typeof key === 'number') as [number, unknown[]][]);
  const raw: [IDBValidKey, unknown][] = [];
  const docs = (list: { key: number; n: number }[]) => list.map(({ key, n }) => ({ id: id(key), n, text: 'damaged' }));
  for (const item of list) {
    switch (item.kind) {
      case 'copies':
      case 'rejected': {
        const chunk = [...(records.get(item.chunk) ?? [])];
        if (item.kind === 'copies') chunk.push(...docs(item.docs));
        else chunk.push({ id: id(item.key), n: { not: 'indexable' } });
        records.set(item.chunk, chunk);
        raw.push([item.chunk, chunk]);
        break;
      }
      case 'misplaced':
        raw.push([item.key, docs(item.docs)]);
        break;
      case 'notArray':
        raw.push([item.key, { not: 'a chunk' }]);
        break;
      case 'delta':
        raw.push([['d', id(item.key)], item.n === null ? null : { id: id(item.key), n: item.n, text: 'delta' }]);
        break;
      case 'badDelta':
        raw.push([item.key, item.value]);
        break;
    }
  }
  await writeRaw(name, raw);
}

describe('chunks layout: damaged databases in random sequences', () => {
  it('loads after every restart exactly what memory held when the last session closed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(damageArb, { minLength: 1, maxLength: 8 }), fc.array(writeArb, { minLength: 1, maxLength: 12 }), async (damages, writes) => {
        const name = freshName();
        await seed(name, 'chunks', (db) => db.messages.bulkAdd(Array.from({ length: 1200 }, (_, i) => ({ id: id(i), n: i % 10 }))));
        await damage(name, damages);
        let session = await open(name);
        // Opening again without a write loads the same documents.
        const loaded = memory(session.db.messages);
        expect(await restart(name, session.p)).toEqual(loaded);
        session = await open(name);
        for (const write of writes) {
          const docs = session.db.messages;
          switch (write.op) {
            case 'few':
              session.db.transaction(() => {
                for (const key of write.keys) {
                  if (docs.has(id(key)) && key % 2 === 0) docs.delete(id(key));
                  else docs.put({ id: id(key), n: write.n, text: 'few' });
                }
              });
              await session.p.flush();
              break;
            case 'bulkPut':
              docs.bulkPut(Array.from({ length: write.count }, (_, i) => ({ id: id(write.from + i), n: 1, text: 'bulk' })));
              await session.p.flush();
              break;
            case 'bulkDelete':
              docs.bulkDelete(Array.from({ length: write.count }, (_, i) => id(write.from + i)));
              await session.p.flush();
              break;
            case 'restart': {
              const expected = memory(docs);
              await session.p.close();
              session = await open(name);
              expect(memory(session.db.messages)).toEqual(expected);
              break;
            }
          }
        }
        expect(await restart(name, session.p)).toEqual(memory(session.db.messages));
      }),
      { seed: 20_250_312, numRuns: 40 },
    );
  }, 180_000);
});
