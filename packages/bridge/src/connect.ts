// The page side: `connect<AppSchema>({ runtime })` gives the background's store, typed from the
// same schema, with every call returning a Promise. It opens its port at once, which wakes a
// stopped background so that hydration starts while the page renders.
import type { StoreSchema } from '@ramify-db/core';
import { documentVisibility, type Visibility } from './keep-alive';
import { createLink, DEFAULT_KEEP_ALIVE_MS, DEFAULT_PIECE_SIZE, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type Link } from './link';
import { DEFAULT_CHANNEL } from './protocol';
import { remoteStore } from './remote-store';
import type { RemoteStore } from './remote-types';
import type { BridgeRuntime } from './runtime';

export interface ConnectOptions {
  /** The extension's runtime (webextension-polyfill's `browser.runtime`, or a fake in tests). */
  runtime: BridgeRuntime;
  /** Port name prefix shared with serve(); default 'ramify'. */
  channel?: string;
  /** Every call settles within this many ms (TIMEOUT otherwise). Default 10,000. */
  timeout?: number;
  /** Ping interval while the page is visible. Default 20,000 ms (Chrome stops an idle worker at 30 s). */
  keepAlive?: number;
  /** Reconnect delay in ms: `min`, doubling per failed attempt up to `max`. Default 10 to 2,000. */
  retry?: { min: number; max: number };
  /** Default: the document's visibility (always visible where there is no document). */
  visibility?: Visibility;
  /** Requests that may be longer than this many characters of JSON go in pieces of at most this many. Default 4 Mi. */
  pieceSize?: number;
  /** Errors with no promise to reject: a live callback that throws, a refused subscription. Default console.error. */
  onError?: (error: unknown) => void;
}

const links = new WeakMap<object, Link>();

export function connect<S extends StoreSchema>(options: ConnectOptions): RemoteStore<S> {
  const link = createLink({
    runtime: options.runtime,
    channel: options.channel ?? DEFAULT_CHANNEL,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    keepAlive: options.keepAlive ?? DEFAULT_KEEP_ALIVE_MS,
    retry: options.retry ?? DEFAULT_RETRY,
    visibility: options.visibility ?? documentVisibility(),
    pieceSize: options.pieceSize ?? DEFAULT_PIECE_SIZE,
    onError: options.onError ?? ((error) => console.error(error)),
  });
  const store = remoteStore<S>(link);
  links.set(store, link);
  return store;
}

/**
 * Closes a store's port and stops its timers: pending calls reject with DISCONNECTED, live
 * subscriptions end. (A function, not a method: any name could be a collection's.)
 */
export function disconnect(store: object): void {
  links.get(store)?.close();
}
