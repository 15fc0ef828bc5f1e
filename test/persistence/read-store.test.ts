// Reading a whole object store in batches: whatever the caller does between two batches (waits for
// other work, for a timer), the read goes on; a failed read resumes in a fresh transaction where it
// stopped, and after READ_ATTEMPTS failures in a row gives up with PERSISTENCE_FAILED.
import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_ATTEMPTS, readByCursor, readByRanges as rangeBatches, type StoredRecord } from '../../packages/persistence/src/read-store';
import { freshName } from './helpers';

let opened: IDBPDatabase | undefined;
let restore = () => {};
afterEach(() => {
  restore();
  restore = () => {};
  opened?.close();
  opened = undefined;
});

/** A database whose store `items` holds the records `key → { key }` for `count` numeric keys, plus one array key. */
async function database(count: number, keyPath?: string): Promise<IDBPDatabase> {
  const db = await openDB(freshName(), 1, { upgrade: (database) => void database.createObjectStore('items', keyPath === undefined ? undefined : { keyPath }) });
  const tx = db.transaction('items', 'readwrite');
  for (let i = 0; i < count; i++) void (keyPath === undefined ? tx.store.put({ key: i }, i) : tx.store.put({ key: i }));
  if (keyPath === undefined) void tx.store.put('after', ['d', 'x']);
  await tx.done;
  opened = db;
  return db;
}

/** A range read's batches as [key, value] records, each batch's values taken when it is taken. */
async function* readByRanges(...args: Parameters<typeof rangeBatches>): AsyncGenerator<StoredRecord[]> {
  for await (const batch of rangeBatches(...args)) {
    const values = batch.values();
    // Made once: taking them again gives the same objects.
    expect(batch.values()).toBe(values);
    yield batch.keys.map((key, i): StoredRecord => [key, values[i]]);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every batch of `reader`, with `between` awaited before each pull. */
async function drain(reader: AsyncGenerator<StoredRecord[]>, between: () => Promise<unknown> = async () => {}): Promise<StoredRecord[][]> {
  const batches: StoredRecord[][] = [];
  for (;;) {
    await between();
    const next = await reader.next();
    if (next.done === true) return batches;
    batches.push(next.value);
  }
}

/** Makes `method` of IDBObjectStore or IDBCursor throw synchronously when `when(n)` holds for its n-th call. */
function throwOn(target: 'getAll' | 'continue', when: (n: number) => boolean): { readonly calls: number } {
  const proto = (target === 'getAll' ? IDBObjectStore.prototype : IDBCursor.prototype) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = proto[target];
  let calls = 0;
  proto[target] = function (this: unknown, ...args: unknown[]) {
    if (when(++calls)) throw new DOMException('The transaction has finished.', 'TransactionInactiveError');
    return original.apply(this, args);
  };
  restore = () => {
    proto[target] = original;
  };
  return {
    get calls() {
      return calls;
    },
  };
}

const keysOf = (batches: StoredRecord[][]) => batches.flat().map(([key]) => key);
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('readByRanges', () => {
  it('reads every range, below the given key, in order and in batches of the given size', async () => {
    const db = await database(10);
    const batches = await drain(readByRanges(db, 'items', 4, []));
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(batches.flat()).toEqual(range(10).map((key) => [key, { key }]));
  });

  it('reads every range while the caller waits for a timer between two batches', async () => {
    const db = await database(40);
    expect(keysOf(await drain(readByRanges(db, 'items', 4, []), () => pause(5)))).toEqual(range(40));
  });

  it('resumes a failed read in a fresh transaction, without repeating or skipping a record', async () => {
    const db = await database(40);
    const failing = throwOn('getAll', (n) => n === 3 || n === 6);
    expect(keysOf(await drain(readByRanges(db, 'items', 4, [])))).toEqual(range(40));
    // Ten full ranges, the empty one that ends the read, and the two that failed.
    expect(failing.calls).toBe(13);
  });

  it(`gives up after ${READ_ATTEMPTS} failures in a row with PERSISTENCE_FAILED naming the store`, async () => {
    const db = await database(40);
    const failing = throwOn('getAll', (n) => n >= 2);
    const error = await drain(readByRanges(db, 'items', 4, [])).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'PERSISTENCE_FAILED' });
    expect((error as Error).message).toContain('object store "items"');
    expect(((error as Error).cause as Error).name).toBe('TransactionInactiveError');
    expect(failing.calls).toBe(1 + READ_ATTEMPTS);
  });
});

describe('readByCursor', () => {
  it('reads every record in order, in batches of the given size', async () => {
    const db = await database(10, 'key');
    const batches = await drain(readByCursor(db, 'items', 4));
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(batches.flat()).toEqual(range(10).map((key) => [key, { key }]));
  });

  it('reads every record while the caller waits for a timer between two batches', async () => {
    const db = await database(40, 'key');
    expect(keysOf(await drain(readByCursor(db, 'items', 4), () => pause(5)))).toEqual(range(40));
  });

  it('resumes a failed read in a fresh transaction, without repeating or skipping a record', async () => {
    const db = await database(40, 'key');
    throwOn('continue', (n) => n === 6 || n === 20);
    expect(keysOf(await drain(readByCursor(db, 'items', 4)))).toEqual(range(40));
  });

  it(`gives up after ${READ_ATTEMPTS} failures in a row with PERSISTENCE_FAILED naming the store`, async () => {
    const db = await database(40, 'key');
    throwOn('continue', () => true);
    const error = await drain(readByCursor(db, 'items', 4)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'PERSISTENCE_FAILED' });
    expect((error as Error).message).toContain('object store "items"');
  });
});
