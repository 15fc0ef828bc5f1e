// useCount: how many documents a collection or a query holds, live, without reading them. Locally
// `count()` runs again after each change of the collection (a number: renders only when it
// differs). Remotely the page subscribes to the collection's events (keys only) and asks `count()`
// again after each burst: a round trip per burst, and no document crosses.
import type { DependencyList } from 'react';
import { createCell, failed, type LiveState } from './cell';
import { watchReads, type WatchedCollection } from './reads';
import { useCell } from './use-cell';

/** A collection of either store. */
export interface CountedCollection extends WatchedCollection {
  count(): number | PromiseLike<number>;
}

/** What `select` may return: a query of the same store as the collection (its `count` has the same type). */
export type CountOf<C extends CountedCollection> = { count: C['count'] };

/** The number of documents in `collection`, or in the query `select` builds from it (run again when `deps` change). */
export function useCount<C extends CountedCollection>(collection: C): LiveState<number>;
export function useCount<C extends CountedCollection>(collection: C, select: (collection: C) => CountOf<C>, deps: DependencyList): LiveState<number>;
export function useCount<C extends CountedCollection>(collection: C, select?: (collection: C) => CountOf<C>, deps: DependencyList = []): LiveState<number> {
  return useCell<number>(
    (previous) => {
      let target: CountOf<C>;
      try {
        target = select === undefined ? collection : select(collection);
      } catch (error) {
        return createCell(failed(error));
      }
      return watchReads(collection, () => target.count(), () => true, previous);
    },
    [collection, ...deps],
  );
}
