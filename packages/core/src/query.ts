// The fluent query: an immutable description plus the collection it reads. Every terminal call
// runs the description against the data as it is at that moment, so a query can be run again.
// A class because queries are built by the thousand: their methods live once, on the prototype.
import { describe, RamifyError } from './errors';
import { observeQuery } from './live-query';
import { compileClause, lookupIndex, refuseReserved, type Clause } from './query-clause';
import { publicKeys } from './keys';
import { fromJSON, toJSON } from './query-json';
import { countMatches, execute, type QueryDescription } from './query-run';
import type { CollectionState, StoredDoc } from './state';
import { docOf } from './storage';
import { atomic } from './transaction';
import type { Key, Operator, QueryJSON } from './types';
import { checkChanges, deleteKey, updateKey } from './writes';

const EMPTY: QueryDescription = { clauses: [], filters: [], reverse: false, offset: 0 };

function badArgument(collection: CollectionState, what: string, value: unknown, field?: string): never {
  throw new RamifyError('INVALID_QUERY', `collection "${collection.name}"${field ? `, field "${field}"` : ''}: ${what} (got ${describe(value)})`, {
    collection: collection.name,
    field,
    value,
  });
}

function checkCount(collection: CollectionState, name: 'offset' | 'limit', n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) badArgument(collection, `${name}() needs a whole number >= 0`, n);
  return n;
}

function checkSortPath(collection: CollectionState, path: unknown): string {
  if (typeof path !== 'string' || path === '' || path.split('.').includes('')) badArgument(collection, 'sortBy() needs a dotted path', path);
  refuseReserved(collection, path);
  return path;
}

export class Query {
  /** @internal */ readonly collection: CollectionState;
  /** @internal */ readonly description: QueryDescription;

  constructor(collection: CollectionState, description: QueryDescription = EMPTY) {
    this.collection = collection;
    this.description = description;
  }

  private with(changes: Partial<QueryDescription>): Query {
    return new Query(this.collection, { ...this.description, ...changes });
  }

  /** @internal */ withClause(clause: Clause): Query {
    return this.with({ clauses: [...this.description.clauses, compileClause(this.collection, clause)] });
  }

  /** One more condition, on an indexed path (or the paths of a compound index): every condition must hold. */
  and(path: unknown) {
    lookupIndex(this.collection, path);
    return whereClause(this, path as string | readonly string[]);
  }

  filter(fn: (doc: never) => boolean): Query {
    if (typeof fn !== 'function') badArgument(this.collection, 'filter() needs a function', fn);
    return this.with({ filters: [...this.description.filters, fn] });
  }

  sortBy(path: string): Query {
    return this.with({ sortBy: checkSortPath(this.collection, path) });
  }

  reverse(): Query {
    return this.with({ reverse: !this.description.reverse });
  }

  offset(n: number): Query {
    return this.with({ offset: checkCount(this.collection, 'offset', n) });
  }

  limit(n: number): Query {
    return this.with({ limit: checkCount(this.collection, 'limit', n) });
  }

  toArray(): StoredDoc[] {
    return execute(this.collection, this.description);
  }

  first(): StoredDoc | undefined {
    const { limit } = this.description;
    return execute(this.collection, { ...this.description, limit: limit === undefined ? 1 : Math.min(limit, 1) })[0];
  }

  last(): StoredDoc | undefined {
    const d = this.description;
    if (d.offset === 0 && d.limit === undefined) return execute(this.collection, { ...d, reverse: !d.reverse, limit: 1 })[0];
    const docs = execute(this.collection, d);
    return docs[docs.length - 1];
  }

  count(): number {
    return countMatches(this.collection, this.description);
  }

  keys(): (Key | readonly Key[])[] {
    return publicKeys(this.collection, this.insideKeys());
  }

  private insideKeys(): Key[] {
    const collection = this.collection;
    const docs = this.toArray();
    if (collection.keyParts !== undefined) return docs.map(collection.keyIndex.read as (doc: StoredDoc) => Key);
    const pk = collection.primaryKey;
    return docs.map((doc) => doc[pk] as Key);
  }

  modify(changes: Record<string, unknown>): (Key | readonly Key[])[] {
    const collection = this.collection;
    checkChanges(collection, changes);
    return atomic(collection.store, () => {
      const changed: Key[] = [];
      for (const key of this.insideKeys()) {
        const before = docOf(collection, key);
        const after = updateKey(collection, key, changes) as Key;
        if (docOf(collection, after) !== before) changed.push(after);
      }
      return publicKeys(collection, changed);
    });
  }

  delete(): (Key | readonly Key[])[] {
    const collection = this.collection;
    return atomic(collection.store, () => {
      const keys = this.insideKeys();
      for (const key of keys) deleteKey(collection, key);
      return publicKeys(collection, keys);
    });
  }

  toJSON(): QueryJSON {
    return toJSON(this.collection, this.description);
  }

  observe(callback: (docs: StoredDoc[]) => void, onError?: (error: unknown) => void): () => void {
    return observeQuery(this, callback, onError);
  }
}

/** Rebuilds a query from its description, validating every part as the fluent calls would. */
export function queryFromJSON(collection: CollectionState, json: unknown): Query {
  try {
    return buildFromJSON(collection, json);
  } catch (error) {
    // Whatever is wrong inside a description (a path that is not indexed, say) makes it an invalid query.
    if (!(error instanceof RamifyError) || error.code === 'INVALID_QUERY') throw error;
    throw new RamifyError('INVALID_QUERY', error.message, { collection: error.collection, field: error.field, value: error.value, cause: error });
  }
}

function buildFromJSON(collection: CollectionState, json: unknown): Query {
  const parsed = fromJSON(collection, json);
  let query = new Query(collection);
  for (const clause of parsed.clauses) query = query.withClause(clause);
  if (parsed.sortBy !== undefined) query = query.sortBy(parsed.sortBy);
  if (parsed.reverse) query = query.reverse();
  if (parsed.offset !== undefined) query = query.offset(parsed.offset as number);
  if (parsed.limit !== undefined) query = query.limit(parsed.limit as number);
  return query;
}

export function whereClause(base: Query, path: string | readonly string[]) {
  const op =
    (name: Operator) =>
    (...args: unknown[]) =>
      base.withClause({ path, op: name, args });
  return {
    equals: op('equals'),
    anyOf: op('anyOf'),
    allOf: op('allOf'),
    noneOf: op('noneOf'),
    above: op('above'),
    aboveOrEqual: op('aboveOrEqual'),
    below: op('below'),
    belowOrEqual: op('belowOrEqual'),
    between: (lower: unknown, upper: unknown, includeLower = true, includeUpper = false) =>
      base.withClause({ path, op: 'between', args: [lower, upper, includeLower, includeUpper] }),
    startsWith: op('startsWith'),
  };
}
