// Runs a query description against the data as it is now: picks the clause with the fewest
// candidates to drive, tests the rest per document, and walks an index instead of sorting when
// the sort path is indexed and only a few results are wanted.
import { liveSlots, type Slots } from './bucket';
import { walk, type Bound } from './ordered-values';
import { compoundWalk } from './query-compound';
import type { ValueIndex } from './value-index';
import type { CompiledClause } from './query-clause';
import { pathReader } from './path';
import type { CollectionState, StoredDoc } from './state';
import { ensureBuilt, handOut } from './storage';
import { compareValues } from './value-order';

export interface QueryDescription {
  /** Compiled when the query is built, so bad paths and values fail there, not at run time. */
  readonly clauses: readonly CompiledClause[];
  readonly filters: readonly ((doc: never) => boolean)[];
  readonly sortBy?: string;
  readonly reverse: boolean;
  readonly offset: number;
  readonly limit?: number;
}

interface Plan {
  driver: CompiledClause | undefined;
  /**
   * The document in `slot`, handed out (frozen), when it passes every clause but the driver and
   * every filter; undefined otherwise. Filters are the caller's functions: they see handed-out
   * documents only.
   */
  accept: (slot: number) => StoredDoc | undefined;
  /** Everything the driver does not already guarantee. */
  rest: readonly CompiledClause[];
  /** True when the driver's candidates are the answer as they are. */
  unfiltered: boolean;
  all: readonly CompiledClause[];
  /** The driver's estimate (the collection's size without one). */
  best: number;
}

/** The document in `slot` when it passes `clauses` and then `filters`, handed out; else undefined. */
function passes(collection: CollectionState, slot: number, clauses: readonly CompiledClause[], filters: readonly ((doc: StoredDoc) => boolean)[]): StoredDoc | undefined {
  const doc = collection.docs[slot];
  // A filter function may write: a slot emptied meanwhile is skipped.
  if (doc === undefined) return undefined;
  for (let i = 0; i < clauses.length; i++) if (!clauses[i].test(doc)) return undefined;
  const out = handOut(collection, slot);
  for (let i = 0; i < filters.length; i++) if (!filters[i](out)) return undefined;
  return out;
}

function plan(collection: CollectionState, query: QueryDescription): Plan {
  const size = collection.slots.size;
  const all = query.clauses;
  let driver: CompiledClause | undefined;
  let best = Infinity;
  for (const clause of all) {
    const estimate = clause.estimate();
    if (estimate < best) {
      best = estimate;
      driver = clause;
    }
  }
  // A range that may hold every document (a multiEntry one counts each document up to four
  // times) is no better than a scan, which reads documents in order and lists none twice.
  if (driver !== undefined && driver.walks && best > size) driver = undefined;
  const rest = all.filter((clause) => clause !== driver);
  const filters = query.filters as readonly ((doc: StoredDoc) => boolean)[];
  const unfiltered = rest.length === 0 && filters.length === 0;
  return { driver, accept: (slot) => passes(collection, slot, rest, filters), rest, all, unfiltered, best: driver === undefined ? size : best };
}

/** The matching documents in the planner's natural order, at most `stop` of them, handed out. */
function collect(collection: CollectionState, { driver, accept, unfiltered }: Plan, stop: number): StoredDoc[] {
  const out: StoredDoc[] = [];
  if (driver === undefined) {
    for (let slot = 0; slot < collection.docs.length && out.length < stop; slot++) {
      const doc = unfiltered ? (collection.docs[slot] === undefined ? undefined : handOut(collection, slot)) : accept(slot);
      if (doc !== undefined) out.push(doc);
    }
    return out;
  }
  // The common case: the candidates are the answer.
  if (unfiltered) return driver.candidateDocs(stop);
  const slots = driver.candidates();
  for (let i = 0; i < slots.length && out.length < stop; i++) {
    const doc = accept(slots[i]);
    if (doc !== undefined) out.push(doc);
  }
  return out;
}

/** Walks the sort index (ties in key order), keeping documents every clause accepts. */
function walkSorted(collection: CollectionState, query: QueryDescription, p: Plan, want: number): StoredDoc[] {
  const index = query.sortBy === collection.primaryKey ? collection.keyIndex : collection.byPath.get(query.sortBy as string)!;
  return walkIndex(collection, query, p.all, index, null, null, query.reverse, want);
}

