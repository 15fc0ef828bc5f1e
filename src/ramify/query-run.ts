// Runs a query description against the data as it is now: picks the clause with the fewest
// candidates to drive, tests the rest per document, and walks an index instead of sorting when
// the sort path is indexed and only a few results are wanted.
import type { CompiledClause } from './query-clause';
import { pathReader } from './path';
import type { CollectionState, StoredDoc } from './state';
import { ensureBuilt } from './storage';
import type { Key } from './types';
import { bucketOf, walkValues } from './value-index';
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
  accept: (doc: StoredDoc) => boolean;
  /** Everything the driver does not already guarantee. */
  rest: readonly CompiledClause[];
  /** True when the driver's candidates are the answer as they are. */
  unfiltered: boolean;
  all: readonly CompiledClause[];
}

function plan(query: QueryDescription, size: number): Plan {
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
  // Walking a range costs a hash lookup or two per row in random order; a sequential scan of every
  // document is cheaper once the range holds more than about a quarter of them.
  if (driver !== undefined && driver.walks && best * 4 > size) driver = undefined;
  const rest = all.filter((clause) => clause !== driver);
  const filters = query.filters as readonly ((doc: StoredDoc) => boolean)[];
  const unfiltered = rest.length === 0 && filters.length === 0;
  const accept = unfiltered
    ? () => true
    : (doc: StoredDoc) => {
          for (let i = 0; i < rest.length; i++) if (!rest[i].test(doc)) return false;
          for (let i = 0; i < filters.length; i++) if (!filters[i](doc)) return false;
          return true;
        };
  return { driver, accept, rest, all, unfiltered };
}

/** The matching documents in the planner's natural order, at most `stop` of them. */
function collect(collection: CollectionState, { driver, accept, unfiltered }: Plan, stop: number): StoredDoc[] {
  const docs = collection.docs;
  const out: StoredDoc[] = [];
  if (driver === undefined) {
    for (const doc of docs.values()) {
      if (unfiltered || accept(doc)) {
        out.push(doc);
        if (out.length >= stop) break;
      }
    }
    return out;
  }
  for (const key of driver.candidates()) {
    const doc = docs.get(key) as StoredDoc;
    if (unfiltered || accept(doc)) {
      out.push(doc);
      if (out.length >= stop) break;
    }
  }
  return out;
}

function compareKeys(a: Key, b: Key): number {
  return compareValues(a, b);
}

/** Walks the sort index (ties in key order), keeping documents every clause accepts. */
function walkSorted(collection: CollectionState, query: QueryDescription, p: Plan, want: number): StoredDoc[] {
  const out: StoredDoc[] = [];
  const docs = collection.docs;
  const clauses = p.all;
  const filters = query.filters as readonly ((doc: StoredDoc) => boolean)[];
  const take = (key: Key): boolean => {
    const doc = docs.get(key);
    if (doc === undefined) return true;
    for (let i = 0; i < clauses.length; i++) if (!clauses[i].test(doc)) return true;
    for (let i = 0; i < filters.length; i++) if (!filters[i](doc)) return true;
    out.push(doc);
    return out.length < want;
  };
  const reverse = query.reverse;
  if (query.sortBy === collection.primaryKey) {
    walkValues(collection.keys, collection.keyIsLive, null, null, reverse, (key) => take(key as Key));
    return out;
  }
  const index = collection.byPath.get(query.sortBy as string)!;
  ensureBuilt(collection, index);
  walkValues(index.sorted, index.live, null, null, reverse, (value) => {
    const bucket = bucketOf(index, value);
    if (bucket === undefined) return true;
    if (typeof bucket !== 'object') return take(bucket);
    const keys = [...bucket].sort(compareKeys);
    if (reverse) keys.reverse();
    for (const key of keys) if (!take(key)) return false;
    return true;
  });
  return out;
}

function sortable(collection: CollectionState, path: string): boolean {
  if (path === collection.primaryKey) return true;
  const index = collection.byPath.get(path);
  return index !== undefined && !index.multiEntry;
}

export function execute(collection: CollectionState, query: QueryDescription): StoredDoc[] {
  const p = plan(query, collection.docs.size);
  const want = query.limit === undefined ? Infinity : query.offset + query.limit;
  if (want === 0) return [];
  const sortPath = query.sortBy;
  if (sortPath !== undefined && sortable(collection, sortPath)) {
    const n = collection.docs.size;
    const estimate = p.driver === undefined ? n : p.driver.estimate();
    // Walking visits about want * n / estimate documents; sorting the candidates costs m log m.
    const walkCost = p.driver === undefined ? Math.min(want, n) : (Math.min(want, n) * n) / Math.max(estimate, 1);
    const sortCost = estimate * Math.log2(estimate + 2);
    if (walkCost <= sortCost) return window(walkSorted(collection, query, p, want), query.offset, Infinity);
  }
  // Without sort or reverse, the first `want` matches are the answer: stop there.
  const stop = sortPath === undefined && !query.reverse ? want : Infinity;
  const out = collect(collection, p, stop);
  if (sortPath !== undefined) sortDocs(out, sortPath, collection.primaryKey);
  if (query.reverse) out.reverse();
  return window(out, query.offset, query.limit);
}

function window(docs: StoredDoc[], offset: number, limit: number | undefined): StoredDoc[] {
  if (offset === 0 && (limit === undefined || limit >= docs.length)) return docs;
  return docs.slice(offset, limit === undefined ? undefined : offset + limit);
}

function sortDocs(docs: StoredDoc[], path: string, primaryKey: string): void {
  const read = pathReader(path);
  const keyOf = pathReader(primaryKey);
  // Decorate once: reading nested paths inside the comparator would repeat it n log n times.
  const decorated = docs.map((doc) => ({ doc, value: read(doc), key: keyOf(doc) }));
  decorated.sort((a, b) => compareValues(a.value, b.value) || compareValues(a.key, b.key));
  for (let i = 0; i < docs.length; i++) docs[i] = decorated[i].doc;
}

export function countMatches(collection: CollectionState, query: QueryDescription): number {
  const p = plan(query, collection.docs.size);
  let total: number | undefined;
  if (p.rest.length === 0 && query.filters.length === 0) {
    total = p.driver === undefined ? collection.docs.size : p.driver.exactCount();
  }
  if (total === undefined) total = collect(collection, p, Infinity).length;
  const afterOffset = Math.max(0, total - query.offset);
  return query.limit === undefined ? afterOffset : Math.min(afterOffset, query.limit);
}
