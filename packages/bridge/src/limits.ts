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

/** What one port's inbox may hold unfinished (pieces.ts). */
export const PORT_INBOX = { transfers: MAX_UNFINISHED, chars: MAX_REQUEST_CHARS };

/** Live queries and subscriptions one port may hold at once. */
export const MAX_SUBSCRIPTIONS = 1_000;

/**
 * Members (elements and fields, at every level) one request may hold: as many as the largest
 * request could hold as JSON, two characters each. Chrome's JSON never shares an object between
 * two places, but Firefox's structured clone does, and there a value whose every level holds the
 * same object twice is 2^100 members when walked: each place counts, so such a value is refused
 * instead of making this walk, the codec or the core's copy run for ever.
 */
export const MAX_MEMBERS = MAX_REQUEST_CHARS / 2;

/** What is wrong with a value's shape: nested too deep, or too many members to walk. */
export type Nesting = 'too deep' | 'too large' | undefined;

interface Frame {
  readonly container: object;
  readonly members: unknown[];
  next: number;
  /** Levels of containers below this one so far. */
  height: number;
  /** Members below this one so far, counting a shared container at each place. */
  size: number;
}

/**
 * Whether `value` nests arrays and plain objects more than `limit` levels below itself (the value
 * is level 0), or holds more than `budget.left` members (the budget is shared by the values of one
 * request). Walks with its own stack of at most `limit` frames, never recursion: a page can send
 * JSON far deeper than the worker's stack. A container met again (structured clone shares them)
 * is not walked again: its height and size, noted the first time, are enough. Anything else (a
 * Date, a Map) counts as a leaf.
 */
export function nestingOf(value: unknown, limit: number, budget: { left: number } = { left: MAX_MEMBERS }): Nesting {
  const root = membersOf(value);
  if (root === undefined) return undefined;
  const walked = new Map<object, { height: number; size: number }>();
  const frames: Frame[] = [{ container: value as object, members: root, next: 0, height: 0, size: 0 }];
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    if (top.next === top.members.length) {
      frames.pop();
      walked.set(top.container, { height: top.height, size: top.size });
      const parent = frames[frames.length - 1];
      if (parent !== undefined) {
        parent.height = Math.max(parent.height, top.height + 1);
        parent.size += top.size;
      }
      continue;
    }
    const member = top.members[top.next++];
    top.size++;
    if (--budget.left < 0) return 'too large';
    if (member === null || typeof member !== 'object') continue;
    // This member sits at level `frames.length`.
    const level = frames.length;
    const known = walked.get(member);
    if (known !== undefined) {
      if (level + known.height > limit) return 'too deep';
      top.height = Math.max(top.height, known.height + 1);
      top.size += known.size;
      budget.left -= known.size;
      if (budget.left < 0) return 'too large';
      continue;
    }
    const inner = membersOf(member);
    if (inner === undefined) continue;
    if (level > limit) return 'too deep';
    frames.push({ container: member, members: inner, next: 0, height: 0, size: 0 });
  }
  return undefined;
}

/** The members of an array or plain object; undefined for anything else. */
function membersOf(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return value;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? Object.values(value) : undefined;
}
