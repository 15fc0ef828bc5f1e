import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
});
