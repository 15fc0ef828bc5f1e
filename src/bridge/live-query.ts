// The background side of one live query: the core's observe() gives each new result; the first goes
// to the page whole (a snapshot, sequence 0), every later one as a delta against the one before,
// numbered 1, 2, 3... so the page can tell that it holds the delta's base. Results the page already
// has (the core calls back only on change, but a change may cancel out) send nothing.
import { encode } from './codec';
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
  primaryKey: string,
  send: (message: SnapshotMessage | DeltaMessage, size: number) => void,
  fail: (error: unknown) => void,
): (() => void) | undefined {
  const keyOf = (doc: Doc) => doc[primaryKey];
  let previous: Doc[] | undefined;
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
      if (previous === undefined) {
        const { value, meta, size } = encode(docs);
        send({ t: 'snap', id, s: 0, pk: primaryKey, v: value, x: meta }, size);
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
