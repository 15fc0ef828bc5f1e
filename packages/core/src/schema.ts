// Validates a store definition once, at createStore, so every later operation can trust it.
import { RamifyError, describe } from './errors';
import { isReservedName, ownField, RESERVED_NAMES, reservedSegment } from './path';

export interface CollectionDefinition {
  name: string;
  primaryKey: string;
  indexes: string[];
  multiEntry: string[];
  unique: string[];
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

function pathList(collection: string, definition: object, list: string): string[] {
  const value = ownField(definition, list);
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(collection, `${list} must be an array of paths (got ${describe(value)})`, undefined, value);
  return value.map((path) => checkPath(collection, list, path));
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
    const primaryKey = ownField(record, 'primaryKey');
    if (typeof primaryKey !== 'string' || primaryKey === '') {
      invalid(name, `primaryKey is missing or not a non-empty string (got ${describe(primaryKey)})`, 'primaryKey', primaryKey);
    }
    if (primaryKey.includes('.')) invalid(name, `the primary key must be a top-level field (got ${describe(primaryKey)})`, primaryKey, primaryKey);
    if (isReservedName(primaryKey)) invalid(name, `the primary key ${describe(primaryKey)} is not allowed: ${RESERVED_NAMES}`, 'primaryKey', primaryKey);
    const indexes = pathList(name, record, 'indexes');
    const multiEntry = pathList(name, record, 'multiEntry');
    const unique = pathList(name, record, 'unique');

    const seen = new Set<string>([primaryKey]);
    for (const path of [...indexes, ...multiEntry]) {
      if (path === primaryKey) invalid(name, `the primary key ${describe(path)} is always indexed; do not list it as an index`, path, path);
      if (seen.has(path)) invalid(name, `the index ${describe(path)} is listed twice`, path, path);
      seen.add(path);
    }
    const uniqueSeen = new Set<string>();
    for (const path of unique) {
      if (path === primaryKey) invalid(name, `the primary key ${describe(path)} is unique already; do not list it in unique`, path, path);
      if (uniqueSeen.has(path)) invalid(name, `the unique index ${describe(path)} is listed twice`, path, path);
      uniqueSeen.add(path);
    }
    return { name, primaryKey, indexes, multiEntry, unique };
  });
}
