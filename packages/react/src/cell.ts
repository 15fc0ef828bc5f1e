// What a hook shows, held outside React: a state object that keeps its identity until the result
// changes (useSyncExternalStore compares snapshots with Object.is, so a new object for the same
// result would render again, and a new object on every read would loop), and the subscription
// that feeds it. Creating a cell subscribes to nothing: React subscribes when it commits.
import type { RamifyError } from '@ramify-db/core';

/**
 * A live result as a component sees it. `loading` only before a remote result's first answer
 * (a local store answers during the first render); `previous` is what the hook showed for the
 * deps before, so a list can stay on screen meanwhile. `error` keeps the last result in `data`.
 */
export type LiveState<R> =
  | { readonly status: 'loading'; readonly data: undefined; readonly error: undefined; readonly previous: R | undefined }
  | { readonly status: 'ready'; readonly data: R; readonly error: undefined; readonly previous?: undefined }
  | { readonly status: 'error'; readonly data: R | undefined; readonly error: RamifyError; readonly previous?: undefined };

export interface Feed<R> {
  ready(data: R): void;
  /** Shows `error` with the last result, or with `data` when given (a read that answered after its events ended). */
  fail(error: unknown, ...data: [R] | []): void;
}

/** Starts feeding a cell; returns the function that stops. */
export type Start<R> = (feed: Feed<R>) => () => void;

export interface Cell<R> {
  getSnapshot(): LiveState<R>;
  subscribe(onChange: () => void): () => void;
}

export const ready = <R>(data: R): LiveState<R> => ({ status: 'ready', data, error: undefined });
export const loading = <R>(previous: R | undefined): LiveState<R> => ({ status: 'loading', data: undefined, error: undefined, previous });
/** Held as a RamifyError; the hook throws anything else during render (it is a bug, not a state). */
export const failed = <R>(error: unknown, data?: R): LiveState<R> => ({ status: 'error', data, error: error as RamifyError });

/** The same result: the same value, or arrays holding the same values (documents keep their identity while unchanged). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createCell<R>(initial: LiveState<R>, start?: Start<R>): Cell<R> {
  let state = initial;
  return {
    getSnapshot: () => state,
    subscribe(onChange) {
      // A subscription that ended (unmount, deps changed, StrictMode's trial unmount) changes nothing more.
      let active = true;
      const set = (next: LiveState<R>) => {
        if (!active) return;
        state = next;
        onChange();
      };
      const stop = start?.({
        ready: (data) => {
          if (state.status !== 'ready' || !same(state.data, data)) set(ready(data));
        },
        fail: (error, ...data) => set(failed(error, data.length > 0 ? data[0] : state.data)),
      });
      return () => {
        active = false;
        stop?.();
      };
    },
  };
}
