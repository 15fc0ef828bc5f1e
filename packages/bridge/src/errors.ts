// The error codes the bridge adds to the core's (listed with every layer's in the core's
// ERROR_CODES). Every one is a RamifyError, so a page branches on `error.code` the same way for
// the core's errors and the bridge's:
//   TIMEOUT             no answer within the deadline; for a write, it may or may not have been applied
//   DISCONNECTED        the page could not reach the background, or was disconnected for good
//   FORBIDDEN           the sender is not one of the extension's own pages
//   BAD_REQUEST         a malformed request: unknown collection or method, wrong arguments, broken encoding
//   PERSISTENCE_FAILED  the write was applied but could not be made durable (or the store never hydrated)
//   SEND_FAILED         the browser refused to post the request or its answer (a value beyond its size limit)
//   NO_RUNTIME          serve() or connect() found no extension runtime to use (none passed, none in globalThis)
//   INTERNAL            the background failed where nothing should fail (a bug), or answered with a code
//                       this page does not know; a write may or may not have been applied
import { RamifyError, type BridgeErrorCode } from '@ramify-db/core';
import type { ErrorDetails } from '@ramify-db/core/internal';

export type { BridgeErrorCode };

export function bridgeError(code: BridgeErrorCode, message: string, details?: ErrorDetails): RamifyError {
  return new RamifyError(code, message, details);
}
