// The background side of one live query: the core's observe() gives each new result; the first goes
// to the page whole (a snapshot, sequence 0), every later one as a delta against the one before,
// numbered 1, 2, 3... so the page can tell that it holds the delta's base. Results the page already
// has (the core calls back only on change, but a change may cancel out) send nothing.
//
// A live query answered before hydration (from a persisted snapshot, see serve.ts) starts from that
// snapshot instead: the first result of the hydrated store goes as a delta against it, and
// documents deep-equal to the snapshot's count as unchanged, so the page keeps them as they are.
import { deepEqual } from '@ramify-db/core';
import { encode } from './codec';
import { keyIdentity } from './doc-key';
import { diffResults } from './live-delta';
import type { DeltaMessage, SnapshotMessage } from './protocol';

type Doc = Record<string, unknown>;

interface Observable {
  observe(callback: (docs: Doc[]) => void, onError: (error: unknown) => void): () => void;
}

/**
 * Starts pushing; returns the function that stops. A query that fails to run, now or after a
 * change, or whose result cannot be sent, stops and goes to `fail` with the error as it was thrown
 * (NOT_INDEXED, INVALID_QUERY...). Returns undefined when it failed before it returned.
 */
export function pushLiveQuery(
  query: Observable,
  id: string,
  /** The collection's key fields (keyFieldsOf), sent with the snapshot. */
  keyFields: string[],
  send: (message: SnapshotMessage | DeltaMessage, size: number) => void,
  fail: (error: unknown) => void,
  /** The result the page already holds (sent as sequence 0), when it did not come from this live query. */
  baseline?: readonly Doc[],
): (() => void) | undefined {
  const keyOf = keyIdentity(keyFields);
  let previous: Doc[] | undefined;
  let held = baseline;
  let sequence = 0;
  let ended = false;
  let stopObserving: (() => void) | undefined;
  const stop = () => {
    ended = true;
    stopObserving?.();
  };
  const failed = (error: unknown) => {
    if (ended) return;
    stop();
    fail(error);
  };
  stopObserving = query.observe((docs) => {
    if (ended) return;
    try {
      if (held !== undefined) {
        previous = carryOver(held, docs, keyOf);
        held = undefined;
      }
      if (previous === undefined) {
        const { value, meta, size } = encode(docs);
        send({ t: 'snap', id, s: 0, pk: keyFields, v: value, x: meta }, size);
      } else {
        const delta = diffResults(previous, docs, keyOf);
        if (delta !== undefined) {
          const { value, meta, size } = encode(delta.docs);
          send({ t: 'delta', id, s: ++sequence, o: delta.ops, v: value, x: meta }, size);
        }
      }
      previous = docs;
    } catch (error) {
      failed(error);
    }
  }, failed);
  // Failed during the first run, before observe() returned its stop function.
  if (ended) {
    stopObserving();
    return undefined;
  }
  return stop;
}

/**
 * The held result with each document deep-equal to its namesake in `docs` replaced by it: the
 * delta then sends only what differs, and refers to the rest by position.
 */
function carryOver(held: readonly Doc[], docs: readonly Doc[], keyOf: (doc: Doc) => unknown): Doc[] {
  const byKey = new Map<unknown, Doc>();
  for (const doc of docs) byKey.set(keyOf(doc), doc);
  return held.map((old) => {
    const now = byKey.get(keyOf(old));
    return now !== undefined && deepEqual(old, now) ? now : old;
  });
}
