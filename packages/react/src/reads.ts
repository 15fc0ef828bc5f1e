// A value read from a collection again after each change event that concerns it: how a document
// and a count stay live without transferring a result. Locally a read is synchronous and a change
// event arrives once per write or transaction. Remotely a read is a request, and the bridge's
// 'resync' (events were missed while the port was down) always concerns it; at most one read is
// in flight, and events arriving meanwhile ask for one more, so a burst costs two round trips.
import type { ChangeType } from '@ramify-db/core';
import { createCell, type Cell } from './cell';
import { firstState } from './local';

/**
 * The bridge's RemoteChangeType, restated so the hooks depend on the core alone: an app on a
 * local store installs no bridge (test/react/types.test.ts checks that the two agree).
 */
export type ChangeEventType = ChangeType | 'resync';

/** What the hooks need of a collection of either store. */
export interface WatchedCollection {
  /** `onError`: a remote collection's refused or ended subscription (a local one never fails). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any collection's keys
  subscribe(listener: (type: ChangeEventType, keys: any[]) => unknown, onError?: (error: Error) => void): () => void;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as PromiseLike<unknown> | null)?.then === 'function';

export function watchReads<R>(
  collection: WatchedCollection,
  read: () => R | PromiseLike<R>,
  /** Whether an event changes what `read` returns ('resync' always does). */
  concerns: (type: ChangeEventType, keys: unknown[]) => boolean,
  previous: R | undefined,
): Cell<R> {
  return createCell(firstState(collection, read as () => R, previous), (feed) => {
    let stopped = false;
    let busy = false;
    let again = false;
    /** Why the events stopped coming (a remote subscription refused or ended): no read is live after it. */
    let ended: { error: Error } | undefined;
    const run = (): void => {
      if (stopped || ended !== undefined) return;
      if (busy) {
        again = true;
        return;
      }
      let result: R | PromiseLike<R>;
      try {
        result = read();
      } catch (error) {
        return feed.fail(error);
      }
      if (!isThenable(result)) return feed.ready(result);
      busy = true;
      const done = () => {
        busy = false;
        if (again) {
          again = false;
          run();
        }
      };
      // Every answer is shown, even with another read coming: under a steady stream of writes,
      // waiting for a quiet moment could show nothing new for as long as the stream lasts.
      result.then(
        (value) => {
          if (ended === undefined) feed.ready(value);
          else feed.fail(ended.error, value);
          done();
        },
        (error) => {
          feed.fail(error);
          done();
        },
      );
    };
    const unsubscribe = collection.subscribe(
      (type, keys) => {
        if (type === 'resync' || concerns(type, keys)) run();
      },
      // Without its events the value would go stale unnoticed: shown as the error it is, with the
      // answer of a read still in flight when that read ends.
      (error) => {
        ended = { error };
        if (!stopped && !busy) feed.fail(error);
      },
    );
    // Also catches a change made between the render that read and this subscription.
    run();
    return () => {
      stopped = true;
      unsubscribe();
    };
  });
}
