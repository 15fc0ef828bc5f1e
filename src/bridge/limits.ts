// What the background accepts from a page. A page is another context: whatever it sends is
// checked before anything walks it, and every size, depth and count it controls is bounded, so one
// page can neither overflow the worker's stack nor hold its memory. The README lists each limit
// and what a request beyond it is answered with.

/** Documents, keys and query operands may nest arrays and objects this many levels (the core's limit). */
export const MAX_DEPTH = 100;

/** Request ids are crypto.randomUUID() (36 characters); longer ones are refused. */
export const MAX_ID_LENGTH = 64;

/**
 * The largest request, in characters of JSON: twice what Chrome posts in one message. A page sends
 * anything larger in several requests; the background never holds more unfinished for one port.
 */
export const MAX_REQUEST_CHARS = 128 * 1024 * 1024;

/**
 * Messages one port may have unfinished at once. A page posts all the pieces of a message in one
 * turn, so it never has more than one; the others are a page that never finishes them.
 */
export const MAX_UNFINISHED = 4;

/** Live queries and subscriptions one port may hold at once. */
export const MAX_SUBSCRIPTIONS = 1_000;

/**
 * Whether `value` nests arrays and plain objects more than `limit` levels below itself (the value
 * is level 0). Walks with its own stack of at most `limit` frames, never recursion: a page can send
 * JSON far deeper than the worker's stack. Anything else (a Date, a Map) counts as a leaf.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const root = membersOf(value);
  if (root === undefined) return false;
  const frames: unknown[][] = [root];
  const next: number[] = [0];
  while (frames.length > 0) {
    const top = frames.length - 1;
    const members = frames[top];
    const i = next[top];
    if (i === members.length) {
      frames.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const inner = membersOf(members[i]);
    if (inner === undefined) continue;
    // This member sits at level `frames.length`.
    if (frames.length > limit) return true;
    frames.push(inner);
    next.push(0);
  }
  return false;
}

/** The members of an array or plain object; undefined for anything else. */
function membersOf(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return value;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? Object.values(value) : undefined;
}
