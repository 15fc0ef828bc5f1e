// The background side of one live query: the core's observe() gives each new result; the first goes
// to the page whole (a snapshot, sequence 0), every later one as a delta against the one before,
// numbered 1, 2, 3... so the page can tell that it holds the delta's base. Results the page already
// has (the core calls back only on change, but a change may cancel out) send nothing.
import { encode } from './codec';
import { diffResults } from './live-delta';
import type { DeltaMessage, SnapshotMessage } from './protocol';

type Doc = Record<string, unknown>;

interface Observable {
  observe(callback: (docs: Doc[]) => void): () => void;
}

/** Starts pushing; returns the function that stops, or undefined when the query never produced a result. */
export function pushLiveQuery(
  query: Observable,
  id: string,
  primaryKey: string,
  send: (message: SnapshotMessage | DeltaMessage, size: number) => void,
): (() => void) | undefined {
  const keyOf = (doc: Doc) => doc[primaryKey];
  let previous: Doc[] | undefined;
  let sequence = 0;
  const stop = query.observe((docs) => {
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
  });
  if (previous !== undefined) return stop;
  // The core reports a query that fails to run to the store's onError and never calls back.
  stop();
  return undefined;
}
