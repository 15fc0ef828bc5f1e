// query.observe(): a live query that, for sorted results without a window, applies each change to
// the previous result instead of running the query again. A one-document write to a 25,000-document
// live result then costs a binary search and one array copy, not a query and a sort. Queries with
// offset/limit (cheap to re-run: they walk an index) or without sortBy (their order is the planner's)
// re-run through the generic live query, which gives the same results.
import { errorCallback, watch } from './live';
import { pathReader } from './path';
import type { Query } from './query';
import type { StoredDoc } from './state';
import { readDoc } from './storage';
import { insideKey } from './keys';
import type { ChangeType, Key } from './types';
import { compareValues } from './value-order';

/** Above this many changed keys at once, running the query again is cheaper than splicing. */
const SPLICE_LIMIT = 64;

/**
 * `onError` gets every run of the query that throws (default: the store's onError); the next
 * change then runs it again from scratch. Errors thrown by `callback` go to the store's onError.
 */
export function observeQuery(query: Query, callback: (docs: StoredDoc[]) => void, onError?: (error: unknown) => void): () => void {
  const { collection, description } = query;
  const failed = errorCallback([collection], onError, `collection "${collection.name}": observe()`);
  const sortBy = description.sortBy;
  if (sortBy === undefined || description.limit !== undefined || description.offset !== 0) {
    return watch([collection], () => query.toArray(), callback, failed);
  }
  const readSort = pathReader(sortBy);
  const readKey = collection.keyIndex.read;
  const direction = description.reverse ? -1 : 1;
  const order = (a: StoredDoc, b: StoredDoc) =>
    direction * (compareValues(readSort(a), readSort(b)) || compareValues(readKey(a), readKey(b)));
  const clauses = description.clauses;
  const filters = description.filters as readonly ((doc: StoredDoc) => boolean)[];
  const matches = (doc: StoredDoc) => clauses.every((clause) => clause.test(doc)) && filters.every((filter) => filter(doc));

  let result: StoredDoc[] = [];
  /** The documents of the current result by key, to find where a changed document was. */
  let members = new Map<Key, StoredDoc>();
  let active = true;
  /** Whether `result` is known: false until the query ran, and after a run that failed part way. */
  let current = false;
  let delivered = false;

  const deliver = () => {
    delivered = true;
    try {
      callback(result);
    } catch (error) {
      collection.store.onError(error);
    }
  };
  const rerun = () => {
    current = false;
    result = query.toArray();
    members = new Map(result.map((doc) => [readKey(doc) as Key, doc]));
    current = true;
  };
  const apply = (keys: readonly Key[]): boolean => {
    let next: StoredDoc[] | undefined;
    for (const publicKey of keys) {
      const key = insideKey(collection, publicKey);
      const before = members.get(key);
      const after = readDoc(collection, key);
      const keep = after !== undefined && matches(after);
      if (before === undefined ? !keep : keep && before === after) continue;
      next ??= result.slice();
      if (before !== undefined) {
        next.splice(position(next, before, order), 1);
        members.delete(key);
      }
      if (keep) {
        next.splice(position(next, after, order), 0, after);
        members.set(key, after);
      }
    }
    if (next === undefined) return false;
    result = next;
    return true;
  };
  const listener = (type: ChangeType, keys: Key[]) => {
    if (!active) return;
    try {
      if (!current || type === 'clear' || keys.length > SPLICE_LIMIT) {
        const before = result;
        rerun();
        if (delivered && sameDocs(before, result)) return;
      } else if (!apply(keys)) return;
    } catch (error) {
      // `members` may be half updated: the next change runs the query from scratch.
      current = false;
      failed(error);
      return;
    }
    deliver();
  };

  collection.listeners.add(listener);
  try {
    rerun();
  } catch (error) {
    failed(error);
    return () => {
      active = false;
      collection.listeners.delete(listener);
    };
  }
  deliver();
  return () => {
    active = false;
    collection.listeners.delete(listener);
  };
}

/** Where `doc` sits, or would sit, in an array sorted by `order` (keys make the order total). */
function position(docs: readonly StoredDoc[], doc: StoredDoc, order: (a: StoredDoc, b: StoredDoc) => number): number {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(docs[mid], doc) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameDocs(a: readonly StoredDoc[], b: readonly StoredDoc[]): boolean {
  return a.length === b.length && a.every((doc, i) => doc === b[i]);
}
