// Answers before hydration. A woken background must load the whole store before memory can answer;
// when its persistence keeps query snapshots (persist()'s `snapshots`: the results of the queries
// pages observe, written with the data they reflect), a live query or a read of the same query is
// answered from its snapshot meanwhile, with one IndexedDB read. Structural: the bridge does not
// import persistence, and a persistence without snapshots is served as before.
import type { QueryJSON } from '@ramify-db/core';
import type { PrimaryKey } from './doc-key';

export interface SnapshotSource {
  /** A page observes this query: keep its result from now on. */
  track(description: QueryJSON): void;
  /** While hydration runs: the query's result as the data on disk holds it, or undefined. */
  read(description: QueryJSON): Promise<readonly unknown[] | undefined>;
}

/** The snapshots of `persistence` (what serve() was given), when it has them. */
export function snapshotSource(persistence: unknown): SnapshotSource | undefined {
  const candidate = persistence !== null && typeof persistence === 'object' ? (persistence as { snapshots?: unknown }).snapshots : undefined;
  if (candidate === null || typeof candidate !== 'object') return undefined;
  const { track, read } = candidate as Partial<SnapshotSource>;
  return typeof track === 'function' && typeof read === 'function' ? (candidate as SnapshotSource) : undefined;
}

type Doc = Record<string, unknown>;

/** The query methods a snapshot answers, each from the query's whole result, as the core computes them. */
const READS: Readonly<Record<string, (docs: readonly Doc[], primaryKey: PrimaryKey) => unknown>> = {
  toArray: (docs) => docs,
  first: (docs) => docs[0],
  last: (docs) => docs[docs.length - 1],
  count: (docs) => docs.length,
  keys: (docs, primaryKey) => docs.map(typeof primaryKey === 'string' ? (doc) => doc[primaryKey] : (doc) => primaryKey.map((field) => doc[field])),
};

/** Whether a snapshot answers query method `method` called with `args`. */
export function answersFromSnapshot(method: string, args: readonly unknown[]): boolean {
  return Object.hasOwn(READS, method) && args.length === 0;
}

/** What query method `method` returns for the whole result `docs`. */
export function readFromSnapshot(method: string, docs: readonly unknown[], primaryKey: PrimaryKey): unknown {
  return READS[method](docs as readonly Doc[], primaryKey);
}
