// How long to wait before retrying a failed write: doubling from 50 ms, at most 5 s. Failures of
// IndexedDB are local (quota, a closed connection, a busy disk), so there is no herd to spread out
// with jitter; what matters is not hammering a full disk and still retrying soon after a blip.
export const FIRST_RETRY_MS = 50;
export const MAX_RETRY_MS = 5000;

export function retryDelay(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}
