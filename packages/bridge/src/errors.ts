// The error codes the bridge adds to the core's. Every one is a RamifyError, so a page branches on
// `error.code` the same way for the core's errors and the bridge's.
import { RamifyError } from '@ramify-db/core';

export type BridgeErrorCode =
  /** No answer within the deadline. For a write: it may or may not have been applied. */
  | 'TIMEOUT'
  /** The page could not reach the background, or was disconnected for good. */
  | 'DISCONNECTED'
  /** The sender is not one of the extension's own pages. */
  | 'FORBIDDEN'
  /** A malformed request: unknown collection or method, wrong arguments, broken encoding. */
  | 'BAD_REQUEST'
  /** The write was applied but could not be made durable (or the store never hydrated). */
  | 'PERSISTENCE_FAILED'
  /** The browser refused to post the request or its answer (a single value beyond its size limit). */
  | 'SEND_FAILED'
  /** serve() or connect() found no extension runtime to use (none passed, none in globalThis). */
  | 'NO_RUNTIME'
  /** The background failed where nothing should fail (a bug): a write may or may not have been applied. */
  | 'INTERNAL';

export function bridgeError(code: BridgeErrorCode, message: string, details?: { collection?: string; field?: string; value?: unknown; cause?: unknown }): RamifyError {
  return new RamifyError(code, message, details);
}
