// Tuples (the values of a compound index, the keys of a compound primary key) as single strings
// whose order as strings is the tuple order: part by part, each part in the one value order
// (value-order.ts), a shorter tuple before the longer ones it starts. An index over these strings is
// an ordinary index: equality, ranges, walks and unique owners need nothing of their own, and the
// hot comparisons stay string comparisons.
//
// Each part is a rank character then its payload: nothing for undefined and null, the rank alone
// for false and true, four 16-bit code units for a number or a Date (its time value), and for a
// string its code units with U+0000 escaped, then a terminator below any escaped character.
import type { Key } from './types';

const UNDEFINED = '\u0001';
const NULL = '\u0002';
const FALSE = '\u0003';
const TRUE = '\u0004';
const NUMBER = '\u0005';
const DATE = '\u0006';
const STRING = '\u0007';
/** Not an index value (never stored: checked before a write); sorts last, as in compareValues. */
const OTHER = '\u0008';

const TERMINATOR = '\u0000\u0001';
const ESCAPED_ZERO = '\u0000\uffff';

/** Above every tuple that starts with a given encoded prefix: no part starts with U+FFFF. */
export const AFTER_PREFIX = '\uffff';

const view = new DataView(new ArrayBuffer(8));

/** Four code units ordered as the numbers are (-0 as 0, -Infinity first). */
function numberChars(n: number): string {
  view.setFloat64(0, n === 0 ? 0 : n);
  let hi = view.getUint32(0);
  let lo = view.getUint32(4);
  if (hi >= 0x80000000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else hi = (hi | 0x80000000) >>> 0;
  return String.fromCharCode(hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff);
}

function charsNumber(s: string, at: number): number {
  let hi = ((s.charCodeAt(at) << 16) | s.charCodeAt(at + 1)) >>> 0;
  let lo = ((s.charCodeAt(at + 2) << 16) | s.charCodeAt(at + 3)) >>> 0;
  if (hi >= 0x80000000) hi = (hi & 0x7fffffff) >>> 0;
  else {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  }
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}

function encodePart(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return STRING + (v.includes('\u0000') ? v.replaceAll('\u0000', ESCAPED_ZERO) : v) + TERMINATOR;
    case 'number':
      return Number.isNaN(v) ? OTHER : NUMBER + numberChars(v);
    case 'boolean':
      return v ? TRUE : FALSE;
    case 'undefined':
      return UNDEFINED;
    case 'object':
      if (v === null) return NULL;
      if (v instanceof Date && !Number.isNaN(v.getTime())) return DATE + numberChars(v.getTime());
      return OTHER;
    default:
      return OTHER;
  }
}

/** The string of a tuple (or of its first parts, for a range bound). */
export function encodeTuple(parts: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) out += encodePart(parts[i]);
  return out;
}

/** The tuple of a compound primary key back from its string: its parts are strings and numbers only. */
export function decodeKey(id: string): Key[] {
  const parts: Key[] = [];
  let at = 0;
  while (at < id.length) {
    if (id[at] === NUMBER) {
      parts.push(charsNumber(id, at + 1));
      at += 5;
      continue;
    }
    let s = '';
    at++;
    for (;;) {
      const end = id.indexOf('\u0000', at);
      s += id.slice(at, end);
      if (id.charCodeAt(end + 1) === 1) {
        at = end + 2;
        break;
      }
      s += '\u0000';
      at = end + 2;
    }
    parts.push(s);
  }
  return parts;
}
