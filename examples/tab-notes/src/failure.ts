// What a page says when the background refuses or cannot be reached: the code the bridge or the
// store gave, and its message (a RamifyError names the collection and value).
import { isRamifyError } from '@ramify-db/core';

export function describeError(error: unknown): string {
  if (isRamifyError(error)) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
