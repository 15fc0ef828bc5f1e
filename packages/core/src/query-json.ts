// A query's plain JSON description, so it can cross a message boundary and be rebuilt there.
import { describe, RamifyError } from './errors';
import { encodeValue } from './internal';
import { ownField } from './path';
import { MAX_PARTS } from './schema';
import { isOperator, pathName, type Clause } from './query-clause';
import type { QueryDescription } from './query-run';
import type { CollectionState } from './state';
import type { QueryJSON } from './types';

type Bad = (problem: string, value: unknown) => never;

/**
 * An argument is a value or, for the list operators and multiEntry equality, a list of values; on
 * a compound index a tuple, or a list of tuples: never deeper, so it is decoded without recursion,
 * however deeply a hostile one nests.
 */
function decodeArg(arg: unknown, bad: Bad, compound: boolean): unknown {
  if (!Array.isArray(arg)) return decodeValue(arg, bad);
  return arg.map((value) => (compound && Array.isArray(value) ? value.map((part) => decodeValue(part, bad)) : decodeValue(value, bad)));
}

/** A clause's path: a string, or the paths of a compound index (as many as one may have). */
function checkClausePath(path: unknown, bad: Bad): string | string[] {
  if (typeof path === 'string') return path;
  if (!Array.isArray(path) || path.length < 2 || path.length > MAX_PARTS || !path.every((part) => typeof part === 'string')) {
    return bad(`has a clause without a path (a string, or 2 to ${MAX_PARTS} strings for a compound index)`, path);
  }
  return path.slice();
}

function decodeValue(value: unknown, bad: Bad): unknown {
  if (Array.isArray(value)) return bad('has an array inside a list of values', value);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === '$date' && typeof record.$date === 'number') return new Date(record.$date);
    if (keys.length === 1 && keys[0] === '$undefined' && record.$undefined === true) return undefined;
    return bad('has an object where a value belongs (only {$date} and {$undefined} are encoded values)', value);
  }
  return value;
}

const DESCRIPTION_KEYS = ['collection', 'where', 'sortBy', 'reverse', 'offset', 'limit'];
const CLAUSE_KEYS = ['path', 'op', 'args'];
const MAX_CLAUSES = 100;

export function toJSON(collection: CollectionState, query: QueryDescription): QueryJSON {
  if (query.filters.length > 0) {
    throw new RamifyError('INVALID_QUERY', `collection "${collection.name}": a query with filter(fn) has no JSON description; functions cannot be serialised`, {
      collection: collection.name,
    });
  }
  const json: QueryJSON = {
    collection: collection.name,
    where: query.clauses.map((clause) => ({
      path: typeof clause.path === 'string' ? clause.path : [...clause.path],
      op: clause.op,
      args: clause.args.map(encodeValue),
    })),
  };
  if (query.sortBy !== undefined) json.sortBy = query.sortBy;
  if (query.reverse) json.reverse = true;
  if (query.offset !== 0) json.offset = query.offset;
  if (query.limit !== undefined) json.limit = query.limit;
  return json;
}

/** Validates the shape of a description; values and paths are checked when the query is built. */
export interface ParsedQuery {
  clauses: Clause[];
  sortBy?: string;
  reverse: boolean;
  offset: unknown;
  limit: unknown;
}

export function fromJSON(collection: CollectionState, json: unknown): ParsedQuery {
  const bad = (problem: string, value: unknown, field?: string): never => {
    throw new RamifyError('INVALID_QUERY', `collection "${collection.name}"${field ? `, field "${field}"` : ''}: query description ${problem} (got ${describe(value)})`, {
      collection: collection.name,
      field,
      value,
    });
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return bad('must be an object', json);
  for (const key of Object.keys(json)) {
    if (!DESCRIPTION_KEYS.includes(key)) bad(`has an unknown key ${describe(key)}`, key);
  }
  // Own fields only: a description that merely inherits a field does not have it.
  const name = ownField(json, 'collection');
  const where = ownField(json, 'where');
  const sortBy = ownField(json, 'sortBy');
  const reverse = ownField(json, 'reverse');
  if (name !== collection.name) bad(`is for collection ${describe(name)}, not this one`, name);
  if (!Array.isArray(where)) return bad('needs a where array', where);
  // Every clause is tested against every candidate document: their number is bounded.
  if (where.length > MAX_CLAUSES) bad(`has ${where.length} clauses; at most ${MAX_CLAUSES} are allowed`, where.length);
  const clauses: Clause[] = where.map((clause: unknown) => {
    if (clause === null || typeof clause !== 'object') return bad('has a clause that is not an object', clause);
    const path = checkClausePath(ownField(clause, 'path'), bad);
    const op = ownField(clause, 'op');
    const args = ownField(clause, 'args');
    const field = pathName(path);
    for (const key of Object.keys(clause)) {
      if (!CLAUSE_KEYS.includes(key)) bad(`has a clause with an unknown key ${describe(key)}`, key, field);
    }
    if (!isOperator(op)) return bad(`has an unknown operator`, op, field);
    if (!Array.isArray(args)) return bad('has a clause without an args array', args, field);
    const compound = typeof path !== 'string';
    return { path, op, args: args.map((arg) => decodeArg(arg, (problem, value) => bad(problem, value, field), compound)) };
  });
  if (sortBy !== undefined && typeof sortBy !== 'string') bad('has a sortBy that is not a path', sortBy);
  if (reverse !== undefined && typeof reverse !== 'boolean') bad('has a reverse that is not a boolean', reverse);
  return {
    clauses,
    sortBy: sortBy as string | undefined,
    reverse: reverse === true,
    offset: ownField(json, 'offset'),
    limit: ownField(json, 'limit'),
  };
}
