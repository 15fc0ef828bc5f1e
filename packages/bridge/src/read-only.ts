// Documents a page receives are as immutable as the ones the core hands out: deeply frozen, with
// Dates whose setters throw (Object.freeze cannot stop `setTime`). Live results share unchanged
// documents between successive results, so a page that mutated one would corrupt the next.
import { RamifyError } from '@ramify-db/core';

class ReadOnlyDate extends Date {}
for (const name of Object.getOwnPropertyNames(Date.prototype)) {
  if (!name.startsWith('set')) continue;
  Object.defineProperty(ReadOnlyDate.prototype, name, {
    value(this: Date) {
      throw new RamifyError('READ_ONLY', `Dates inside documents are frozen: ${name}() is not allowed; copy it with new Date(date) first`);
    },
  });
}

export function readOnlyDate(time: number): Date {
  return Object.freeze(new ReadOnlyDate(time));
}

/** Freezes a decoded value in place, all the way down (already frozen parts are skipped). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else if (!(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    // Own fields only: whatever the object inherits is not its data.
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) deepFreeze(record[keys[i]]);
  }
  return Object.freeze(value);
}
