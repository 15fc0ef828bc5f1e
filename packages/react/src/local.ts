// Local or remote? The core's collections and queries have `filter(fn)`; the bridge's never do (a
// function cannot cross a message), which the bridge's types promise. A local store is read during
// render, so the first render has the result; a remote one is asked only once React subscribes,
// never from a render React may discard.
import { failed, loading, ready, type LiveState } from './cell';

export const isLocal = (source: object): boolean => typeof (source as { filter?: unknown }).filter === 'function';

/** The state of the first render: the result of a local `read`, or loading (showing `previous`). */
export function firstState<R>(source: object, read: () => R, previous: R | undefined): LiveState<R> {
  if (!isLocal(source)) return loading(previous);
  try {
    return ready(read());
  } catch (error) {
    return failed(error);
  }
}
