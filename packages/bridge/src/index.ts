/**
 * A Ramify DB store in a WebExtension's background, used from its pages over runtime ports: typed fluent queries, live results as deltas, exactly-once writes, deadlines and bounds on every message.
 *
 * @packageDocumentation
 */
// The bridge: the background's store, used from the extension's pages.
//
//   // background (top level of the service worker)
//   serve(db, { persistence: persist(db, { name: 'ramify' }) });
//   // popup, options
//   const db = connect<AppSchema>();
//   const unread = await db.pages.where('status').equals('unread').sortBy('createdAt').reverse().limit(20).toArray();
//
// The runtime is the browser's own unless the app passes one (webextension-polyfill's
// `browser.runtime`, or a fake in tests): the slice the bridge uses is the same in Chrome's
// `chrome.runtime` and Firefox's `browser.runtime`, so the polyfill is the app's choice, not a cost.
import type { Store, StoreSchema } from '@ramify-db/core';
import { connect as connectWith, type ConnectOptions } from './connect';
import { bridgeError } from './errors';
import type { RemoteStore } from './remote-types';
import type { BridgeRuntime } from './runtime';
import { serve as serveWith, type Server, type ServeOptions } from './serve';

type RuntimeScope = { browser?: { runtime?: BridgeRuntime }; chrome?: { runtime?: BridgeRuntime } };

/** `browser.runtime` (Firefox, Safari, or the polyfill loaded as a global), else `chrome.runtime`. */
function defaultRuntime(): BridgeRuntime {
  const scope = globalThis as RuntimeScope;
  // A web page may have a `chrome.runtime` without ports: only an extension's own contexts can connect.
  const runtime = [scope.browser?.runtime, scope.chrome?.runtime].find((candidate) => typeof candidate?.connect === 'function');
  if (runtime === undefined) {
    throw bridgeError('NO_RUNTIME', 'No extension runtime here: neither browser.runtime nor chrome.runtime can open a port. Pass { runtime }, e.g. browser.runtime from webextension-polyfill.');
  }
  return runtime;
}

export function serve<S extends StoreSchema>(db: Store<S>, options: Omit<ServeOptions, 'runtime'> & { runtime?: BridgeRuntime } = {}): Server {
  return serveWith(db, { ...options, runtime: options.runtime ?? defaultRuntime() });
}

export function connect<S extends StoreSchema>(options: Omit<ConnectOptions, 'runtime'> & { runtime?: BridgeRuntime } = {}): RemoteStore<S> {
  return connectWith<S>({ ...options, runtime: options.runtime ?? defaultRuntime() });
}

export { disconnect, type ConnectOptions } from './connect';
export type { Durability } from './applied';
export type { BridgeErrorCode } from './errors';
export type { Visibility } from './keep-alive';
export { PROTOCOL_VERSION } from './protocol';
export type { RemoteChangeListener, RemoteChangeType, RemoteCollection, RemoteCollectionOf, RemoteQuery, RemoteStore, RemoteWhereClause } from './remote-types';
export type { BridgePort, BridgeRuntime, PortSender } from './runtime';
export type { Server, ServeOptions } from './serve';
