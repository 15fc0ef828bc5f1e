// Dotted paths are split once, at schema time; reading one is a short loop on the hot path.

export type Segments = readonly string[];

export function splitPath(path: string): Segments {
  return path.split('.');
}

export function readPath(doc: unknown, segments: Segments): unknown {
  let value = doc;
  for (let i = 0; i < segments.length; i++) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segments[i]];
  }
  return value;
}

/** A getter specialised for the common one- and two-segment paths. */
export function pathReader(path: string): (doc: unknown) => unknown {
  const segments = splitPath(path);
  if (segments.length === 1) {
    const [a] = segments;
    return (doc) => (doc as Record<string, unknown>)[a];
  }
  if (segments.length === 2) {
    const [a, b] = segments;
    return (doc) => {
      const inner = (doc as Record<string, unknown>)[a];
      return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>)[b] : undefined;
    };
  }
  return (doc) => readPath(doc, segments);
}
