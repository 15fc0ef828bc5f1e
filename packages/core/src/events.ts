// Change events: one queue per store, so every subscriber of every collection sees changes in the
// order they happened, even when a subscriber writes while an event is being delivered.
import type { CollectionState, StoreState } from './state';
import { publicKeys } from './keys';
import type { ChangeType, Key } from './types';

export function emit(collection: CollectionState, type: ChangeType, keys: readonly Key[]): void {
  const store = collection.store;
  if (collection.listeners.size === 0 && !store.delivering) return;
  // Listeners hear keys as callers give them: a compound key as its tuple.
  store.queue.push({ collection, type, keys: Object.freeze(publicKeys(collection, keys as Key[])) as readonly Key[] });
  if (!store.delivering) deliver(store);
}

function deliver(store: StoreState): void {
  store.delivering = true;
  try {
    for (let i = 0; i < store.queue.length; i++) {
      const { collection, type, keys } = store.queue[i];
      for (const listener of [...collection.listeners]) {
        try {
          const result = listener(type, keys as Key[]);
          if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
            (result as Promise<void>).then(undefined, (error: unknown) => report(store, error));
          }
        } catch (error) {
          report(store, error);
        }
      }
    }
  } finally {
    store.queue.length = 0;
    store.delivering = false;
  }
}

function report(store: StoreState, error: unknown): void {
  try {
    store.onError(error);
  } catch {
    // An onError handler that throws must not break the write that triggered it.
  }
}
