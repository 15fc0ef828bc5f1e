// One error type for everything the library rejects, with a stable code callers can branch on.

/**
 * Every code a RamifyError carries, by the layer that throws it. One vocabulary for all layers: a
 * page decodes errors that happened in the background (core, persistence and bridge alike), and a
 * code means the same wherever it was thrown. The README has a table of their meanings.
 */
export const ERROR_CODES = {
  core: [
    'INVALID_KEY',
    'DUPLICATE_KEY',
    'UNIQUE_VIOLATION',
    'NOT_INDEXED',
    'INVALID_INDEX_VALUE',
    'INVALID_SCHEMA',
    'INVALID_QUERY',
    'INVALID_DOCUMENT',
    'INVALID_ARGUMENT',
    'READ_ONLY',
  ],
  persistence: ['SCHEMA_MISMATCH', 'PERSISTENCE_FAILED', 'BLOCKED', 'CLOSED', 'INVALID_RECORD'],
  bridge: ['TIMEOUT', 'DISCONNECTED', 'FORBIDDEN', 'BAD_REQUEST', 'PERSISTENCE_FAILED', 'SEND_FAILED', 'NO_RUNTIME', 'INTERNAL'],
} as const;

/** The codes the core throws. */
export type RamifyErrorCode = (typeof ERROR_CODES.core)[number];
/** The codes persistence adds (it also throws the core's INVALID_ARGUMENT). */
export type PersistenceErrorCode = (typeof ERROR_CODES.persistence)[number];
/** The codes the bridge adds; the core's errors cross it with their codes. */
export type BridgeErrorCode = (typeof ERROR_CODES.bridge)[number];
export type ErrorCode = RamifyErrorCode | PersistenceErrorCode | BridgeErrorCode;

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ERROR_CODES).flat());

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

export interface ErrorDetails {
  collection?: string;
  field?: string;
  value?: unknown;
  cause?: unknown;
  /** A bulk write's: the position of the refused item in the array. */
  index?: number;
  /** A bulk write's: the key of the refused item (what the item holds at the primary key, valid or not). */
  key?: unknown;
}

export class RamifyError extends Error {
  readonly code: ErrorCode;
  readonly collection?: string;
  readonly field?: string;
  readonly value?: unknown;
  /** Set on the errors of bulkAdd, bulkPut, bulkUpdate and bulkDelete: which item was refused. */
  readonly index?: number;
  readonly key?: unknown;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RamifyError';
    this.code = code;
    if (details.collection !== undefined) this.collection = details.collection;
    if (details.field !== undefined) this.field = details.field;
    if ('value' in details) this.value = details.value;
    if (details.index !== undefined) this.index = details.index;
    if ('key' in details) this.key = details.key;
  }
}

export function isRamifyError(error: unknown): error is RamifyError {
  return error instanceof RamifyError;
}

/** Arrays nested deeper than this are shown as `[...]`: a message stays short whatever the value. */
const SHOWN_DEPTH = 3;

/**
 * What a value is, in a few words and without reading its contents: `function save`, `Symbol(x)`,
 * `a Map`, `an Error`, `an Object`, `an object` (no prototype); a primitive as String() prints it.
 */
export function kindOf(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return String(value);
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (typeof name !== 'string' || name === '') return 'an object';
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** `text`, cut to at most `max` characters, ending in `...` when cut: a message stays short whatever it quotes. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** A short, unambiguous rendering of a value for error messages: strings quoted, NaN and Dates visible. */
export function describe(value: unknown, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(clip(value, 80));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${value}${typeof value === 'bigint' ? 'n' : ''}`;
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return kindOf(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (Array.isArray(value)) {
    if (depth >= SHOWN_DEPTH) return '[...]';
    return `[${value.slice(0, 5).map((item) => describe(item, depth + 1)).join(', ')}${value.length > 5 ? ', ...' : ''}]`;
  }
  const kind = kindOf(value);
  if (kind !== 'an Object' && kind !== 'an object') return kind;
  const keys = Object.keys(value as object);
  return `{${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}}`;
}

/** Builds the message prefix every core error shares: `users.email: ...`. */
export function fail(code: ErrorCode, collection: string, field: string | undefined, value: unknown, problem: string): never {
  const where = field === undefined ? `collection "${collection}"` : `collection "${collection}", field "${field}"`;
  throw new RamifyError(code, `${where}: ${problem} (got ${describe(value)})`, { collection, field, value });
}
