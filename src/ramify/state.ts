// The internal state behind a store and its collections. Only the core's own files see it.
import type { CollectionDefinition } from './schema';
import { createSortedValues, type SortedValues } from './sorted-values';
import type { ChangeListener, ChangeType, Key } from './types';
import { createValueIndex, type ValueIndex } from './value-index';

export type StoredDoc = Readonly<Record<string, unknown>>;

export interface CollectionState {
  readonly name: string;
  readonly primaryKey: string;
  readonly docs: Map<Key, StoredDoc>;
  /** The primary keys in value order, for key ranges and sorting by key. */
  readonly keys: SortedValues;
  readonly keyIsLive: (key: unknown) => boolean;
  readonly indexes: readonly ValueIndex[];
  readonly byPath: ReadonlyMap<string, ValueIndex>;
  readonly listeners: Set<ChangeListener>;
  readonly store: StoreState;
}

/** The documents a transaction frame touched, with their state before the frame began. */
export interface Frame {
  readonly touched: Map<CollectionState, Map<Key, StoredDoc | undefined>>;
  readonly cleared: Set<CollectionState>;
}

export interface PendingEvent {
  readonly collection: CollectionState;
  readonly type: ChangeType;
  readonly keys: readonly Key[];
}

export interface StoreState {
  readonly frames: Frame[];
  readonly queue: PendingEvent[];
  delivering: boolean;
  onError: (error: unknown) => void;
}

export function createStoreState(onError: (error: unknown) => void): StoreState {
  return { frames: [], queue: [], delivering: false, onError };
}

export function createCollectionState(definition: CollectionDefinition, store: StoreState): CollectionState {
  const uniques = new Set(definition.unique);
  const indexes = [
    ...definition.indexes.map((path) => createValueIndex(path, false, uniques.has(path))),
    ...definition.multiEntry.map((path) => createValueIndex(path, true, uniques.has(path))),
    ...definition.unique
      .filter((path) => !definition.indexes.includes(path) && !definition.multiEntry.includes(path))
      .map((path) => createValueIndex(path, false, true)),
  ];
  const docs = new Map<Key, StoredDoc>();
  return {
    name: definition.name,
    primaryKey: definition.primaryKey,
    docs,
    keys: createSortedValues(),
    keyIsLive: (key) => docs.has(key as Key),
    indexes,
    byPath: new Map(indexes.map((index) => [index.path, index])),
    listeners: new Set(),
    store,
  };
}
