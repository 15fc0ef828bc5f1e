// Idempotency records for callers that retry requests (the bridge): "request `id` was applied and
// answered `result`". Kept in memory for lookups, saved in the same transaction as the changes
// queued before them, loaded at hydration. Bounded: the newest 10,000, none older than a day.
import { RamifyError } from '@ramify-db/core';
import type { AppliedRecord } from './internal-stores';

export const APPLIED_LIMIT = 10_000;
export const APPLIED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface AppliedRequests {
  load(records: readonly AppliedRecord[]): void;
  mark(id: string, result: unknown): void;
  result(id: string): { result: unknown } | undefined;
}

/** `save(id, record)` queues a record for writing, `save(id, null)` its removal. */
export function createAppliedRequests(save: (id: string, record: AppliedRecord | null) => void): AppliedRequests {
  // Insertion order is marking order, so the oldest come first.
  const records = new Map<string, AppliedRecord>();

  function prune(): void {
    const expired = Date.now() - APPLIED_MAX_AGE_MS;
    for (const [id, record] of records) {
      if (records.size <= APPLIED_LIMIT && record.at >= expired) break;
      records.delete(id);
      save(id, null);
    }
  }

  return {
    load(loaded) {
      for (const record of [...loaded].sort((a, b) => a.at - b.at)) records.set(record.id, record);
      prune();
    },
    mark(id, result) {
      if (typeof id !== 'string' || id === '') {
        throw new RamifyError('INVALID_ARGUMENT', `markApplied(): the request id must be a non-empty string (got ${String(id)})`, { field: 'id', value: id });
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
      records.delete(id);
      records.set(id, record);
      save(id, record);
      prune();
    },
    result(id) {
      const record = records.get(id);
      return record === undefined ? undefined : { result: record.result };
    },
  };
}
