// Dotted paths are split once, at schema time; reading one is a short loop on the hot path.
// Paths are followed through own fields only: a document without `toString` has no `toString`,
// whatever Object.prototype holds.

export type Segments = readonly string[];

/** Why a name is refused; ends the messages of every layer that refuses one. */
export const RESERVED_NAMES = '__proto__, constructor and prototype are reserved';

/** The problem with a field named `__proto__`, `constructor` or `prototype`, for INVALID_DOCUMENT. */
export function reservedField(name: string): string {
  return `the field name ${JSON.stringify(name)} is not allowed: ${RESERVED_NAMES}`;
}

/** Names that lead to prototypes: never a field of a document, never a step of a path. */
export function isReservedName(name: string): boolean {
  return name === '__proto__' || name === 'constructor' || name === 'prototype';
}

export function splitPath(path: string): Segments {
  return path.split('.');
}

/** The first reserved segment of a path, if any. */
export function reservedSegment(path: string): string | undefined {
  return splitPath(path).find(isReservedName);
}

/** A field of a caller's object, or undefined when the object does not hold it itself. */
export function ownField(record: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

export function readPath(doc: unknown, segments: Segments): unknown {
  let value = doc;
  for (let i = 0; i < segments.length; i++) {
    if (value === null || typeof value !== 'object') return undefined;
    value = ownField(value, segments[i]);
  }
  return value;
}

/**
 * A getter specialised for the common one- and two-segment paths. The `hasOwnProperty` calls are
 * written out: through `ownField`, a query testing each document ran a few percent slower.
 */
export function pathReader(path: string): (doc: unknown) => unknown {
  const segments = splitPath(path);
  if (segments.length === 1) {
    const [a] = segments;
    return (doc) => (Object.prototype.hasOwnProperty.call(doc, a) ? (doc as Record<string, unknown>)[a] : undefined);
  }
  if (segments.length === 2) {
    const [a, b] = segments;
    return (doc) => {
      const inner = Object.prototype.hasOwnProperty.call(doc, a) ? (doc as Record<string, unknown>)[a] : undefined;
      return inner !== null && typeof inner === 'object' && Object.prototype.hasOwnProperty.call(inner, b) ? (inner as Record<string, unknown>)[b] : undefined;
    };
  }
  return (doc) => readPath(doc, segments);
}
