// One plan per query operator: what a clause matches, as a plain object that query-clause.ts turns
// into a per-document test and a way to list matches from the index. Each operator checks its own
// arguments; the table gives its arity.
import { fail } from './errors';
import type { Bound } from './ordered-values';
import type { CollectionState } from './state';
import { AFTER_PREFIX } from './tuple-order';
import type { Operator } from './types';
import { compareValues, sameValue } from './value-order';

export interface Clause {
  /** A path, or the paths of a compound index or key. */
  readonly path: string | readonly string[];
  readonly op: Operator;
  readonly args: readonly unknown[];
}

export interface Range {
  lower: Bound | null;
  upper: Bound | null;
}

/** What a clause matches. Exactly one of lookups, intersect, range and everything says how to list the matches. */
export interface OperatorPlan {
  /** The test of one (plain) value; a multiEntry field passes when one of its elements does. */
  readonly matchValue: (v: unknown) => boolean;
  /** The test of a whole document, when it is not matchValue on the path's value. */
  readonly matchDoc?: (doc: unknown) => boolean;
  /** Equality values: the union of their buckets. */
  readonly lookups?: readonly unknown[];
  /** Values whose buckets must all hold the document (multiEntry). */
  readonly intersect?: readonly unknown[];
  readonly range?: Range;
  /** startsWith: the range holds strings with other prefixes after these. */
  readonly prefix?: string;
  /** Every document is a candidate (tested one by one). */
  readonly everything?: boolean;
}

/** What an operator knows of the clause it plans. */
export interface OperatorContext {
  readonly collection: CollectionState;
  readonly clause: Clause;
  /** The field's name in messages: the path, or `[a+b]`. */
  readonly field: string;
  readonly multi: boolean;
  /** The paths of a compound index or key: operands are tuples. */
  readonly parts: readonly string[] | undefined;
  /** The value the clause reads from a document (a compound one's as its string). */
  readonly read: (doc: unknown) => unknown;
  /** An operand checked and in the index's form (a tuple as its string); `prefix` lets a tuple be shorter. */
  readonly value: (v: unknown, prefix?: boolean) => unknown;
}

export function badValue(ctx: OperatorContext, value: unknown, what: string): never {
  return fail('INVALID_QUERY', ctx.collection.name, ctx.field, value, `${ctx.clause.op}() ${what}`);
}

function list(ctx: OperatorContext, values: unknown): unknown[] {
  if (!Array.isArray(values)) badValue(ctx, values, 'needs an array of values');
  return values.map((v) => ctx.value(v));
}

/** Distinct values, Dates compared by time; linear, as lists may be long. */
function distinct(values: readonly unknown[]): unknown[] {
  const plain = new Set<unknown>();
  const times = new Set<number>();
  const out: unknown[] = [];
  for (const v of values) {
    if (v instanceof Date) {
      const time = v.getTime();
      if (times.has(time)) continue;
      times.add(time);
    } else {
      if (plain.has(v)) continue;
      plain.add(v);
    }
    out.push(v);
  }
  return out;
}

/** A fast membership test for a list of index values. */
function memberOf(values: readonly unknown[]): (v: unknown) => boolean {
  const plain = new Set<unknown>();
  const times = new Set<number>();
  for (const v of values) {
    if (v instanceof Date) times.add(v.getTime());
    else plain.add(v);
  }
  return (v) => (v instanceof Date ? times.has(v.getTime()) : plain.has(v));
}

