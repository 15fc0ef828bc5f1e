import { isRamifyError } from '@ramify-db/core';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_ATTEMPTS } from '../../packages/persistence/src/read-store';
import { countWrites, createTestStore, freshName, LAYOUTS, memory, messages, persistTest, readDisk, seed, tick } from './helpers';

describe.each(LAYOUTS)('hydration (layout %s)', (layout) => {
  it('loads a large store in batches, reporting progress up to the total', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(12_000)));
    const db = createTestStore();
    const progress: [number, number][] = [];
    await persistTest(db, { name, layout, onProgress: (loaded, total) => progress.push([loaded, total]) });
    expect(db.messages.count()).toBe(12_000);
    // A batch is 2 chunks of 500 (chunks) or 5,000 records (records).
    const batch = layout === 'chunks' ? 1000 : 5000;
    const steps = Array.from({ length: Math.ceil(12_000 / batch) }, (_, i) => [Math.min(12_000, (i + 1) * batch), 12_000]);
    expect(progress).toEqual(steps);
  });

  it('loads documents equal to what was written', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(1500)));
    const db = createTestStore();
    await persistTest(db, { name, layout });
    expect(memory(db.messages)).toEqual(messages(1500));
  });

  it('reports progress once, as (0, 0), for an empty database', async () => {
    const db = createTestStore();
    const progress: [number, number][] = [];
    await persistTest(db, { name: freshName(), layout, onProgress: (loaded, total) => progress.push([loaded, total]) });
    expect(progress).toEqual([[0, 0]]);
  });

  it('writes nothing back while hydrating, nor after', async () => {
    const name = freshName();
    await seed(name, layout, (db) => {
      db.messages.bulkAdd(messages(1200));
      db.users.add({ id: 1, email: 'a@x' });
    });
    const db = createTestStore();
    const { result: p, writes } = await countWrites(async () => {
      const p = await persistTest(db, { name, layout });
      await tick();
      await p.flush();
      return p;
    });
    expect(writes).toBe(0);
    expect(p.status.pending).toBe(0);
    expect(db.messages.count()).toBe(1200);
  });

  it('delivers the load to subscribers registered before persist as one create per batch', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(3)));
    const db = createTestStore();
    const events: [string, unknown[]][] = [];
    db.messages.subscribe((type, keys) => void events.push([type, [...keys].sort()]));
    await persistTest(db, { name, layout });
    expect(events).toEqual([['create', ['m000000', 'm000001', 'm000002']]]);
  });

  it('writes through a change a subscriber makes in reaction to the load', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(2)));
    const db = createTestStore();
    db.messages.subscribe((type, keys) => {
      if (type === 'create' && keys.includes('m000000')) db.messages.update('m000000', { text: 'seen' });
    });
    const p = await persistTest(db, { name, layout });
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'm000000', text: 'seen', n: 0 }, { id: 'm000001', text: 'message 1', n: 1 }]);
  });

  it('reports stored records the schema rejects, with their keys, and loads the rest', async () => {
    const name = freshName();
    await seed(name, layout, (db) => {
      db.messages.bulkAdd(messages(20));
      db.users.bulkAdd([{ id: 1, email: 'same@x' }, { id: 2, email: 'other@x' }]);
    });
    await corrupt(name, layout, {
      messages: [{ id: 'bad-index', n: { not: 'indexable' } }, { id: 'bad-tags', tags: [{}] }],
      users: [{ id: 3, email: 'same@x' }],
    });
    const db = createTestStore();
    const errors: unknown[][] = [];
    await persistTest(db, { name, layout, errors });
    expect(db.messages.count()).toBe(20);
    expect(db.users.keys().sort()).toEqual([1, 2]);
    const reported = errors.map(([error, info]) => [(error as { code: string }).code, ((error as Error).cause as { code: string }).code, info]);
    expect(reported).toEqual(
      expect.arrayContaining([
        ['INVALID_RECORD', 'INVALID_INDEX_VALUE', { collection: 'messages', keys: ['bad-index'] }],
        ['INVALID_RECORD', 'INVALID_INDEX_VALUE', { collection: 'messages', keys: ['bad-tags'] }],
        ['INVALID_RECORD', 'UNIQUE_VIOLATION', { collection: 'users', keys: [3] }],
      ]),
    );
    expect(errors).toHaveLength(3);
    expect(errors.every(([error]) => isRamifyError(error))).toBe(true);
  });

  it('keeps rejected records on disk when their neighbours are rewritten', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(3)));
    await corrupt(name, layout, { messages: [{ id: 'bad', n: {} }] });
    const db = createTestStore();
    const p = await persistTest(db, { name, layout, errors: [] });
    db.messages.update('m000000', { text: 'changed' });
    await p.flush();
    const ids = ((await readDisk(name, 'messages')) as { id: string }[]).map((doc) => doc.id);
    expect(ids).toEqual(['bad', 'm000000', 'm000001', 'm000002']);
  });

  it('replaces a rejected record when a valid document with its key is written', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(1)));
    await corrupt(name, layout, { messages: [{ id: 'bad', n: {} }] });
    const db = createTestStore();
    const p = await persistTest(db, { name, layout, errors: [] });
    db.messages.add({ id: 'bad', n: 1 });
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'bad', n: 1 }, messages(1)[0]]);
  });

  it('keeps documents that were in memory before persist and writes them', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd([{ id: 'a', text: 'disk' }, { id: 'b', text: 'disk' }]));
    const db = createTestStore();
    db.messages.add({ id: 'a', text: 'memory' });
    const p = await persistTest(db, { name, layout });
    expect(memory(db.messages)).toEqual([{ id: 'a', text: 'memory' }, { id: 'b', text: 'disk' }]);
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a', text: 'memory' }, { id: 'b', text: 'disk' }]);
  });

  it('lets changes made during hydration win over disk', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(12_000)));
    const db = createTestStore();
    let changed = false;
    const onProgress = () => {
      if (changed) return;
      changed = true;
      // After the first batch: one document not loaded yet is written, one loaded is deleted.
      db.messages.put({ id: 'm011000', text: 'written while hydrating' });
      db.messages.delete('m000001');
    };
    const p = await persistTest(db, { name, layout, onProgress });
    expect(db.messages.count()).toBe(11_999);
    expect(db.messages.get('m011000')).toEqual({ id: 'm011000', text: 'written while hydrating' });
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('does not load documents into a collection cleared during hydration', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(12_000)));
    const db = createTestStore();
    let cleared = false;
    const p = await persistTest(db, {
      name,
      layout,
      onProgress: () => {
        if (!cleared) db.messages.clear();
        cleared = true;
      },
    });
    expect(db.messages.count()).toBe(0);
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([]);
  });

  it('loads the request records with the documents', async () => {
    const name = freshName();
    const first = createTestStore();
    const p = await persistTest(first, { name, layout });
    first.messages.add({ id: 'a' });
    p.markApplied('request-1', { ok: true });
    await p.close();
    const db = createTestStore();
    const again = await persistTest(db, { name, layout });
    expect(again.appliedResult('request-1')).toEqual({ result: { ok: true } });
  });
});

