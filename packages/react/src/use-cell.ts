// The one place the hooks meet React: a cell per deps, read through useSyncExternalStore (React 18
// and 19, and Preact through preact/compat), so every component reads one consistent snapshot.
import { isRamifyError } from '@ramify-db/core';
import { useEffect, useMemo, useRef, useSyncExternalStore, type DependencyList } from 'react';
import type { Cell, LiveState } from './cell';

/** What the hook showed last, carried to the cell of the next deps while it loads. */
const shownData = <R>(state: LiveState<R> | undefined): R | undefined => (state?.status === 'loading' ? state.previous : state?.data);

export function useCell<R>(create: (previous: R | undefined) => Cell<R>, deps: DependencyList): LiveState<R> {
  const shown = useRef<LiveState<R>>(undefined);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps are the factory's
  const cell = useMemo(() => create(shownData(shown.current)), deps);
  const state = useSyncExternalStore(cell.subscribe, cell.getSnapshot, cell.getSnapshot);
  useEffect(() => {
    shown.current = state;
  });
  // The store's refusals are states; anything else (a bug in a factory or a filter) goes to the nearest error boundary.
  if (state.status === 'error' && !isRamifyError(state.error)) throw state.error;
  return state;
}
