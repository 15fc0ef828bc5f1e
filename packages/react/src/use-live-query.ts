// useLiveQuery: a query's result, live, from the core (synchronous: the first render has it) or
// from the bridge (the first result arrives later; the bridge keeps it across a worker stop and
// sends only what changed, so a reconnect shows no empty list).
import type { DependencyList } from 'react';
import { createCell, failed, ready, type LiveState } from './cell';
import { firstState } from './local';
import { useCell } from './use-cell';

/** A query of either store: what `where(...)`, `sortBy(...)`... return. */
export interface LiveQuerySource {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query's documents
  observe(callback: (docs: any) => void, onError?: (error: any) => void): () => void;
}

/** `Doc<T>[]` for a query over `T`; `undefined` joins when the factory may return nothing. */
export type ResultOf<Q> = Q extends LiveQuerySource ? (Q['observe'] extends (callback: (docs: infer D) => void, ...rest: never[]) => unknown ? D : never) : undefined;

/**
 * The live result of the query `factory` returns, run again when `deps` change (compared with
 * Object.is, as useMemo does). Return `null` or `undefined` for no query: `data` is undefined.
 */
export function useLiveQuery<Q extends LiveQuerySource | null | undefined>(factory: () => Q, deps: DependencyList): LiveState<ResultOf<Q>> {
  return useCell<ResultOf<Q>>((previous) => {
    let query: Q;
    try {
      query = factory();
    } catch (error) {
      return createCell(failed(error));
    }
    if (query == null) return createCell(ready(undefined as ResultOf<Q>));
    const source = query;
    const initial = firstState(source, () => (source as unknown as { toArray(): ResultOf<Q> }).toArray(), previous);
    return createCell(initial, (feed) => source.observe(feed.ready, feed.fail));
  }, deps);
}
