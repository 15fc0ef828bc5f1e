// The internal state behind a store and its collections. Only the core's own files see it.
import { createShapes, type Shapes } from './frozen';
import { indexName, type CollectionDefinition, type IndexSpec } from './schema';
import type { ChangeListener, ChangeType, Key } from './types';
import { createCompoundIndex, createValueIndex, type ValueIndex } from './value-index';

export type StoredDoc = Readonly<Record<string, unknown>>;

/**
 * What a slot's document needs before a read hands it out (see frozen.ts). Not frozen yet: built
 * by the store (a copy, or an update of one: every object in it is the store's own, or frozen), or
 * adopted (some objects in it came from the caller). `Not`: frozen already.
 */
export const Thawed = { Not: 0, Copy: 1, Adopted: 2 } as const;
export type Thawed = (typeof Thawed)[keyof typeof Thawed];

export interface CollectionState {
  readonly name: string;
  /** The key's field, or `[a+b]` for a compound key. */
  readonly primaryKey: string;
  /**
   * The fields of a compound primary key. Inside, its keys are the strings of their tuples
   * (tuple-order.ts): maps, frames and key indexes work as for any key; the collection's methods
   * and events turn them back into tuples (see keys.ts).
   */
  readonly keyParts: readonly string[] | undefined;
  /**
   * The documents by slot: a dense array indexes point into, so a result is built by reading
   * array slots. A deleted document leaves `undefined` and its slot on `free` for the next one.
   */
  docs: (StoredDoc | undefined)[];
  /** The slot of every key. */
  readonly slots: Map<Key, number>;
  readonly free: number[];
  /** The primary keys in order, for key ranges and sorting by key: built when first needed. */
  readonly keyIndex: ValueIndex;
  readonly indexes: readonly ValueIndex[];
  readonly byPath: ReadonlyMap<string, ValueIndex>;
  /** Whether any index is compound: the planner looks for compound walks only then. */
  readonly hasCompound: boolean;
  /** How its documents are built (see frozen.ts). */
  readonly shapes: Shapes;
  readonly listeners: Set<ChangeListener>;
  readonly store: StoreState;
  /** A mark per slot and the last tag handed out: unions and intersections of slots without a Set. */
  marks: Int32Array;
  tag: number;
  /** The serial of the frame that created the document in each slot, if it is still open. */
  born: Int32Array;
  /** 1 for each slot whose document no read has handed out yet, so not frozen yet (see frozen.ts). */
  thawed: Uint8Array;
  thawedCount: number;
}

/** What a transaction frame did to one collection (see transaction.ts). */
export interface FrameRecord {
  /** Keys the frame touched, with their documents before the frame began. */
  readonly touched: Map<Key, StoredDoc | undefined>;
  /** Slots of documents the frame created, while it is the only frame open. */
  created: number[];
}

export interface Frame {
  readonly serial: number;
  /** True while no other frame is open: created documents are listed by slot (see transaction.ts). */
  fast: boolean;
  readonly records: Map<CollectionState, FrameRecord>;
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
  const uniques = new Set(definition.unique.map(indexName));
  const plain = (spec: IndexSpec, unique: boolean) =>
    typeof spec === 'string' ? createValueIndex(spec, false, unique) : createCompoundIndex(indexName(spec), spec, unique);
  const listed = new Set([...definition.indexes, ...definition.multiEntry].map(indexName));
  const indexes = [
    ...definition.indexes.map((spec) => plain(spec, uniques.has(indexName(spec)))),
    ...definition.multiEntry.map((path) => createValueIndex(path, true, uniques.has(path))),
    ...definition.unique.filter((spec) => !listed.has(indexName(spec))).map((spec) => plain(spec, true)),
  ];
  const { keyParts } = definition;
  const keyIndex = keyParts === undefined ? createValueIndex(definition.primaryKey, false, false) : createCompoundIndex(definition.primaryKey, keyParts, false);
  keyIndex.built = false;
  return {
    name: definition.name,
    primaryKey: definition.primaryKey,
    keyParts,
    docs: [],
    slots: new Map(),
    free: [],
    keyIndex,
    indexes,
    byPath: new Map(indexes.map((index) => [index.path, index])),
    hasCompound: indexes.some((index) => index.parts !== undefined),
    shapes: createShapes(),
    listeners: new Set(),
    store,
    marks: new Int32Array(0),
    tag: 0,
    born: new Int32Array(0),
    thawed: new Uint8Array(0),
    thawedCount: 0,
  };
}
