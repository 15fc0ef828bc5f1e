// The planner's use of compound indexes for queries written on single paths: equality on the first
// parts of a compound index, then a range or the sort order on the next one, is one walk of that
// index between two tuples. `where('status').equals('unread').sortBy('createdAt').reverse().limit(30)`
// over `['status', 'createdAt']` reads 30 documents, already in order: no filter, no sort.
import type { Bound } from './ordered-values';
import type { CompiledClause } from './query-clause';
import type { CollectionState } from './state';
import { AFTER_PREFIX, encodeTuple } from './tuple-order';
import type { ValueIndex } from './value-index';
import { countBetween } from './ordered-values';
import { ensureBuilt } from './storage';

export interface CompoundWalk {
  readonly index: ValueIndex;
  readonly lower: Bound;
  readonly upper: Bound;
  /** True when the walk lists documents in the query's sort order (ties by primary key). */
  readonly sorted: boolean;
  /** The clauses left to test on each document: those the walk's bounds guarantee are not. */
  readonly rest: readonly CompiledClause[];
}

/** Whether a clause is equality on a plain, single path: it fixes that path's value. */
function fixes(clause: CompiledClause): boolean {
  if (clause.op !== 'equals' || typeof clause.path !== 'string') return false;
  if (clause.index === null ? false : clause.index.multiEntry || clause.index.parts !== undefined) return false;
  return !Array.isArray(clause.args[0]);
}

/** A bound on the part after `prefix` as a bound on the tuples: a tuple stands for all it begins. */
function tupleBound(prefix: readonly unknown[], bound: Bound, upper: boolean): Bound {
  const value = encodeTuple([...prefix, bound.value]);
  return bound.inclusive === upper ? { value: value + AFTER_PREFIX, inclusive: false } : { value, inclusive: bound.inclusive };
}

/**
 * The walk of a compound index that serves the query, if one does: its first parts fixed by
 * equality clauses, and the next part either sorted by (as the last part, so ties fall to the
 * primary key as sortBy's do) or bounded by a range clause no wider than the best single clause.
 */
export function compoundWalk(collection: CollectionState, clauses: readonly CompiledClause[], sortBy: string | undefined, best: number): CompoundWalk | undefined {
  if (clauses.length === 0) return undefined;
  let fixed: Map<string, CompiledClause> | undefined;
  for (const index of collection.indexes) {
    const parts = index.parts;
    if (parts === undefined) continue;
    if (fixed === undefined) {
      fixed = new Map();
      for (const clause of clauses) {
        if (fixes(clause)) fixed.set(clause.path as string, clause);
      }
      if (fixed.size === 0) return undefined;
    }
    let k = 0;
    while (k < parts.length && fixed.has(parts[k])) k++;
    if (k === 0 || k === parts.length) continue;
    const used = parts.slice(0, k).map((part) => fixed!.get(part) as CompiledClause);
    const prefix = used.map((clause) => clause.args[0]);
    const next = parts[k];
    const ranged = clauses.find((clause) => clause.path === next && clause.range !== undefined && clause.index !== null && !clause.index.multiEntry);
    const sorted = sortBy === next && k === parts.length - 1;
    if (!sorted && ranged === undefined) continue;
    const start = encodeTuple(prefix);
    const range = ranged?.range;
    const lower = range?.lower ? tupleBound(prefix, range.lower, false) : { value: start, inclusive: true };
    const upper = range?.upper ? tupleBound(prefix, range.upper, true) : { value: start + AFTER_PREFIX, inclusive: false };
    if (!sorted) {
      // Unsorted, the walk must beat the best clause: distinct tuples in range bound its documents.
      ensureBuilt(collection, index);
      if (countBetween(index.ordered, lower, upper) > best) continue;
    }
    const covered = ranged === undefined ? used : [...used, ranged];
    return { index, lower, upper, sorted, rest: clauses.filter((clause) => !covered.includes(clause)) };
  }
  return undefined;
}
