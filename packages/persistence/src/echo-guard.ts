// Hydration loads documents with the core's public bulkAdd, which emits a `create` event like any
// write. That one event is an echo of what is already on disk: the guard recognises it (same
// collection, exactly the keys of the documents being loaded, in their order, which is the order
// the core reports them in) so it is not written back. Anything else — say a subscriber that writes
// in reaction to it — is a real change and goes through. The keys are compared with the documents'
// own primary keys as they are: no set of keys is built per batch.
import type { ChangeType, Key } from '@ramify-db/core';
import type { KeyPath } from './compound-keys';
import { keyOf } from './layout';

export interface EchoGuard {
  /** A load of `docs` into `collection` starts; `keyPath` names their key field(s). */
  expect(collection: string, docs: readonly unknown[], keyPath: KeyPath): void;
  end(): void;
  /** True (once) for the event of the load in progress. */
  isEcho(collection: string, type: ChangeType, keys: readonly Key[]): boolean;
}

export function createEchoGuard(): EchoGuard {
  let expected: { collection: string; docs: readonly unknown[]; keyPath: KeyPath } | undefined;
  return {
    expect(collection, docs, keyPath) {
      expected = { collection, docs, keyPath };
    },
    end() {
      expected = undefined;
    },
    isEcho(collection, type, keys) {
      if (expected === undefined || type !== 'create' || expected.collection !== collection || expected.docs.length !== keys.length) return false;
      const { docs, keyPath } = expected;
      if (typeof keyPath === 'string') {
        for (let i = 0; i < keys.length; i++) {
          // The core accepted these documents, so each is an object with its key as an own field.
          if ((docs[i] as Record<string, unknown>)[keyPath] !== keys[i]) return false;
        }
      } else if (keys.some((key, i) => keyOf(docs[i], keyPath) !== key)) return false;
      expected = undefined;
      return true;
    },
  };
}
