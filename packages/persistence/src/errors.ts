// The errors persistence adds to the core's vocabulary, with messages that say what to do.
import { RamifyError, type Key } from '@ramify-db/core';
import type { KeyPath } from './compound-keys';
import type { Layout } from './types';

export function invalidOption(option: string, value: unknown, expected: string): RamifyError {
  return new RamifyError('INVALID_ARGUMENT', `persist(): option "${option}" must be ${expected} (got ${show(value)})`, {
    field: option,
    value,
  });
}

export interface StoreShape {
  layout: Layout | 'unknown';
  primaryKey: KeyPath | undefined;
  keyPath: string | string[] | null;
}

export function schemaMismatch(database: string, collection: string, found: StoreShape, wanted: { layout: Layout; primaryKey: KeyPath }): RamifyError {
  const foundText =
    found.layout === 'unknown'
      ? `was not created by persist() (keyPath ${show(found.keyPath)}) and cannot be read as layout "${wanted.layout}"`
      : `holds layout "${found.layout}" with primary key ${show(found.primaryKey)}`;
  return new RamifyError(
    'SCHEMA_MISMATCH',
    `collection "${collection}": the object store "${collection}" of IndexedDB database "${database}" ${foundText}, ` +
      `but persist() was asked for layout "${wanted.layout}" with primary key ${show(wanted.primaryKey)}. ` +
      'Nothing was read or written. Open it with the layout and primary key it was written with, or move the data in upgrade().',
    { collection, field: 'layout', value: found },
  );
}

export function writeFailed(database: string, cause: unknown, collections: string[], pending: number): RamifyError {
  const where = collections.length > 0 ? `collections ${collections.map((c) => `"${c}"`).join(', ')}` : 'request records';
  return new RamifyError(
    'PERSISTENCE_FAILED',
    `IndexedDB database "${database}": writing ${pending} change(s) of ${where} failed (${describeCause(cause)}); ` +
      'they stay queued and are retried',
    { cause },
  );
}

export function readFailed(database: string, store: string, attempts: number, cause: unknown): RamifyError {
  return new RamifyError(
    'PERSISTENCE_FAILED',
    `IndexedDB database "${database}": reading object store "${store}" failed ${attempts} times in a row (${describeCause(cause)}); ` +
      'the store is not loaded',
    { cause },
  );
}

export function blockedError(database: string, currentVersion: number, wantedVersion: number | null): RamifyError {
  return new RamifyError(
    'BLOCKED',
    `IndexedDB database "${database}": upgrading from version ${currentVersion} to ${wantedVersion} waits until other connections ` +
      '(another tab or an older version of this app) close; persist() resolves once they do',
  );
}

export function closedError(database: string): RamifyError {
  return new RamifyError('CLOSED', `IndexedDB database "${database}": persistence was closed`);
}

export function badRecord(collection: string, key: Key | Key[] | undefined, cause: unknown): RamifyError {
  const which = key === undefined ? 'a stored record' : `the stored record with key ${show(key)}`;
  return new RamifyError('INVALID_RECORD', `collection "${collection}": ${which} was skipped at hydration: ${describeCause(cause)}`, {
    collection,
    value: key,
    cause,
  });
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return show(cause);
}

/** A value for a message: JSON when it has a form, cut at 200 characters (values from disk can be huge). */
export function show(value: unknown): string {
  let text: string;
  if (value === null || (typeof value !== 'object' && typeof value !== 'string')) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}

const SHOWN = 200;
