// Creates the reading list's in-memory store; only the background calls this.
import { Ramify, type Store } from '@ramify-db/core';
import { appSchema, type AppSchema } from './schema';

export type AppStore = Store<AppSchema>;

export function createAppStore(onError?: (error: unknown) => void): AppStore {
  return new Ramify(onError ? { onError } : {}).createStore<AppSchema>(appSchema);
}