export function elementsOf(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function sameElements(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort(compareValues);
  const y = [...b].sort(compareValues);
  return x.every((v, i) => sameValue(v, y[i]));
}

export function inRange(range: Range, v: unknown): boolean {
  if (range.lower !== null) {
    const c = compareValues(v, range.lower.value);
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper !== null) {
    const c = compareValues(v, range.upper.value);
    if (c > 0 || (c === 0 && !range.upper.inclusive)) return false;
  }
  return true;
}

function equals(ctx: OperatorContext, [v]: readonly unknown[]): OperatorPlan {
  if (ctx.multi && Array.isArray(v)) {
    const values = list(ctx, v);
    const read = ctx.read;
    return {
      matchValue: () => false,
      matchDoc: (doc) => sameElements(elementsOf(read(doc)), values),
      ...(values.length === 0 ? { everything: true } : { intersect: distinct(values) }),
    };
  }
  const value = ctx.value(v);
  return { matchValue: (x) => sameValue(x, value), lookups: [value] };
}

function anyOf(ctx: OperatorContext, [vs]: readonly unknown[]): OperatorPlan {
  const values = distinct(list(ctx, vs));
  return { matchValue: memberOf(values), lookups: values };
}

function noneOf(ctx: OperatorContext, [vs]: readonly unknown[]): OperatorPlan {
  const has = memberOf(distinct(list(ctx, vs)));
  const { read, multi } = ctx;
  return { matchValue: has, matchDoc: (doc) => (multi ? !elementsOf(read(doc)).some(has) : !has(read(doc))), everything: true };
}

function allOf(ctx: OperatorContext, [vs]: readonly unknown[]): OperatorPlan {
  const values = distinct(list(ctx, vs));
  if (values.length === 0) return { matchValue: () => true, matchDoc: () => true, everything: true };
  if (ctx.multi) {
    const read = ctx.read;
    return {
      matchValue: () => false,
      matchDoc: (doc) => {
        const elements = elementsOf(read(doc));
        return values.every((v) => elements.some((e) => sameValue(e, v)));
      },
      intersect: values,
    };
  }
  // A single value can equal every listed value only when they are all the same value.
  if (values.length > 1) return { matchValue: () => false, lookups: [] };
  const only = values[0];
  return { matchValue: (x) => sameValue(x, only), lookups: [only] };
}

/**
 * A bound of a compound range: a shorter tuple stands for every tuple it starts, so an upper
 * bound that includes it, or a lower one that excludes it, moves past all of them.
 */
function bound(ctx: OperatorContext, v: unknown, inclusive: boolean, upper: boolean): Bound {
  const value = ctx.value(v, true);
  if (ctx.parts === undefined || (v as readonly unknown[]).length === ctx.parts.length || inclusive !== upper) return { value, inclusive };
  return { value: (value as string) + AFTER_PREFIX, inclusive: false };
}

/** A range plan; a compound one's values are all strings, so a missing lower bound is the empty string. */
function rangePlan(ctx: OperatorContext, lower: Bound | null, upper: Bound | null): OperatorPlan {
  const range: Range = { lower: lower ?? (ctx.parts === undefined ? null : { value: '', inclusive: true }), upper };
  return { matchValue: (x) => inRange(range, x), range };
}

const above = (ctx: OperatorContext, [v]: readonly unknown[]) => rangePlan(ctx, bound(ctx, v, false, false), null);
const aboveOrEqual = (ctx: OperatorContext, [v]: readonly unknown[]) => rangePlan(ctx, bound(ctx, v, true, false), null);
const below = (ctx: OperatorContext, [v]: readonly unknown[]) => rangePlan(ctx, null, bound(ctx, v, false, true));
const belowOrEqual = (ctx: OperatorContext, [v]: readonly unknown[]) => rangePlan(ctx, null, bound(ctx, v, true, true));

function between(ctx: OperatorContext, [lo, hi, ...flags]: readonly unknown[]): OperatorPlan {
  for (const flag of flags) {
    if (typeof flag !== 'boolean') badValue(ctx, flag, 'takes booleans for includeLower and includeUpper');
  }
  return rangePlan(ctx, bound(ctx, lo, flags[0] !== false, false), bound(ctx, hi, flags[1] === true, true));
}

function startsWith(ctx: OperatorContext, [prefix]: readonly unknown[]): OperatorPlan {
  if (ctx.parts !== undefined) badValue(ctx, prefix, 'is not an operator of a compound index (its values are tuples)');
  if (typeof prefix !== 'string') badValue(ctx, prefix, 'needs a string prefix');
  // Strings sort last, so the range starts at the prefix and ends where the prefix stops.
  return { matchValue: (x) => typeof x === 'string' && x.startsWith(prefix), range: { lower: { value: prefix, inclusive: true }, upper: null }, prefix };
}

interface OperatorEntry {
  /** Fewest and most arguments. */
  readonly arity: readonly [number, number];
  readonly plan: (ctx: OperatorContext, args: readonly unknown[]) => OperatorPlan;
}

export const OPERATORS: Readonly<Record<Operator, OperatorEntry>> = {
  equals: { arity: [1, 1], plan: equals },
  anyOf: { arity: [1, 1], plan: anyOf },
  allOf: { arity: [1, 1], plan: allOf },
  noneOf: { arity: [1, 1], plan: noneOf },
  above: { arity: [1, 1], plan: above },
  aboveOrEqual: { arity: [1, 1], plan: aboveOrEqual },
  below: { arity: [1, 1], plan: below },
  belowOrEqual: { arity: [1, 1], plan: belowOrEqual },
  between: { arity: [2, 4], plan: between },
  startsWith: { arity: [1, 1], plan: startsWith },
};

export function isOperator(op: unknown): op is Operator {
  return typeof op === 'string' && Object.prototype.hasOwnProperty.call(OPERATORS, op);
}
