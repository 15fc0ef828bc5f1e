// Query snapshots: the results of the queries pages observe, kept on disk so that a background
// woken from a stop can answer them with one read, before hydration is over.
//
// - Which queries: those `track()` is told about (the bridge tracks every query a page observes),
//   at most SNAPSHOT_QUERIES, the least recently observed going first, and one-off ones (observed in
//   one session only) before any other, at most SNAPSHOT_ONE_OFFS of them. The list is saved too.
// - Never staler than the data: a write of a collection recomputes, from memory, the snapshots of
//   its tracked queries and writes those that changed in the same IndexedDB transaction as the
//   documents (memory at that moment is exactly what the transaction makes durable). A result of
//   more than SNAPSHOT_DOCS documents is recorded as too large (and not computed again before it
//   is observed again), as is any result of a collection the core refused a stored document of,
//   and any result of a query without sortBy but one of a single document, without offset or
//   limit (the order of any other is the planner's, which a hydration does not keep).
// - Used only while hydration runs: until then nothing is written, so the disk is what a full
//   hydration would load, and a snapshot read from it is what the query would give once loaded.
//   After hydration, memory answers.
// - An upgrade deletes every snapshot (open.ts): a migration may change what they reflect; a row
//   made for another layout or index set (its fingerprint) is never used, and is written again.
import type { QueryJSON } from '@ramify-db/core';
import { fieldOf } from './layout';
import { estimateSize } from './size-estimate';
import {
  canonical,
  describedBy,
  fingerprint,
  listedQueries,
  rowDocs,
  SNAPSHOT_BYTES,
  SNAPSHOT_DOCS,
  SNAPSHOT_LIST,
  SNAPSHOT_ONE_OFFS,
  SNAPSHOT_QUERIES,
  snapshotRow,
  type Canonical,
  type SnapshotList,
  type SnapshotRow,
} from './snapshot-rows';
import type { CollectionLike, Layout } from './types';

/** What the bridge (or any server of the store) uses: structural, it does not import persistence. */
export interface Snapshots {
  /**
   * A page observes this query: keep its result on disk from now on (when it has at most
   * SNAPSHOT_DOCS documents). Anything but a valid description of a collection's query is ignored.
   */
  track(description: QueryJSON): void;
  /**
   * While hydration runs: the result of the query as the data on disk holds it, from its snapshot.
   * Every snapshot is read with the database's schema check, before hydration reads anything: it
   * answers as soon as the database is open. Undefined when there is none to trust, or once
   * hydration is over.
   */
  read(description: QueryJSON): Promise<unknown[] | undefined>;
}

/** What a write must add for the snapshots: computed from memory when the write is prepared. */
export interface SnapshotWrite {
  puts: { entry: Entry; docs: unknown[] | null }[];
  /** Entries computed whose result did not change: their documents, to compare by identity next time. */
  same: { entry: Entry; docs: unknown[] | null }[];
  deletes: string[];
  list: SnapshotList | undefined;
  /** Marks up to which due entries and list changes this write covers. */
  stamp: number;
}

export interface SnapshotKeeper extends Snapshots {
  /** The database is open; `rows` are the snapshot rows and the list of them, as read. */
  opened(rows: readonly unknown[]): void;
  /** Hydration is over, or failed: snapshots are no longer read; `rejected` collections keep none. */
  hydrated(rejected: ReadonlySet<string>): void;
  /** The snapshots a write of `changed` collections must carry (undefined: none). */
  prepare(changed: ReadonlySet<string>): SnapshotWrite | undefined;
  stage(meta: IDBObjectStore, write: SnapshotWrite): void;
  /** The write committed (a failed one is prepared again from its retry). */
  settle(write: SnapshotWrite): void;
  /** Whether a write is owed with no data changed: a new query, or a snapshot to write again. */
  readonly owed: boolean;
  close(): void;
}

interface Query {
  toArray(): unknown[];
}

interface Entry {
  key: string;
  of: string;
  used: number;
  hits: number;
  /** Observed in this session (counted in `hits` once). */
  session: boolean;
  /** It has a row on disk (listed when the database was opened, or written since). */
  stored: boolean;
  /** Its row holds a result too large to keep: not computed again until it is observed again. */
  large: boolean;
  /** The documents (from memory) its row holds, to compare by identity; undefined when unknown. */
  written: unknown[] | null | undefined;
  /** Compute and write at the next write whatever changed (0: not due; else the stamp it was marked at). */
  due: number;
  /** Its query, capped at `cap` + 1 documents; built on first use; null when no result of it is kept. */
  query: Query | undefined | null;
  /** The most documents a kept result of it may have. */
  cap: number;
}

