// The write-through queue: changes collect in a batch and are committed in one transaction per
// turn of the event loop. One transaction at a time, so they commit in order; a failed batch goes
// back in front of the newer changes (nothing is dropped) and is retried with backoff.
import type { ChangeType, Key } from '@ramify-db/core';
import { retryDelay } from './backoff';
import { addChange, countChanges, emptyBatch, isEmpty, mergeBatches, type Batch } from './changes';
import type { AppliedRecord } from './internal-stores';
import { nextTurn } from './next-turn';

export interface WriteQueue {
  record(collection: string, type: ChangeType, keys: readonly Key[]): void;
  recordApplied(id: string, record: AppliedRecord | null): void;
  /** Query snapshots are owed a write: one is made even if nothing else changed (flush() waits for it; `pending` does not count it). */
  touch(): void;
  /** Whether anything of `collection` has a change not yet written. */
  changing(collection: string): boolean;
  /** Whether `key` (or the whole collection, by a clear) has a change not yet written. */
  superseded(collection: string, key: Key): boolean;
  /** Writing starts here, once hydration is done; changes recorded before it wait. */
  start(): void;
  flush(): Promise<void>;
  readonly pending: number;
  readonly lastError: unknown;
  stop(): void;
}

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * `commit` writes a batch in one transaction and rejects with the error to report;
 * `failed` hears about each failure (for onError).
 */
export function createWriteQueue(commit: (batch: Batch) => Promise<void>, failed: (error: unknown, batch: Batch) => void): WriteQueue {
  let pending = emptyBatch();
  let inFlight: Batch | undefined;
  let recorded = 0;
  let durable = 0;
  let started = false;
  let stopped = false;
  let failures = 0;
  let lastError: unknown;
  /** Cancels the scheduled attempt (next turn, or a retry after backoff). */
  let cancel: (() => void) | undefined;
  const waiters: Waiter[] = [];

  function schedule(delay: number): void {
    if (!started || stopped || inFlight !== undefined || cancel !== undefined) return;
    if (delay === 0) {
      // A macrotask, not a microtask: every write of this turn joins the same transaction.
      cancel = nextTurn(run);
    } else {
      const timer = setTimeout(run, delay);
      cancel = () => clearTimeout(timer);
    }
  }

  async function run(): Promise<void> {
    cancel = undefined;
    if (isEmpty(pending)) return;
    const batch = pending;
    const upTo = recorded;
    pending = emptyBatch();
    inFlight = batch;
    try {
      await commit(batch);
    } catch (error) {
      inFlight = undefined;
      pending = mergeBatches(batch, pending);
      failures++;
      lastError = error;
      failed(error, batch);
      for (const waiter of waiters.splice(0)) waiter.reject(error);
      schedule(retryDelay(failures));
      return;
    }
    inFlight = undefined;
    durable = upTo;
    failures = 0;
    lastError = undefined;
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].upTo <= durable) waiters.splice(i, 1)[0].resolve();
    }
    if (!isEmpty(pending)) schedule(0);
  }

  return {
    record(collection, type, keys) {
      addChange(pending, collection, type, keys, started);
      recorded++;
      schedule(0);
    },
    recordApplied(id, record) {
      pending.applied.set(id, record);
      recorded++;
      schedule(0);
    },
    touch() {
      pending.snapshots = true;
      recorded++;
      schedule(0);
    },
    changing: (collection) => pending.collections.has(collection),
    superseded(collection, key) {
      const changes = pending.collections.get(collection);
      return changes !== undefined && (changes.cleared || changes.keys.has(key));
    },
    start() {
      started = true;
      schedule(0);
    },
    flush() {
      if (recorded === durable) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ upTo: recorded, resolve, reject });
        // Asked for explicitly: retry now rather than at the end of the backoff.
        if (failures > 0 && cancel !== undefined) {
          cancel();
          cancel = undefined;
        }
        schedule(0);
      });
    },
    get pending() {
      return countChanges(pending) + (inFlight === undefined ? 0 : countChanges(inFlight));
    },
    get lastError() {
      return lastError;
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = undefined;
    },
  };
}
