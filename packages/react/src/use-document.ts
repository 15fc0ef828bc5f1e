// useDocument: one document by primary key, live. It re-reads only after an event naming its key
// (or a 'clear'): remotely one `get` round trip per change of that document, never a result list.
import { createCell, ready, type LiveState } from './cell';
import { watchReads, type WatchedCollection } from './reads';
import { useCell } from './use-cell';

/** A collection of either store: its `get` gives the key and document types. */
export interface DocumentCollection extends WatchedCollection {
  get(key: never): unknown;
}

export type KeyOfCollection<C> = C extends { get(key: infer K): unknown } ? K : never;
/** `Doc<T> | undefined`, for a local collection (synchronous `get`) or a remote one (a Promise). */
export type DocOfCollection<C> = C extends { get(key: never): infer R } ? Awaited<R> : never;

/** The document stored under `key`, or undefined; `null` or `undefined` as key reads nothing. */
export function useDocument<C extends DocumentCollection>(collection: C, key: KeyOfCollection<C> | null | undefined): LiveState<DocOfCollection<C>> {
  return useCell<DocOfCollection<C>>(
    (previous) =>
      key == null
        ? createCell(ready(undefined as DocOfCollection<C>))
        : watchReads(
            collection,
            () => (collection.get as (key: unknown) => DocOfCollection<C> | PromiseLike<DocOfCollection<C>>)(key),
            (type, keys) => type === 'clear' || keys.includes(key),
            previous,
          ),
    [collection, key],
  );
}