export function createSnapshotKeeper(collections: readonly CollectionLike[], layout: Layout, requestWrite: () => void): SnapshotKeeper {
  const byName = new Map(collections.map((collection) => [collection.collectionName, collection]));
  const schemas = new Map(collections.map((collection) => [collection.collectionName, fingerprint(collection, layout)]));
  const entries = new Map<string, Entry>();
  /** Rows to delete with the next write (queries no longer tracked). */
  const dropped = new Set<string>();
  /** Tracked before the list was loaded. */
  let early: Canonical[] = [];
  let loaded = false;
  /** The rows read when the database was opened, by query key; dropped once hydration is over. */
  let rows = new Map<string, unknown>();
  let resolveOpening: () => void = () => {};
  const opening = new Promise<void>((resolve) => (resolveOpening = resolve));
  let over = false;
  let closed = false;
  let disabled: ReadonlySet<string> = new Set();
  /** Counts the marks (due entries, list changes), so a write knows which it covered. */
  let stamp = 0;
  /** The stamp of the last change to the list, or 0 when it is saved as it is. */
  let listChanged = 0;

  const mark = () => ++stamp;

  function markDue(entry: Entry): void {
    entry.due = mark();
  }

  function apply(canon: Canonical): void {
    const now = Date.now();
    const entry = entries.get(canon.key);
    if (entry !== undefined) {
      entry.used = now;
      if (entry.session) return;
      entry.session = true;
      entry.hits++;
      listChanged = mark();
      evict(entry);
      // Too large last time, or never written: try again.
      if (entry.large || !entry.stored) markDue(entry);
      return;
    }
    dropped.delete(canon.key);
    const added: Entry = { key: canon.key, of: canon.of, used: now, hits: 1, session: true, stored: false, large: false, written: undefined, due: mark(), query: undefined, cap: SNAPSHOT_DOCS };
    entries.set(canon.key, added);
    evict(added);
    listChanged = mark();
    if (over) requestWrite();
  }

  /**
   * Keeps the list within its bounds, in two parts each dropping its least recently observed
   * first: queries observed in one session only (at most SNAPSHOT_ONE_OFFS: a burst of searches
   * churns there) and those observed in several (the rest). `changed` (just added or just
   * observed again) never goes: it has not had its chance yet.
   */
  function evict(changed: Entry): void {
    const others = [...entries.values()].filter((entry) => entry !== changed).sort((a, b) => a.used - b.used);
    for (const oneOff of [true, false]) {
      const part = others.filter((entry) => (entry.hits === 1) === oneOff);
      let size = part.length + ((changed.hits === 1) === oneOff ? 1 : 0);
      const bound = oneOff ? SNAPSHOT_ONE_OFFS : SNAPSHOT_QUERIES - SNAPSHOT_ONE_OFFS;
      for (; size > bound; size--) drop(part.shift() as Entry);
    }
  }

  function drop(entry: Entry): void {
    entries.delete(entry.key);
    dropped.add(entry.key);
    listChanged = mark();
  }

  /**
   * The result to keep for `entry` now: its documents; null when there is none to keep (too large,
   * or in an order a fresh hydration need not give); undefined when its query cannot run.
   */
  function compute(entry: Entry): unknown[] | null | undefined {
    if (disabled.has(entry.of)) return null;
    if (entry.query === undefined) {
      const description = describedBy(entry.key);
      // Without sortBy a result's order is whatever index the planner walks, which depends on the
      // order documents were written in, not kept across a hydration: only a result of one
      // document, and of no window, is the same whatever that order.
      const ordered = description.sortBy !== undefined;
      const windowed = (description.offset ?? 0) > 0 || description.limit !== undefined;
      const cap = ordered ? SNAPSHOT_DOCS : 1;
      const limit = description.limit === undefined || description.limit > cap ? cap + 1 : description.limit;
      try {
        entry.query = !ordered && windowed ? null : ((byName.get(entry.of) as CollectionLike).query({ ...description, limit }) as Query);
        entry.cap = cap;
      } catch {
        entry.query = undefined;
        return undefined;
      }
    }
    if (entry.query === null) return null;
    let docs: unknown[];
    try {
      docs = entry.query.toArray();
    } catch {
      return undefined;
    }
    if (docs.length > entry.cap) return null;
    if (sameDocs(entry.written, docs)) return entry.written as unknown[];
    return estimateSize(docs, SNAPSHOT_BYTES) > SNAPSHOT_BYTES ? null : docs;
  }

  function listRow(): SnapshotList {
    return {
      collection: SNAPSHOT_LIST,
      queries: [...entries.values()].map(({ key, of, used, hits }) => ({ key, of, used, hits })),
    };
  }

  return {
    track(description) {
      if (closed) return;
      const canon = canonical(byName, description);
      if (canon === undefined) return;
      if (loaded) apply(canon);
      else early.push(canon);
    },

    async read(description) {
      if (over) return undefined;
      const canon = canonical(byName, description);
      if (canon === undefined) return undefined;
      await opening;
      const entry = entries.get(canon.key);
      if (over || entry === undefined || entry.due !== 0) return undefined;
      const collection = byName.get(canon.of) as CollectionLike;
      const docs = rowDocs(rows.get(canon.key), canon.of, schemas.get(canon.of) as string, collection.primaryKey);
      if (docs === undefined) {
        // Missing, damaged or made for another schema: written again once hydration is over.
        markDue(entry);
        return undefined;
      }
      // Until hydration ends nothing is written: the disk still holds what was read.
      return docs;
    },

    opened(read) {
      let list: unknown;
      for (const row of read) {
        const key = fieldOf(row, 'collection');
        if (!Array.isArray(key)) continue;
        if (key.length === 1) list = row;
        else if (typeof key[1] === 'string') rows.set(key[1], row);
      }
      for (const listed of listedQueries(list)) {
        if (!byName.has(listed.of)) {
          dropped.add(listed.key);
          listChanged = mark();
          continue;
        }
        entries.set(listed.key, { ...listed, session: false, stored: true, large: false, written: undefined, due: 0, query: undefined, cap: SNAPSHOT_DOCS });
      }
      loaded = true;
      for (const canon of early) apply(canon);
      early = [];
      resolveOpening();
    },

    hydrated(rejected) {
      over = true;
      rows = new Map();
      resolveOpening();
      disabled = rejected;
      for (const entry of entries.values()) if (disabled.has(entry.of) && entry.written !== null) markDue(entry);
    },

    get owed() {
      if (listChanged !== 0 || dropped.size > 0) return true;
      for (const entry of entries.values()) if (entry.due !== 0) return true;
      return false;
    },

    prepare(changed) {
      if (!loaded) return undefined;
      const write: SnapshotWrite = { puts: [], same: [], deletes: [...dropped], list: undefined, stamp };
      for (const entry of entries.values()) {
        if (entry.due === 0 && (!changed.has(entry.of) || entry.large)) continue;
        const docs = compute(entry);
        if (docs === undefined) {
          // Its query no longer runs (the schema changed under it): not tracked any more.
          drop(entry);
          write.deletes.push(entry.key);
          continue;
        }
        if (docs === entry.written || (docs === null && entry.large && entry.written === null)) write.same.push({ entry, docs });
        else write.puts.push({ entry, docs });
      }
      if (listChanged !== 0) write.list = listRow();
      write.stamp = stamp;
      return write.puts.length + write.same.length + write.deletes.length > 0 || write.list !== undefined ? write : undefined;
    },

    stage(meta, write) {
      for (const key of write.deletes) meta.delete(snapshotRow(key));
      for (const { entry, docs } of write.puts) {
        const row: SnapshotRow = { collection: snapshotRow(entry.key), of: entry.of, schema: schemas.get(entry.of) as string, docs };
        meta.put(row);
      }
      if (write.list !== undefined) meta.put(write.list);
    },

    settle(write) {
      for (const { entry, docs } of [...write.puts, ...write.same]) {
        entry.written = docs;
        entry.stored = true;
        entry.large = docs === null;
        if (entry.due <= write.stamp) entry.due = 0;
      }
      for (const key of write.deletes) if (!entries.has(key)) dropped.delete(key);
      if (listChanged <= write.stamp) listChanged = 0;
    },

    close() {
      closed = true;
      over = true;
      rows = new Map();
      resolveOpening();
    },
  };
}

function sameDocs(written: unknown[] | null | undefined, docs: unknown[]): boolean {
  if (written === null || written === undefined || written.length !== docs.length) return false;
  for (let i = 0; i < docs.length; i++) if (written[i] !== docs[i]) return false;
  return true;
}
