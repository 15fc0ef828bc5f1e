// Large messages in pieces. Chrome refuses a message above 64 MiB, and one huge message blocks both
// processes while it is serialised; a 100k-document export must still work. Every message whose
// JSON may be longer than `pieceSize` characters is stringified once and posted as `part` messages
// of at most that many characters; the receiver joins and parses them.
//
// Whether a message may be that long is decided from the size the codec totals while encoding
// its payload (codec.ts): an upper bound on its JSON length but for escapes, which make JSON at
// most 6 times longer. A message is posted whole only when even 6 times its size fits one piece,
// so no message of any shape posted whole is longer than a piece; the others are stringified and
// posted in one or more pieces.
import { bridgeError } from './errors';
import type { PartMessage } from './protocol';

/** 4 Mi characters of JSON: at most 12 MiB on the wire even if every character is 3 bytes in UTF-8. */
export const DEFAULT_PIECE_SIZE = 4 * 1024 * 1024;

/** How much longer than its unescaped size JSON can be: `\u0001` is 6 characters for one. */
const ESCAPE_FACTOR = 6;

/** The envelope around a payload: type, ids, names and a live delta's splices. */
function envelopeSize(message: Record<string, unknown>): number {
  const ops = message.o;
  // Its texts joined by commas, a snapshot's key fields among them (their brackets and quotes, at
  // most 18 characters for a compound key's 8 fields, are within the 128 characters of slack).
  return 128 + String([message.id, message.c, message.m, message.pk, message.e]).length + (Array.isArray(ops) ? ops.length * 12 : 0);
}

/** Splits at most every `size` characters, never inside a surrogate pair. */
function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && end - start > 1 && code >= 0xd800 && code <= 0xdbff) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * Posts messages, in pieces when they may be longer than `pieceSize` characters of JSON.
 * `payloadSize` is what encode() measured of the payload (`Encoded.size`); the envelope is added here.
 * A message longer than `maxChars` (what the other end accepts) throws SEND_FAILED, posting nothing.
 */
export function createOutbox(post: (message: unknown) => void, pieceSize: number, maxChars = Infinity): (message: object, payloadSize: number) => void {
  let transfers = 0;
  return (message, payloadSize) => {
    if ((payloadSize + envelopeSize(message as Record<string, unknown>)) * ESCAPE_FACTOR <= pieceSize) {
      post(message);
      return;
    }
    const text = JSON.stringify(message);
    if (text.length > maxChars) {
      throw bridgeError('SEND_FAILED', `the message is ${text.length} characters of JSON; the background accepts at most ${maxChars} (send it in smaller requests)`);
    }
    const id = ++transfers;
    const pieces = split(text, pieceSize);
    for (let i = 0; i < pieces.length; i++) post({ t: 'part', id, i, n: pieces.length, p: pieces[i] } satisfies PartMessage);
  };
}

/** Pieces one message may be split into: 64 Ki pieces of the default size are 256 Gi characters. */
export const MAX_PIECES = 65_536;

/**
 * What is wrong with a piece the inbox sets aside: `shape` (it is not a number id, a whole n, a
 * whole i below n and a text p), `count` (its n differs from the earlier pieces of its message),
 * `json` (the joined text is not JSON), or a bound passed: `transfers` or `chars`. Named, not
 * worded: the background words it (partProblemText) to report it; a page drops such a piece, and
 * would ship the words for nothing.
 */
export type PartProblem = 'shape' | 'count' | 'json' | 'transfers' | 'chars';

/** What the inbox returns for a piece or a joined text it cannot use: never thrown, always reported. */
export interface MalformedPart {
  t: 'part';
  problem: PartProblem;
}

const malformed = (problem: PartProblem): MalformedPart => ({ t: 'part', problem });

/** What a port from a page may hold unfinished: `transfers` messages, `chars` characters of their pieces. */
export interface InboxLimits {
  transfers: number;
  chars: number;
}

/** The words for a problem the inbox named, for a port bounded by `limits`; undefined for anything else. */
export function partProblemText(problem: unknown, limits: InboxLimits): string | undefined {
  switch (problem) {
    case 'shape':
      return `it needs a number id, a whole n from 1 to ${MAX_PIECES}, a whole i below n and a text p`;
    case 'count':
      return 'its n differs from the earlier pieces of its message';
    case 'json':
      return 'its text is not JSON';
    case 'transfers':
      return `more than ${limits.transfers} messages unfinished at once; the port dropped them`;
    case 'chars':
      return `more than ${limits.chars} characters unfinished at once; the port dropped them`;
    default:
      return undefined;
  }
}

const isWhole = (n: unknown, below: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < below;

export interface Inbox {
  accept(message: unknown): unknown;
  /** Drops every unfinished message. */
  clear(): void;
  /** What it holds unfinished: messages, and characters of their pieces. */
  held(): { transfers: number; chars: number };
}

/**
 * Given what the inbox would hold with a new piece (messages, characters), the bound it passes, if
 * any. A function the background passes in, so that a page, whose inbox is unbounded, does not ship it.
 */
export type InboxBound = (transfers: number, chars: number) => 'transfers' | 'chars' | undefined;

export function inboxBound(limits: InboxLimits): InboxBound {
  return (transfers, chars) => (transfers > limits.transfers ? 'transfers' : chars > limits.chars ? 'chars' : undefined);
}

/**
 * Joins `part` messages; passes every other message through. Returns undefined while a message is
 * incomplete, and a MalformedPart for a piece that does not fit (whose transfer is then dropped).
 * With a `bound` (a port from a page), a piece beyond it drops everything the inbox holds.
 */
export function createInbox(bound?: InboxBound): Inbox {
  const partial = new Map<number, { pieces: string[]; received: number; chars: number }>();
  let chars = 0;
  const clear = () => {
    partial.clear();
    chars = 0;
  };
  return {
    accept(message) {
      if (message === null || typeof message !== 'object' || (message as { t?: unknown }).t !== 'part') return message;
      const { id, i, n, p } = message as Partial<Record<keyof PartMessage, unknown>>;
      if (typeof id !== 'number' || !isWhole(n, MAX_PIECES + 1) || n === 0 || !isWhole(i, n) || typeof p !== 'string') {
        return malformed('shape');
      }
      let transfer = partial.get(id);
      if (transfer === undefined) partial.set(id, (transfer = { pieces: new Array<string>(n), received: 0, chars: 0 }));
      else if (transfer.pieces.length !== n) {
        partial.delete(id);
        chars -= transfer.chars;
        return malformed('count');
      }
      const before = transfer.pieces[i];
      const grows = p.length - (before === undefined ? 0 : before.length);
      // A new transfer counts as held: a bound passed drops it with the rest.
      const problem = bound?.(partial.size, chars + grows);
      if (problem !== undefined) {
        clear();
        return malformed(problem);
      }
      if (before === undefined) transfer.received++;
      transfer.pieces[i] = p;
      transfer.chars += grows;
      chars += grows;
      if (transfer.received < n) return undefined;
      partial.delete(id);
      chars -= transfer.chars;
      try {
        return JSON.parse(transfer.pieces.join(''));
      } catch {
        return malformed('json');
      }
    },
    clear,
    held: () => ({ transfers: partial.size, chars }),
  };
}
