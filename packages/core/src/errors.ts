// One error type for everything the library rejects, with a stable code callers can branch on.

export type ErrorCode =
  | 'INVALID_KEY'
  | 'DUPLICATE_KEY'
  | 'UNIQUE_VIOLATION'
  | 'NOT_INDEXED'
  | 'INVALID_INDEX_VALUE'
  | 'INVALID_SCHEMA'
  | 'INVALID_QUERY'
  | 'INVALID_DOCUMENT'
  | 'INVALID_ARGUMENT'
  // Codes of the layers above the core; listed so every layer shares one vocabulary.
  | (string & {});

export interface ErrorDetails {
  collection?: string;
  field?: string;
  value?: unknown;
  cause?: unknown;
}

export class RamifyError extends Error {
  readonly code: ErrorCode;
  readonly collection?: string;
  readonly field?: string;
  readonly value?: unknown;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RamifyError';
    this.code = code;
    if (details.collection !== undefined) this.collection = details.collection;
    if (details.field !== undefined) this.field = details.field;
    if ('value' in details) this.value = details.value;
  }
}

export function isRamifyError(error: unknown): error is RamifyError {
  return error instanceof RamifyError;
}

/** Arrays nested deeper than this are shown as `[...]`: a message stays short whatever the value. */
const SHOWN_DEPTH = 3;

/** A short, unambiguous rendering of a value for error messages: strings quoted, NaN and Dates visible. */
export function describe(value: unknown, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${value}${typeof value === 'bigint' ? 'n' : ''}`;
  if (value === null || value === undefined) return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) {
    if (depth >= SHOWN_DEPTH) return '[...]';
    return `[${value.slice(0, 5).map((item) => describe(item, depth + 1)).join(', ')}${value.length > 5 ? ', ...' : ''}]`;
  }
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  if (name && name !== 'Object') return `a ${name}`;
  const keys = Object.keys(value as object);
  return `{${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}}`;
}

/** Builds the message prefix every core error shares: `users.email: ...`. */
export function fail(code: ErrorCode, collection: string, field: string | undefined, value: unknown, problem: string): never {
  const where = field === undefined ? `collection "${collection}"` : `collection "${collection}", field "${field}"`;
  throw new RamifyError(code, `${where}: ${problem} (got ${describe(value)})`, { collection, field, value });
}
