// Validates a store definition once, at createStore, so every later operation can trust it.
import { RamifyError, describe } from './errors';
import { isReservedName, ownField, RESERVED_NAMES, reservedSegment } from './path';

/** An index as declared: a path, or the paths of a compound index (`['status', 'createdAt']`). */
export type IndexSpec = string | readonly string[];

export interface CollectionDefinition {
  name: string;
  /** The key's name: its field, or `[a+b]` for a compound key. */
  primaryKey: string;
  /** The fields of a compound primary key, in order. */
  keyParts: readonly string[] | undefined;
  indexes: IndexSpec[];
  multiEntry: string[];
  unique: IndexSpec[];
}

/** The name an index goes by in messages and lookups: its path, or `[a+b]` for a compound one. */
export function indexName(spec: IndexSpec): string {
  return typeof spec === 'string' ? spec : `[${spec.join('+')}]`;
}

/** Names a collection may not take: they would shadow a store member or make the store look like a Promise. */
const RESERVED = new Set(['collections', 'transaction', 'delete', 'then', 'catch', 'finally', '__proto__', 'prototype']);
const ALLOWED_KEYS = new Set(['primaryKey', 'indexes', 'multiEntry', 'unique']);

function invalid(collection: string, problem: string, field?: string, value?: unknown): never {
  const where = field === undefined ? `collection "${collection}"` : `collection "${collection}", field "${field}"`;
  throw new RamifyError('INVALID_SCHEMA', `${where}: ${problem}`, { collection, field, value });
}

function checkPath(collection: string, list: string, path: unknown): string {
  if (typeof path !== 'string' || path === '') {
    invalid(collection, `${list} must list non-empty strings (got ${describe(path)})`, undefined, path);
  }
  if (path.split('.').some((segment) => segment === '')) {
    invalid(collection, `path ${describe(path)} in ${list} has an empty segment`, path, path);
  }
  const reserved = reservedSegment(path);
  if (reserved !== undefined) invalid(collection, `path ${describe(path)} in ${list} uses the name ${describe(reserved)}: ${RESERVED_NAMES}`, path, path);
  return path;
}

/** Most parts a compound index or key may have: each is read and encoded on every write. */
export const MAX_PARTS = 8;

/** The paths of a compound index or key: two or more distinct paths. */
function checkParts(collection: string, list: string, parts: readonly unknown[]): string[] {
  if (parts.length < 2 || parts.length > MAX_PARTS) {
    invalid(collection, `a compound ${list === 'primaryKey' ? 'primary key' : 'index'} in ${list} needs 2 to ${MAX_PARTS} paths (got ${describe(parts)})`, undefined, parts);
  }
  const paths = parts.map((path) => checkPath(collection, list, path));
  if (new Set(paths).size !== paths.length) invalid(collection, `the compound ${describe(paths)} in ${list} lists a path twice`, indexName(paths), paths);
  return paths;
}

function pathList(collection: string, definition: object, list: string, compound: boolean): IndexSpec[] {
  const value = ownField(definition, list);
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(collection, `${list} must be an array of paths (got ${describe(value)})`, undefined, value);
  return value.map((path) => (compound && Array.isArray(path) ? checkParts(collection, list, path) : checkPath(collection, list, path)));
}

/** A primary key field, or one field of a compound key: a non-empty top-level name. */
function checkKeyField(collection: string, field: unknown): void {
  if (typeof field !== 'string' || field === '') {
    invalid(collection, `primaryKey is missing or not a non-empty string (got ${describe(field)})`, 'primaryKey', field);
  }
  if (field.includes('.')) invalid(collection, `the primary key must be a top-level field (got ${describe(field)})`, field, field);
  if (isReservedName(field)) invalid(collection, `the primary key ${describe(field)} is not allowed: ${RESERVED_NAMES}`, 'primaryKey', field);
}

export function validateDefinitions(definitions: unknown): CollectionDefinition[] {
  if (definitions === null || typeof definitions !== 'object' || Array.isArray(definitions)) {
    throw new RamifyError('INVALID_SCHEMA', `createStore needs an object of collection definitions (got ${describe(definitions)})`, {
      value: definitions,
    });
  }
  return Object.keys(definitions).map((name) => {
    if (RESERVED.has(name) || name in Object.prototype) {
      invalid(name, `the name is reserved (it would shadow a member of the store); choose another name`, undefined, name);
    }
    const definition = (definitions as Record<string, unknown>)[name];
    if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
      invalid(name, `the definition must be an object (got ${describe(definition)})`, undefined, definition);
    }
    const record = definition as object;
    for (const key of Object.keys(record)) {
      if (!ALLOWED_KEYS.has(key)) invalid(name, `unknown definition key ${describe(key)} (allowed: ${[...ALLOWED_KEYS].join(', ')})`, key, key);
    }
    const declaredKey = ownField(record, 'primaryKey');
    const keyParts = Array.isArray(declaredKey) ? checkParts(name, 'primaryKey', declaredKey) : undefined;
    for (const part of keyParts ?? [declaredKey]) checkKeyField(name, part);
    const primaryKey = keyParts === undefined ? (declaredKey as string) : indexName(keyParts);
    const indexes = pathList(name, record, 'indexes', true);
    const multiEntry = pathList(name, record, 'multiEntry', false) as string[];
    const unique = pathList(name, record, 'unique', true);

    const seen = new Set<string>([primaryKey]);
    for (const spec of [...indexes, ...multiEntry]) {
      const path = indexName(spec);
      if (path === primaryKey) invalid(name, `the primary key ${describe(path)} is always indexed; do not list it as an index`, path, spec);
      if (seen.has(path)) invalid(name, `the index ${describe(path)} is listed twice`, path, spec);
      seen.add(path);
    }
    const uniqueSeen = new Set<string>();
    for (const spec of unique) {
      const path = indexName(spec);
      if (path === primaryKey) invalid(name, `the primary key ${describe(path)} is unique already; do not list it in unique`, path, spec);
      if (uniqueSeen.has(path)) invalid(name, `the unique index ${describe(path)} is listed twice`, path, spec);
      uniqueSeen.add(path);
    }
    return { name, primaryKey, keyParts, indexes, multiEntry, unique };
  });
}