/** Walks an index between two bounds (ties in key order), keeping the first `want` documents every clause accepts. */
function walkIndex(
  collection: CollectionState,
  query: QueryDescription,
  clauses: readonly CompiledClause[],
  index: ValueIndex,
  lower: Bound | null,
  upper: Bound | null,
  reverse: boolean,
  want: number,
): StoredDoc[] {
  const out: StoredDoc[] = [];
  const filters = query.filters as readonly ((doc: StoredDoc) => boolean)[];
  const take = (slot: number): boolean => {
    const doc = passes(collection, slot, clauses, filters);
    if (doc === undefined) return true;
    out.push(doc);
    return out.length < want;
  };
  ensureBuilt(collection, index);
  walk(index.ordered, lower, upper, reverse, (_, bucket) => {
    if (typeof bucket === 'number') return take(bucket);
    const slots = byKey(collection, liveSlots(bucket));
    if (reverse) slots.reverse();
    for (let i = 0; i < slots.length; i++) if (!take(slots[i])) return false;
    return true;
  });
  return out;
}

/** Slots in the order of their documents' primary keys. */
function byKey(collection: CollectionState, slots: Slots): number[] {
  const docs = collection.docs;
  const readKey = collection.keyIndex.read;
  const list = Array.from(slots);
  const keys = list.map((slot) => readKey(docs[slot]));
  return list
    .map((_, i) => i)
    .sort((a, b) => compareValues(keys[a], keys[b]))
    .map((i) => list[i]);
}

function sortable(collection: CollectionState, path: string): boolean {
  if (path === collection.primaryKey) return collection.keyParts === undefined;
  const index = collection.byPath.get(path);
  return index !== undefined && !index.multiEntry && index.parts === undefined;
}

export function execute(collection: CollectionState, query: QueryDescription): StoredDoc[] {
  const p = plan(collection, query);
  const want = query.limit === undefined ? Infinity : query.offset + query.limit;
  if (want === 0) return [];
  const sortPath = query.sortBy;
  const compound = collection.hasCompound ? compoundWalk(collection, query.clauses, sortPath, p.best) : undefined;
  if (compound !== undefined) {
    const { index, lower, upper, sorted, rest } = compound;
    if (sorted) return window(walkIndex(collection, query, rest, index, lower, upper, query.reverse, want), query.offset, Infinity);
    const docs = walkIndex(collection, query, rest, index, lower, upper, false, sortPath === undefined && !query.reverse ? want : Infinity);
    return finish(collection, query, docs);
  }
  if (sortPath !== undefined && sortable(collection, sortPath)) {
    const n = collection.slots.size;
    const estimate = p.driver === undefined ? n : p.driver.estimate();
    // Walking visits about want * n / estimate documents; sorting the candidates costs m log m.
    const walkCost = p.driver === undefined ? Math.min(want, n) : (Math.min(want, n) * n) / Math.max(estimate, 1);
    const sortCost = estimate * Math.log2(estimate + 2);
    if (walkCost <= sortCost) return window(walkSorted(collection, query, p, want), query.offset, Infinity);
  }
  // Without sort or reverse, the first `want` matches are the answer: stop there.
  const stop = sortPath === undefined && !query.reverse ? want : Infinity;
  return finish(collection, query, collect(collection, p, stop));
}

/** Sorts, reverses and windows the matches as the query says. */
function finish(collection: CollectionState, query: QueryDescription, out: StoredDoc[]): StoredDoc[] {
  if (query.sortBy !== undefined) sortDocs(out, query.sortBy, collection.keyIndex.read);
  if (query.reverse) out.reverse();
  return window(out, query.offset, query.limit);
}

function window(docs: StoredDoc[], offset: number, limit: number | undefined): StoredDoc[] {
  if (offset === 0 && (limit === undefined || limit >= docs.length)) return docs;
  return docs.slice(offset, limit === undefined ? undefined : offset + limit);
}

function sortDocs(docs: StoredDoc[], path: string, keyOf: (doc: unknown) => unknown): void {
  const read = pathReader(path);
  // Decorate once: reading nested paths inside the comparator would repeat it n log n times.
  const decorated = docs.map((doc) => ({ doc, value: read(doc), key: keyOf(doc) }));
  decorated.sort((a, b) => compareValues(a.value, b.value) || compareValues(a.key, b.key));
  for (let i = 0; i < docs.length; i++) docs[i] = decorated[i].doc;
}

export function countMatches(collection: CollectionState, query: QueryDescription): number {
  const p = plan(collection, query);
  let total: number | undefined;
  if (p.rest.length === 0 && query.filters.length === 0) {
    // Candidates are distinct matches: counting them needs no documents.
    total = p.driver === undefined ? collection.slots.size : (p.driver.exactCount() ?? p.driver.candidates().length);
  }
  if (total === undefined) total = collect(collection, p, Infinity).length;
  const afterOffset = Math.max(0, total - query.offset);
  return query.limit === undefined ? afterOffset : Math.min(afterOffset, query.limit);
}
