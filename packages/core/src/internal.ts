// What the core shares with the layers above it (`@ramify-db/core/internal`): helpers that
// persistence and the bridge need exactly as the core has them, so that a document, a name or an
// error is checked and described the same way in every layer. Not part of the public API.
import { copyValue, createShapes, FrozenDate, freezeDocument } from './frozen';
import type { JsonValue } from './types';

export { clip, ERROR_CODES, describe, isErrorCode, kindOf, type ErrorDetails } from './errors';
export { FrozenDate } from './frozen';
export { isReservedName, ownField, RESERVED_NAMES } from './path';

/** A Date as a read hands it out: frozen, with setters that throw READ_ONLY. */
export function frozenDate(time: number): Date {
  return Object.freeze(new FrozenDate(time));
}

/**
 * Freezes a value in place the way a read freezes a stored document: all the way down, own fields
 * only, each Date made a FrozenDate. For documents received from another context.
 */
export function freezeValue<T>(value: T): T {
  if (value !== null && typeof value === 'object') freezeDocument(value);
  return value;
}

/**
 * A copy of a document as the core would store it: storable data only, own fields, no reserved
 * names, at most 100 levels deep, Dates as FrozenDates. Throws INVALID_DOCUMENT naming the path
 * otherwise. For documents read from outside (the disk) and answered without being stored.
 */
export function storableCopy<T>(value: T, collection: string): T {
  return copyValue(value, collection, createShapes());
}

/** Assigns a field; an own `__proto__` field (as JSON.parse makes) stays data, never a prototype. */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The encoding of an operand inside query JSON: Dates and `undefined` as `{ $date }` and `{ $undefined }`. */
export function encodeValue(value: unknown): JsonValue {
  if (value === undefined) return { $undefined: true };
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map(encodeValue);
  return value as JsonValue;
}
