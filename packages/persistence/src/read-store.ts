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
// Kept: a cursor for records (Chromium prefetches cursor values), getAll ranges of 2 chunks
// (1,000 documents) for chunks: against ranges of 1 and 4, no difference stood out of the noise
// in a whole hydration (Chromium 156, 100k documents, 2 × 5 runs each), and each task that turns
// a batch into objects and loads it is half as long as with 4, so a page's message waits less.
//
// A read never waits for its caller: each request is placed as soon as the previous one succeeded
// and the batches queue up until the caller takes them. A transaction commits once no request is
// pending, so one paced by its caller (who may await anything between two batches: a timer, another
// transaction) would be finished when the next request is placed. A read that fails anyway resumes
// after the last record received, in a fresh transaction; after READ_ATTEMPTS failures in a row it
// gives up with PERSISTENCE_FAILED.
import { unwrap, type IDBPDatabase } from 'idb';
import { retryDelay } from './backoff';
import { readFailed } from './errors';

/** Attempts at each read before loading gives up. */
export const READ_ATTEMPTS = 3;

export type StoredRecord = [key: IDBValidKey, value: unknown];

/**
 * A batch of a range read: its keys, and its values as `values()` gives them. Chromium turns the
 * values into objects when the request's result is first read, which for 2,000 documents is a
 * task of tens of ms: done by whoever takes the batch, when it takes it, rather than when it
 * arrives, so that what else the program waits for (a page's message) can come first.
 */
export interface RangeBatch {
  keys: IDBValidKey[];
  values(): unknown[];
}

interface Sink<T> {
  /** A batch read; false once the caller has stopped reading (place no more requests then). */
  records(batch: T): boolean;
  end(): void;
  fail(error: unknown): void;
}

/** Starts reading, in a new transaction, the records after `after` (all of them when undefined). */
type Reader<T> = (after: IDBValidKey | undefined, sink: Sink<T>) => void;

/**
 * Batches of `size` records by key ranges: getAllKeys and getAll of the same range, then the next
 * range. Only keys below `below` when given.
 */
export function readByRanges(db: IDBPDatabase, store: string, size: number, below?: IDBValidKey): AsyncGenerator<RangeBatch> {
  const last = (batch: RangeBatch) => batch.keys[batch.keys.length - 1];
  return readAll<RangeBatch>(db, store, last, (after, sink) => {
    const source = unwrap(db).transaction(store, 'readonly').objectStore(store);
    const next = (from: IDBValidKey | undefined) => {
      const range = rangeAfter(from, below);
      const keys = source.getAllKeys(range, size);
      const values = source.getAll(range, size);
      keys.onerror = () => sink.fail(keys.error);
      values.onerror = () => sink.fail(values.error);
      // Requests of a transaction complete in order: the keys are there when the values are.
      values.onsuccess = () => {
        try {
          const found = keys.result;
          // Read once: every read of `result` would make the objects again.
          let docs: unknown[] | undefined;
          const batch: RangeBatch = { keys: found, values: () => (docs ??= values.result) };
          if (found.length > 0 && !sink.records(batch)) return;
          if (found.length === size) next(found[found.length - 1]);
          else sink.end();
        } catch (error) {
          sink.fail(error);
        }
      };
    };
    next(after);
  });
}

function rangeAfter(from: IDBValidKey | undefined, below: IDBValidKey | undefined): IDBKeyRange | undefined {
  if (from === undefined) return below === undefined ? undefined : IDBKeyRange.upperBound(below, true);
  return below === undefined ? IDBKeyRange.lowerBound(from, true) : IDBKeyRange.bound(from, below, true, true);
}

/**
 * Batches of up to `size` records from one cursor. Raw requests rather than idb's wrapped cursor:
 * a promise and a proxy per record add up over 100k records.
 */
export function readByCursor(db: IDBPDatabase, store: string, size: number): AsyncGenerator<StoredRecord[]> {
  return readAll<StoredRecord[]>(db, store, (batch) => batch[batch.length - 1][0], (after, sink) => {
    const request = unwrap(db)
      .transaction(store, 'readonly')
      .objectStore(store)
      .openCursor(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true));
    let batch: StoredRecord[] = [];
    request.onsuccess = () => {
      try {
        const cursor = request.result;
        if (cursor === null) {
          if (batch.length > 0) sink.records(batch);
          sink.end();
          return;
        }
        batch.push([cursor.primaryKey, cursor.value]);
        if (batch.length === size) {
          const full = batch;
          batch = [];
          if (!sink.records(full)) return;
        }
        cursor.continue();
      } catch (error) {
        sink.fail(error);
      }
    };
    request.onerror = () => sink.fail(request.error);
  });
}

/** The batches `read` delivers, as they arrive; a failed attempt is resumed after the last record delivered (`lastKey`). */
async function* readAll<T>(db: IDBPDatabase, store: string, lastKey: (batch: T) => IDBValidKey, read: Reader<T>): AsyncGenerator<T> {
  const ready: T[] = [];
  let last: IDBValidKey | undefined;
  let done = false;
  let failure: { error: unknown } | undefined;
  let failures = 0;
  /** Numbers the attempts: what an abandoned one still reports is ignored. */
  let attempt = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  function start(): void {
    const current = ++attempt;
    const live = () => current === attempt && !done && failure === undefined;
    const sink: Sink<T> = {
      records(batch) {
        if (!live()) return false;
        failures = 0;
        last = lastKey(batch);
        ready.push(batch);
        notify();
        return true;
      },
      end() {
        if (!live()) return;
        done = true;
        notify();
      },
      fail(error) {
        if (!live()) return;
        attempt++;
        failures++;
        if (failures < READ_ATTEMPTS) {
          setTimeout(start, retryDelay(failures));
          return;
        }
        failure = { error: readFailed(db.name, store, failures, error) };
        notify();
      },
    };
    try {
      read(last, sink);
    } catch (error) {
      sink.fail(error);
    }
  }

  start();
  try {
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
  } finally {
    // The caller stopped (or everything was read): place no more requests.
    done = true;
  }
}

/** A single read (`read` opens its own transaction), retried like the batched reads. */
export async function retryRead<T>(db: IDBPDatabase, store: string, read: () => Promise<T>): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await read();
    } catch (error) {
      if (failures >= READ_ATTEMPTS) throw readFailed(db.name, store, failures, error);
      await new Promise((resolve) => setTimeout(resolve, retryDelay(failures)));
    }
  }
}
