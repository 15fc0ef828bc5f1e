// The object stores persistence keeps for itself next to the collections' stores.
import type { KeyPath } from './compound-keys';
import type { Layout } from './types';

/** One row per collection: how its store is laid out, checked at every open. */
export const META_STORE = 'ramify:meta';
/** Idempotency records of applied requests. */
export const APPLIED_STORE = 'ramify:applied';

export const INTERNAL_STORES: readonly string[] = [META_STORE, APPLIED_STORE];

export interface MetaRow {
  collection: string;
  layout: Layout;
  primaryKey: KeyPath;
  /** Documents in the store after the last write (chunks only), for hydration progress. */
  count?: number;
}

export interface AppliedRecord {
  id: string;
  result: unknown;
  /** When it was marked, in ms since the epoch; records expire after a day. */
  at: number;
}
