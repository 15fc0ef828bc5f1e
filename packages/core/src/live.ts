// Live queries: run, call back, and run again after every change of the collections read,
// calling back only when the result is a different value. Immutability makes "different" exact:
// an unchanged document keeps its identity, so comparing identities is enough.
import { describe, RamifyError } from './errors';
import type { CollectionState } from './state';
import type { ChangeListener } from './types';

const states = new WeakMap<object, CollectionState>();

export function registerCollection(collection: object, state: CollectionState): void {
  states.set(collection, state);
}

export function stateOf(collection: unknown): CollectionState {
  const state = typeof collection === 'object' && collection !== null ? states.get(collection) : undefined;
  if (state === undefined) {
    throw new RamifyError('INVALID_ARGUMENT', `liveQuery needs the collections it reads, as collection objects (got ${describe(collection)})`, {
      value: collection,
    });
  }
  return state;
}

/** Same result: the same value, or arrays / plain objects whose members are the same values. */
export function sameResult(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && sameResult((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** The error callback of a live query: `onError` when given (checked), else the store's. */
export function errorCallback(read: readonly CollectionState[], onError: unknown, name: string): (error: unknown) => void {
  if (onError === undefined) return (error) => read[0]?.store.onError(error);
  if (typeof onError !== 'function') throw new RamifyError('INVALID_ARGUMENT', `${name} needs onError to be a function (got ${describe(onError)})`, { value: onError });
  return onError as (error: unknown) => void;
}

/**
 * Runs `run` now and after every change of the collections read, calling back when the result
 * differs. A run that throws goes to `failed` (and the next change runs it again); a callback that
 * throws goes to the store's onError.
 */
export function watch<R>(read: readonly CollectionState[], run: () => R, callback: (result: R) => void, failed?: (error: unknown) => void): () => void {
  if (typeof run !== 'function' || typeof callback !== 'function') {
    throw new RamifyError('INVALID_ARGUMENT', `liveQuery needs a run function and a callback (got ${describe(run)}, ${describe(callback)})`);
  }
  const onError = (error: unknown) => read[0]?.store.onError(error);
  let active = true;
  let last: { result: R } | undefined;
  const refresh = () => {
    if (!active) return;
    let result: R;
    try {
      result = run();
    } catch (error) {
      (failed ?? onError)(error);
      return;
    }
    if (last !== undefined && sameResult(last.result, result)) return;
    last = { result };
    try {
      callback(result);
    } catch (error) {
      onError(error);
    }
  };
  const listener: ChangeListener = () => refresh();
  for (const state of read) state.listeners.add(listener);
  refresh();
  return () => {
    active = false;
    for (const state of read) state.listeners.delete(listener);
  };
}

export function liveQuery<R>(run: () => R, collections: readonly unknown[], callback: (result: R) => void): () => void {
  if (!Array.isArray(collections) || collections.length === 0) {
    throw new RamifyError('INVALID_ARGUMENT', `liveQuery needs a non-empty array of the collections it reads (got ${describe(collections)})`, {
      value: collections,
    });
  }
  return watch(collections.map(stateOf), run, callback);
}
