// Ramify: creates typed stores from collection definitions.
import type { Collections, Store } from './api';
import { createCollection } from './collection';
import { ownField } from './path';
import { describe, RamifyError } from './errors';
import { validateDefinitions } from './schema';
import { createCollectionState, createStoreState } from './state';
import { atomic } from './transaction';
import type { StoreOptions, StoreSchema } from './types';
import { clearAll } from './writes';

const defaultOnError = (error: unknown) => console.error(error);

/** The onError of some options, read from their own fields; INVALID_ARGUMENT unless they are an object. */
function onErrorOf(method: string, options: unknown): unknown {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new RamifyError('INVALID_ARGUMENT', `${method}: options must be an object (got ${describe(options)})`, { value: options });
  }
  return ownField(options, 'onError');
}

export class Ramify {
  private readonly onError: unknown;

  constructor(options?: StoreOptions) {
    this.onError = onErrorOf('new Ramify()', options);
  }

  createStore<S extends StoreSchema>(definitions: S, options?: StoreOptions): Store<S> {
    const onError = onErrorOf('createStore', options) ?? this.onError ?? defaultOnError;
    if (typeof onError !== 'function') {
      throw new RamifyError('INVALID_ARGUMENT', `createStore: onError must be a function (got ${describe(onError)})`, { value: onError });
    }
    const collectionDefinitions = validateDefinitions(definitions);
    const state = createStoreState(onError as (error: unknown) => void);
    const states = collectionDefinitions.map((definition) => createCollectionState(definition, state));
    const built: Record<string, unknown> = {};
    for (const collectionState of states) built[collectionState.name] = createCollection(collectionState);
    // Sound: validateDefinitions accepted every name of S, and each collection was built from its
    // definition; the core's runtime is untyped (it checks every value it is given), its types are api.ts.
    const collections = Object.freeze(built) as Collections<S>;
    const store: Store<S> = {
      ...collections,
      collections,
      transaction: <R>(fn: () => R): R => {
        if (typeof fn !== 'function') {
          throw new RamifyError('INVALID_ARGUMENT', `transaction() needs a function (got ${describe(fn)})`, { value: fn });
        }
        return atomic(state, fn);
      },
      delete: (): void => atomic(state, () => states.forEach(clearAll)),
    };
    Object.freeze(store);
    return store;
  }
}
