// The bridge: the background's store, used from the extension's pages.
//
//   // background (top level of the service worker)
//   serve(db, { persistence: persist(db, { name: 'ramify' }) });
//   // popup, options
//   const db = connect<AppSchema>();
//   const unread = await db.pages.where('status').equals('unread').sortBy('createdAt').reverse().limit(20).toArray();
//
// This is the one module that loads webextension-polyfill (it throws outside an extension); tests
// import serve.ts and connect.ts directly and pass a fake runtime.
import browser from 'webextension-polyfill';
import type { Store, StoreSchema } from '@ramify-db/core';
import { connect as connectWith, type ConnectOptions } from './connect';
import type { RemoteStore } from './remote-types';
import type { BridgeRuntime } from './runtime';
import { serve as serveWith, type Server, type ServeOptions } from './serve';

const defaultRuntime = (): BridgeRuntime => browser.runtime;

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
