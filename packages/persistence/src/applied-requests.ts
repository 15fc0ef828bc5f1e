// Idempotency records for callers that retry requests (the bridge): "request `id` was applied and
// answered `result`". Kept in memory for lookups, saved in the same transaction as the changes
// queued before them, loaded at hydration. Bounded, since the ids and results come from other
// contexts: the newest 10,000, none older than a day, ids of at most 64 characters, results of at
// most 4 MB each (estimated) and 64 MB together (the oldest records go first). Records read from
// disk that break these bounds are dropped, and deleted from disk.
import { RamifyError } from '@ramify-db/core';
import type { AppliedRecord } from './internal-stores';
import { fieldOf } from './layout';
import { estimateSize } from './size-estimate';

export const APPLIED_LIMIT = 10_000;
export const APPLIED_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** The longest request id accepted, in characters. */
export const APPLIED_ID_MAX = 64;
/** The largest result accepted, in estimated serialized bytes. */
export const APPLIED_RESULT_MAX = 4 * 1024 * 1024;
/** Past this estimated size of all results together, the oldest records are dropped. */
export const APPLIED_TOTAL_MAX = 64 * 1024 * 1024;

export interface AppliedRequests {
  load(records: readonly unknown[]): void;
  mark(id: string, result: unknown): void;
  result(id: string): { result: unknown } | undefined;
}

interface Entry {
  record: AppliedRecord;
  bytes: number;
}

/** `save(id, record)` queues a record for writing, `save(id, null)` its removal. */
export function createAppliedRequests(save: (id: string, record: AppliedRecord | null) => void): AppliedRequests {
  // Insertion order is marking order, so the oldest come first.
  const records = new Map<string, Entry>();
  let bytes = 0;

  function set(entry: Entry): void {
    drop(entry.record.id, false);
    records.set(entry.record.id, entry);
    bytes += entry.bytes;
  }

  function drop(id: string, saved: boolean): void {
    const entry = records.get(id);
    if (entry === undefined) return;
    records.delete(id);
    bytes -= entry.bytes;
    if (saved) save(id, null);
  }

  function prune(): void {
    const expired = Date.now() - APPLIED_MAX_AGE_MS;
    for (const [id, entry] of records) {
      if (records.size <= APPLIED_LIMIT && bytes <= APPLIED_TOTAL_MAX && entry.record.at >= expired) break;
      drop(id, true);
    }
  }

  return {
    load(loaded) {
      const now = Date.now();
      const usable: Entry[] = [];
      for (const value of loaded) {
        const id = fieldOf(value, 'id');
        const result = fieldOf(value, 'result');
        const at = fieldOf(value, 'at');
        const size = estimateSize(result, APPLIED_RESULT_MAX);
        if (!validId(id) || typeof at !== 'number' || !Number.isFinite(at) || size > APPLIED_RESULT_MAX) {
          // Damaged, or written before the bounds: never looked up, so removed.
          if (id !== undefined) save(id as string, null);
          continue;
        }
        const entry = { record: { id, result, at: Math.min(at, now) }, bytes: size };
        // Marked "in the future" (the clock went back): saved again as of now, so it expires.
        if (at > now) save(id, entry.record);
        usable.push(entry);
      }
      for (const entry of usable.sort((a, b) => a.record.at - b.record.at)) set(entry);
      prune();
    },
    mark(id, result) {
      const given: unknown = id;
      if (!validId(given)) {
        // Not the whole id in the message: it may be megabytes long.
        const got = typeof given === 'string' ? (given === '' ? 'an empty string' : `${given.length} characters`) : String(given);
        throw new RamifyError('INVALID_ARGUMENT', `markApplied(): the request id must be a string of 1 to ${APPLIED_ID_MAX} characters (got ${got})`, {
          field: 'id',
          value: typeof given === 'string' ? given.slice(0, APPLIED_ID_MAX) : given,
        });
      }
      const size = estimateSize(result, APPLIED_RESULT_MAX);
      if (size > APPLIED_RESULT_MAX) {
        throw new RamifyError('INVALID_ARGUMENT', `markApplied("${id}"): the result takes more than ${APPLIED_RESULT_MAX} bytes; it is not recorded`, {
          field: 'result',
        });
      }
      let copy: unknown;
      try {
        // Stored as IndexedDB will store it, and checked now: a result that cannot be cloned would
        // otherwise fail the whole write later.
        copy = structuredClone(result);
      } catch (error) {
        throw new RamifyError('INVALID_ARGUMENT', `markApplied("${id}"): the result cannot be stored in IndexedDB (${(error as Error).message})`, {
          field: 'result',
          value: result,
          cause: error,
        });
      }
      const record: AppliedRecord = { id, result: copy, at: Date.now() };
      set({ record, bytes: size });
      save(id, record);
      prune();
    },
    result(id) {
      const entry = records.get(id);
      return entry === undefined ? undefined : { result: entry.record.result };
    },
  };
}

function validId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= APPLIED_ID_MAX;
}
