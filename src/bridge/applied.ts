// Exactly-once writes need a record of the requests already applied, written in the same IndexedDB
// transaction as the write itself: persistence provides it (markApplied / appliedResult). Without
// persistence the records live in memory, which is enough while the background lives.

/** The part of persistence the bridge uses (structural: the bridge does not import persistence). */
export interface Durability {
  /** Resolves once every change made before the call is committed; rejects while writes fail. */
  flush(): Promise<void>;
  /** Records request `id` with `result`, in the same transaction as the changes queued before it. */
  markApplied(id: string, result: unknown): void;
  /** The recorded result of `id`, durable or not yet. */
  appliedResult(id: string): { result: unknown } | undefined;
}

/** In-memory records, for a store served without persistence: the last `limit` requests. */
export function memoryDurability(limit = 10_000): Durability {
  const records = new Map<string, unknown>();
  return {
    flush: () => Promise.resolve(),
    markApplied(id, result) {
      records.set(id, result);
      if (records.size > limit) records.delete(records.keys().next().value as string);
    },
    appliedResult: (id) => (records.has(id) ? { result: records.get(id) } : undefined),
  };
}