describe('hydration progress from a damaged meta row (layout chunks)', () => {
  it.each([
    ['an object', {}],
    ['a string', 'many'],
    ['a negative number', -5],
    ['a number too large to count', 1e300],
  ])('reports numbers up to the documents loaded when the saved count is %s', async (_, count) => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(5000)));
    const raw = await openDB(name);
    await raw.put('ramify:meta', { collection: 'messages', layout: 'chunks', primaryKey: 'id', count });
    raw.close();
    const progress: [number, number][] = [];
    await persistTest(createTestStore(), { name, layout: 'chunks', onProgress: (loaded, total) => progress.push([loaded, total]) });
    expect(progress).toEqual([
      [1000, 1000],
      [2000, 2000],
      [3000, 3000],
      [4000, 4000],
      [5000, 5000],
    ]);
  });
});

/** Appends records that break the schema, bypassing the core, in the layout's own format. */
async function corrupt(name: string, layout: string, extra: Record<string, unknown[]>): Promise<void> {
  const db = await openDB(name);
  const tx = db.transaction(Object.keys(extra), 'readwrite');
  for (const [collection, docs] of Object.entries(extra)) {
    const store = tx.objectStore(collection);
    if (layout === 'records') {
      for (const doc of docs) await store.put(doc);
    } else {
      // Chunk numbers only: small writes leave delta records (array keys) next to them.
      const keys = (await store.getAllKeys()).filter((key): key is number => typeof key === 'number');
      const last = keys.length === 0 ? 0 : Math.max(...keys);
      const chunk = ((await store.get(last)) as unknown[] | undefined) ?? [];
      await store.put([...chunk, ...docs], last);
    }
  }
  await tx.done;
  db.close();
}

