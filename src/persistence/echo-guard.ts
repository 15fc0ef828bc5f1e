// Hydration loads documents with the core's public bulkAdd, which emits a `create` event like any
// write. That one event is an echo of what is already on disk: the guard recognises it (same
// collection, exactly the keys being loaded) so it is not written back. Anything else — say a
// subscriber that writes in reaction to it — is a real change and goes through.
import type { ChangeType, Key } from '@ramify-db/core';

export interface EchoGuard {
  expect(collection: string, keys: readonly unknown[]): void;
  end(): void;
  /** True (once) for the event of the load in progress. */
  isEcho(collection: string, type: ChangeType, keys: readonly Key[]): boolean;
}

export function createEchoGuard(): EchoGuard {
  let expected: { collection: string; keys: Set<unknown> } | undefined;
  return {
    expect(collection, keys) {
      expected = { collection, keys: new Set(keys) };
    },
    end() {
      expected = undefined;
    },
    isEcho(collection, type, keys) {
      if (expected === undefined || type !== 'create' || expected.collection !== collection || expected.keys.size !== keys.length) return false;
      for (const key of keys) if (!expected.keys.has(key)) return false;
      expected = undefined;
      return true;
    },
  };
}
