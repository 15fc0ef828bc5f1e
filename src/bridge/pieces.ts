// Large messages in pieces. Chrome refuses a message above 64 MiB, and one huge message blocks both
// processes while it is serialised; a 100k-document export must still work. A message whose payload
// looks larger than `pieceSize` characters of JSON is stringified once and posted as `part`
// messages of at most that many characters; the receiver joins and parses them.
import type { PartMessage } from './protocol';

/** 4 Mi characters of JSON: at most 12 MiB on the wire even if every character needs escaping. */
export const DEFAULT_PIECE_SIZE = 4 * 1024 * 1024;

/** Arrays this long are sampled; shorter ones are assumed to fit (a 64 MiB limit leaves room). */
const SAMPLE_FROM = 256;
const SAMPLES = 16;

function sampledSize(items: readonly unknown[]): number {
  const step = items.length / SAMPLES;
  let total = 0;
  for (let i = 0; i < SAMPLES; i++) total += JSON.stringify(items[Math.floor(i * step)] ?? null).length + 1;
  return (total / SAMPLES) * items.length;
}

/**
 * A cheap estimate of a payload's JSON length: it looks for long arrays and long strings near the
 * top (a result, the arguments of a bulk write) and samples them, never walking whole documents.
 */
export function estimateSize(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object' || depth > 2) return 0;
  if (Array.isArray(value)) {
    if (value.length >= SAMPLE_FROM) return sampledSize(value);
    if (value.length > 8) return 0;
    let total = 0;
    for (const item of value) total += estimateSize(item, depth + 1);
    return total;
  }
  let total = 0;
  for (const key in value) total += estimateSize((value as Record<string, unknown>)[key], depth + 1);
  return total;
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

/** Posts messages, in pieces when their payload `v` is large. */
export function createOutbox(post: (message: unknown) => void, pieceSize: number): (message: object) => void {
  let transfers = 0;
  return (message) => {
    if (estimateSize((message as { v?: unknown }).v) <= pieceSize) {
      post(message);
      return;
    }
    const id = ++transfers;
    const pieces = split(JSON.stringify(message), pieceSize);
    for (let i = 0; i < pieces.length; i++) post({ t: 'part', id, i, n: pieces.length, p: pieces[i] } satisfies PartMessage);
  };
}

/** Pieces one message may be split into: 64 Ki pieces of the default size are 256 Gi characters. */
export const MAX_PIECES = 65_536;

/** What the inbox returns for a piece or a joined text it cannot use: never thrown, always reported. */
export interface MalformedPart {
  t: 'part';
  problem: string;
}

const malformed = (problem: string): MalformedPart => ({ t: 'part', problem });

const isWhole = (n: unknown, below: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < below;

/**
 * Joins `part` messages; passes every other message through. Returns undefined while a message is
 * incomplete, and a MalformedPart for a piece that does not fit (whose transfer is then dropped).
 */
export function createInbox(): { accept(message: unknown): unknown; clear(): void } {
  const partial = new Map<number, { pieces: string[]; received: number }>();
  return {
    accept(message) {
      if (message === null || typeof message !== 'object' || (message as { t?: unknown }).t !== 'part') return message;
      const { id, i, n, p } = message as Partial<Record<keyof PartMessage, unknown>>;
      if (typeof id !== 'number' || !isWhole(n, MAX_PIECES + 1) || n === 0 || !isWhole(i, n) || typeof p !== 'string') {
        return malformed('it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p');
      }
      let transfer = partial.get(id);
      if (transfer === undefined) partial.set(id, (transfer = { pieces: new Array<string>(n), received: 0 }));
      if (transfer.pieces.length !== n) {
        partial.delete(id);
        return malformed('its n differs from the earlier pieces of its message');
      }
      if (transfer.pieces[i] === undefined) transfer.received++;
      transfer.pieces[i] = p;
      if (transfer.received < n) return undefined;
      partial.delete(id);
      try {
        return JSON.parse(transfer.pieces.join(''));
      } catch {
        return malformed('its text is not JSON');
      }
    },
    clear() {
      partial.clear();
    },
  };
}
