// Wraps a query or a collection of either store so a test can see how many live subscriptions
// (observe, subscribe) are open on it: the hooks must leave none behind.
export interface Tracker {
  /** Subscriptions open now. */
  open: number;
  /** Subscriptions ever opened. */
  opened: number;
}

export const tracker = (): Tracker => ({ open: 0, opened: 0 });

/** An object that reads everything from `source` (its prototype; core collections are frozen) but counts its subscriptions. */
export function tracked<S extends object>(source: S, track: Tracker): S {
  const wrapper = Object.create(source) as object;
  for (const name of ['observe', 'subscribe']) {
    const method = (source as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    const counted = (...args: unknown[]) => {
      track.open++;
      track.opened++;
      const stop = method.apply(source, args) as () => void;
      let stopped = false;
      return () => {
        if (!stopped) track.open--;
        stopped = true;
        stop();
      };
    };
    // Defined, not assigned: an inherited read-only property cannot be shadowed by assignment.
    Object.defineProperty(wrapper, name, { value: counted });
  }
  return wrapper as S;
}
