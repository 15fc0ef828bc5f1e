import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APPLIED_ID_MAX, APPLIED_RESULT_MAX } from '../../packages/persistence/src/applied-requests';
import { countWrites, createTestStore, freshName, LAYOUTS, persistTest, readDisk } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

async function appliedOnDisk(name: string): Promise<unknown[]> {
  const db = await openDB(name);
  const records = await db.getAll('ramify:applied');
  db.close();
  return records.map((record) => [record.id, record.result]);
}

describe.each(LAYOUTS)('request records (layout %s)', (layout) => {
  async function setup() {
    const name = freshName();
    const db = createTestStore();
    const p = await persistTest(db, { name, layout });
    return { name, db, p };
  }

  it('answers appliedResult from memory before the record is durable', async () => {
    const { p } = await setup();
    p.markApplied('r1', { key: 'a' });
    expect(p.status.pending).toBe(1);
    expect(p.appliedResult('r1')).toEqual({ result: { key: 'a' } });
  });

  it('answers undefined for an id never marked', async () => {
    const { p } = await setup();
    expect(p.appliedResult('unknown')).toBeUndefined();
  });

  it('writes the record in the same transaction as the changes queued before it', async () => {
    const { db, p, name } = await setup();
    const { writes } = await countWrites(async () => {
      db.messages.add({ id: 'a' });
      p.markApplied('r1', 'a');
      await p.flush();
    });
    expect(writes).toBe(1);
    expect(await appliedOnDisk(name)).toEqual([['r1', 'a']]);
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }]);
  });

  it('never has the record on disk without its changes when the write fails', async () => {
    const { db, p, name } = await setup();
    const proto = IDBDatabase.prototype;
    const original = proto.transaction;
    proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = original.apply(this, args);
      if (args[1] === 'readwrite') queueMicrotask(() => tx.abort());
      return tx;
    } as IDBDatabase['transaction'];
    try {
      db.messages.add({ id: 'a' });
      p.markApplied('r1', 'a');
      await expect(p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
      expect(await appliedOnDisk(name)).toEqual([]);
      expect(await readDisk(name, 'messages')).toEqual([]);
    } finally {
      proto.transaction = original;
    }
    await p.flush();
    expect(await appliedOnDisk(name)).toEqual([['r1', 'a']]);
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }]);
  });

  it('survives a restart with the document it was recorded with', async () => {
    const { db, p, name } = await setup();
    db.messages.add({ id: 'a', at: new Date(5) });
    p.markApplied('r1', { keys: ['a'], at: new Date(5) });
    await p.close();
    const again = createTestStore();
    const q = await persistTest(again, { name, layout });
    expect(q.appliedResult('r1')).toEqual({ result: { keys: ['a'], at: new Date(5) } });
    expect(again.messages.get('a')).toEqual({ id: 'a', at: new Date(5) });
  });

  it('stores a copy: changing the result object afterwards changes nothing', async () => {
    const { p } = await setup();
    const result = { n: 1 };
    p.markApplied('r1', result);
    result.n = 2;
    expect(p.appliedResult('r1')).toEqual({ result: { n: 1 } });
  });

  it('writes a record marked again with its new result', async () => {
    const { p, name } = await setup();
    p.markApplied('r1', 1);
    await p.flush();
    p.markApplied('r1', 2);
    await p.flush();
    expect(await appliedOnDisk(name)).toEqual([['r1', 2]]);
  });

  it('rejects an id that is not a non-empty string with INVALID_ARGUMENT', async () => {
    const { p } = await setup();
    expect(() => p.markApplied('', 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'id' }));
    expect(() => p.markApplied(42 as unknown as string, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(p.status.pending).toBe(0);
  });

  it('rejects a result IndexedDB cannot store with INVALID_ARGUMENT and records nothing', async () => {
    const { p } = await setup();
    expect(() => p.markApplied('r1', { fn: () => 1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'result' }));
    expect(p.appliedResult('r1')).toBeUndefined();
    expect(p.status.pending).toBe(0);
  });

  it('keeps only the newest 10,000 records', async () => {
    const { p, name } = await setup();
    for (let i = 0; i < 10_005; i++) p.markApplied(`r${i}`, i);
    await p.flush();
    expect(p.appliedResult('r4')).toBeUndefined();
    expect(p.appliedResult('r5')).toEqual({ result: 5 });
    expect(await appliedOnDisk(name)).toHaveLength(10_000);
  });

  it('drops records older than a day when it loads them', async () => {
    const { p, name } = await setup();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-01-01T00:00:00Z'));
    p.markApplied('old', 1);
    vi.setSystemTime(new Date('2024-01-01T12:00:00Z'));
    p.markApplied('recent', 2);
    await p.close();
    vi.setSystemTime(new Date('2024-01-02T06:00:00Z'));
    const q = await persistTest(createTestStore(), { name, layout });
    expect(q.appliedResult('old')).toBeUndefined();
    expect(q.appliedResult('recent')).toEqual({ result: 2 });
    await q.flush();
    expect(await appliedOnDisk(name)).toEqual([['recent', 2]]);
  });

  it('refuses markApplied after close with CLOSED', async () => {
    const { p } = await setup();
    await p.close();
    expect(() => p.markApplied('r1', 1)).toThrow(expect.objectContaining({ code: 'CLOSED' }));
  });
  it(`refuses an id longer than ${APPLIED_ID_MAX} characters with INVALID_ARGUMENT and records nothing`, async () => {
    const { p } = await setup();
    const long = 'x'.repeat(1024 * 1024);
    let thrown: unknown;
    try {
      p.markApplied(long, 1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'id', value: 'x'.repeat(APPLIED_ID_MAX) });
    expect((thrown as Error).message).toBe(`markApplied(): the request id must be a string of 1 to ${APPLIED_ID_MAX} characters (got 1048576 characters)`);
    expect(() => p.markApplied('x'.repeat(APPLIED_ID_MAX + 1), 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'id' }));
    expect(p.appliedResult(long)).toBeUndefined();
    expect(p.status.pending).toBe(0);
    p.markApplied('x'.repeat(APPLIED_ID_MAX), 1);
    expect(p.appliedResult('x'.repeat(APPLIED_ID_MAX))).toEqual({ result: 1 });
  });

  it('refuses a result larger than APPLIED_RESULT_MAX with INVALID_ARGUMENT and records nothing', async () => {
    const { p } = await setup();
    expect(() => p.markApplied('r1', { text: 'x'.repeat(APPLIED_RESULT_MAX) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'result', message: `markApplied("r1"): the result takes more than ${APPLIED_RESULT_MAX} bytes; it is not recorded` }),
    );
    expect(p.appliedResult('r1')).toBeUndefined();
    expect(p.status.pending).toBe(0);
  });

  it('drops the oldest records once their results together pass APPLIED_TOTAL_MAX', async () => {
    const { p, name } = await setup();
    // Each result is estimated a little under APPLIED_RESULT_MAX: sixteen fit in APPLIED_TOTAL_MAX.
    const result = 'x'.repeat(APPLIED_RESULT_MAX - 1000);
    for (let i = 0; i < 20; i++) p.markApplied(`r${i}`, result);
    expect(p.appliedResult('r3')).toBeUndefined();
    expect(p.appliedResult('r4')).toEqual({ result });
    expect(p.appliedResult('r19')).toEqual({ result });
    await p.flush();
    expect(((await appliedOnDisk(name)) as [string][]).map(([id]) => id).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `r${i + 4}`).sort());
  });

  it('drops damaged records at load, and deletes them from disk', async () => {
    const { p, name } = await setup();
    await p.close();
    const now = Date.now();
    const raw = await openDB(name);
    const tx = raw.transaction('ramify:applied', 'readwrite');
    for (const record of [
      { id: 'good', result: 1, at: now },
      { id: 'x'.repeat(APPLIED_ID_MAX + 1), result: 2, at: now },
      { id: 7, result: 3, at: now },
      { id: 'no-time', result: 4 },
      { id: 'bad-time', result: 5, at: 'yesterday' },
      { id: 'too-large', result: 'x'.repeat(APPLIED_RESULT_MAX + 1), at: now },
    ]) {
      void tx.store.put(record);
    }
    await tx.done;
    raw.close();
    const q = await persistTest(createTestStore(), { name, layout });
    expect(q.appliedResult('good')).toEqual({ result: 1 });
    for (const id of ['x'.repeat(APPLIED_ID_MAX + 1), 'no-time', 'bad-time', 'too-large']) expect(q.appliedResult(id)).toBeUndefined();
    await q.flush();
    expect(await appliedOnDisk(name)).toEqual([['good', 1]]);
  });

  it('saves a record marked in the future (the clock went back) as of now, so that it expires a day later', async () => {
    const { p, name } = await setup();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-01-10T00:00:00Z'));
    p.markApplied('from-the-future', 1);
    await p.close();
    vi.setSystemTime(new Date('2024-01-01T00:00:00Z'));
    const q = await persistTest(createTestStore(), { name, layout });
    expect(q.appliedResult('from-the-future')).toEqual({ result: 1 });
    await q.close();
    vi.setSystemTime(new Date('2024-01-02T01:00:00Z'));
    const r = await persistTest(createTestStore(), { name, layout });
    expect(r.appliedResult('from-the-future')).toBeUndefined();
  });
});
