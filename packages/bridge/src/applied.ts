// Exactly-once writes need a record of the requests already applied, written in the same IndexedDB
// transaction as the write itself: persistence provides it (markApplied / appliedResult). Without
// persistence the records live in memory, which is enough while the background lives.
import { encode } from './codec';

/** The part of persistence the bridge uses (structural: the bridge does not import persistence). */
export interface Durability {
  /** Resolves once every change made before the call is committed; rejects while writes fail. */
  flush(): Promise<void>;
  /** Records request `id` with `result`, in the same transaction as the changes queued before it. */
  markApplied(id: string, result: unknown): void;
  /** The recorded result of `id`, durable or not yet. */
  appliedResult(id: string): { result: unknown } | undefined;
}

/** About how many bytes a record takes: its id and its result as JSON, two bytes a character. */
function recordBytes(id: string, result: unknown): number {
  let size: number;
  try {
    size = encode(result).size;
  } catch {
    size = 1024;
  }
  return 2 * (id.length + size) + 64;
}

/**
 * In-memory records, for a store served without persistence: the last `limit` requests, and no
 * more than about `bytes` of them (a write's result can be a long list of keys). The newest is
 * kept whatever its size: it answers the request being served.
 */
export function memoryDurability({ limit = 10_000, bytes = 16 * 1024 * 1024 }: { limit?: number; bytes?: number } = {}): Durability {
  const records = new Map<string, { result: unknown; bytes: number }>();
  let total = 0;
  return {
    flush: () => Promise.resolve(),
    markApplied(id, result) {
      const previous = records.get(id);
      if (previous !== undefined) {
        total -= previous.bytes;
        records.delete(id);
      }
      const record = { result, bytes: recordBytes(id, result) };
      records.set(id, record);
      total += record.bytes;
      for (const [oldest, { bytes: size }] of records) {
        if (records.size <= 1 || (records.size <= limit && total <= bytes)) break;
        records.delete(oldest);
        total -= size;
      }
    },
    appliedResult: (id) => {
      const record = records.get(id);
      return record === undefined ? undefined : { result: record.result };
    },
  };
}