/**
 * Makes read requests on the object store `store` (its getAll, getAllKeys, openCursor, count and its
 * cursors' continue) throw synchronously while `when(n)` holds for the n-th of them.
 */
function failReads(store: string, when: (n: number) => boolean): { readonly calls: number; stop(): void } {
  type Patched = Record<string, (...args: unknown[]) => unknown>;
  const targets: [Patched, string, (self: unknown) => string][] = [
    ...['getAll', 'getAllKeys', 'openCursor', 'count'].map((method): [Patched, string, (self: unknown) => string] => [
      IDBObjectStore.prototype as unknown as Patched,
      method,
      (self) => (self as IDBObjectStore).name,
    ]),
    [IDBCursor.prototype as unknown as Patched, 'continue', (self) => ((self as IDBCursor).source as IDBObjectStore).name],
  ];
  const originals = targets.map(([proto, method]) => proto[method]);
  let calls = 0;
  targets.forEach(([proto, method, storeOf], i) => {
    proto[method] = function (this: unknown, ...args: unknown[]) {
      if (storeOf(this) === store && when(++calls)) throw new DOMException('The transaction has finished.', 'TransactionInactiveError');
      return originals[i].apply(this, args);
    };
  });
  const stop = () => targets.forEach(([proto, method], i) => void (proto[method] = originals[i]));
  stopReads = stop;
  return {
    get calls() {
      return calls;
    },
    stop,
  };
}
let stopReads = () => {};
afterEach(() => stopReads());

describe('hydration when a read lags or fails (layout chunks)', () => {
  it('loads every chunk while the read of the deltas lags behind the read of the chunks', async () => {
    const name = freshName();
    await seed(name, 'chunks', (db) => db.messages.bulkAdd(messages(6000)));
    const proto = IDBObjectStore.prototype;
    const original = proto.getAllKeys;
    // Requests ahead of it in its own transaction hold the deltas read back while the chunks are read.
    proto.getAllKeys = function (this: IDBObjectStore, query?: IDBValidKey | IDBKeyRange | null, count?: number) {
      if (query instanceof IDBKeyRange && Array.isArray(query.lower)) for (let i = 0; i < 200; i++) this.count();
      return original.call(this, query, count);
    };
    stopReads = () => {
      proto.getAllKeys = original;
    };
    const db = createTestStore();
    await persistTest(db, { name, layout: 'chunks' });
    expect(memory(db.messages)).toEqual(messages(6000));
  });
});

describe.each(LAYOUTS)('hydration when a read fails (layout %s)', (layout) => {
  it('retries a failed read in a fresh transaction and loads everything', async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(12_000)));
    failReads('messages', (n) => n === 3 || n === 4);
    const db = createTestStore();
    const errors: unknown[][] = [];
    await persistTest(db, { name, layout, errors });
    expect(memory(db.messages)).toEqual(messages(12_000));
    expect(errors).toEqual([]);
  });

  it(`rejects with PERSISTENCE_FAILED after ${READ_ATTEMPTS} failed attempts in a row, and a later persist loads everything`, async () => {
    const name = freshName();
    await seed(name, layout, (db) => db.messages.bulkAdd(messages(3000)));
    const failing = failReads('messages', (n) => n >= 3);
    const error = await persistTest(createTestStore(), { name, layout }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'PERSISTENCE_FAILED' });
    expect((error as Error).message).toContain('object store "messages"');
    failing.stop();
    const db = createTestStore();
    await persistTest(db, { name, layout });
    expect(memory(db.messages)).toEqual(messages(3000));
  });
});
