// Reading a whole object store in batches of [key, value] pairs, the next request already in
// flight while the current batch is loaded into memory (IndexedDB runs in another process in
// browsers, so reading and loading overlap).
//
// Which way is faster depends on the layout, and Node's fake-indexeddb disagrees with the browser,
// so the browser decided. 100k small documents, median of 5 interleaved runs, Chromium 156 on a
// busy 2-core machine (absolute times are inflated, the ranking was stable across runs):
//   records, one cursor:                     3.8 s   (fake-indexeddb: 2.2–3.9 s)
//   records, getAll(range) by 1000/5000/20000: 5.5 / 5.9 / 5.5 s   (fake-indexeddb, 5000: 0.51–0.64 s)
//   chunks of 500, one cursor:               1.16 s  (fake-indexeddb: 0.10–0.34 s)
//   chunks, getAllKeys + getAll(range) by 4 / 10 / 40 chunks: 0.39 / 0.89 / 1.11 s  (fake, 10: 0.16–0.19 s)
// Kept: a cursor for records (Chromium prefetches cursor values), getAll ranges of 4 chunks
// (2,000 documents) for chunks.
import { unwrap, type IDBPDatabase } from 'idb';

export type StoredRecord = [key: IDBValidKey, value: unknown];

/**
 * Batches of `size` records by key ranges: getAllKeys and getAll of the same range, then the next
 * range. Only keys below `below` when given.
 */
export async function* readByRanges(db: IDBPDatabase, store: string, size: number, below?: IDBValidKey): AsyncGenerator<StoredRecord[]> {
  const source = db.transaction(store, 'readonly').store;
  const read = (range: IDBKeyRange | undefined): Promise<[IDBValidKey[], unknown[]]> =>
    Promise.all([source.getAllKeys(range, size), source.getAll(range, size)]);
  const after = (last: IDBValidKey) => (below === undefined ? IDBKeyRange.lowerBound(last, true) : IDBKeyRange.bound(last, below, true, true));
  let request: Promise<[IDBValidKey[], unknown[]]> | undefined = read(below === undefined ? undefined : IDBKeyRange.upperBound(below, true));
  while (request !== undefined) {
    const [keys, values]: [IDBValidKey[], unknown[]] = await request;
    request = keys.length === size ? read(after(keys[keys.length - 1])) : undefined;
    if (keys.length > 0) yield keys.map((key, i): StoredRecord => [key, values[i]]);
  }
}

/**
 * Batches of up to `size` records from one cursor. Raw requests rather than idb's wrapped cursor:
 * a promise and a proxy per record add up over 100k records.
 */
export async function* readByCursor(db: IDBPDatabase, store: string, size: number): AsyncGenerator<StoredRecord[]> {
  const request = unwrap(db).transaction(store, 'readonly').objectStore(store).openCursor();
  const ready: StoredRecord[][] = [];
  let batch: StoredRecord[] = [];
  let done = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  request.onsuccess = () => {
    const cursor = request.result;
    if (cursor === null) {
      if (batch.length > 0) ready.push(batch);
      batch = [];
      done = true;
      notify();
      return;
    }
    batch.push([cursor.primaryKey, cursor.value]);
    if (batch.length === size) {
      ready.push(batch);
      batch = [];
      notify();
    }
    cursor.continue();
  };
  request.onerror = () => {
    failure = { error: request.error };
    done = true;
    notify();
  };
  for (;;) {
    const next = ready.shift();
    if (next !== undefined) {
      yield next;
      continue;
    }
    if (failure !== undefined) throw failure.error;
    if (done) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
