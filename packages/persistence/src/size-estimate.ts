// How many bytes a value takes once IndexedDB serialises it, near enough (within a small factor):
// string lengths plus a few bytes per value and property name. A walk over own properties with an
// explicit stack (no recursion on stored data), stopped as soon as the count passes `limit`, so a
// huge or cyclic value costs no more than `limit` steps.

/** A string or a property name: its characters plus a tag and a length. */
const STRING = 4;
/** A number, boolean, null, undefined or date. */
const SCALAR = 9;

export function estimateSize(value: unknown, limit: number): number {
  let size = 0;
  const pending: object[] = [];
  let item: unknown = value;
  for (;;) {
    if (typeof item === 'string') size += item.length + STRING;
    else if (item === null || typeof item !== 'object') size += SCALAR;
    else if (Array.isArray(item)) {
      size += STRING;
      for (let i = 0; i < item.length && size <= limit; i++) size += valueSize(item[i], pending);
    } else if (item instanceof Date) size += SCALAR;
    else if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) size += item.byteLength + STRING;
    else {
      size += STRING;
      const keys = Object.keys(item);
      for (let i = 0; i < keys.length && size <= limit; i++) {
        size += keys[i].length + STRING + valueSize((item as Record<string, unknown>)[keys[i]], pending);
      }
    }
    if (size > limit || pending.length === 0) return size;
    item = pending.pop();
  }
}

/** The size of a string or scalar; an object goes on `pending` (counted once popped) for 1, so `limit` bounds the stack too. */
function valueSize(value: unknown, pending: object[]): number {
  if (typeof value === 'string') return value.length + STRING;
  if (value !== null && typeof value === 'object') {
    pending.push(value);
    return 1;
  }
  return SCALAR;
}
