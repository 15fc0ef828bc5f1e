/**
 * Keeps a Ramify DB store in IndexedDB (through idb): hydration on start, write-through of every change, flush for durability, layouts, upgrades, and query snapshots that answer before hydration.
 *
 * @packageDocumentation
 */
// Persistence: keeps a Ramify store in IndexedDB (SPEC §2).
//
//   const p = await persist(db, { name: 'app' });   // hydrates, then writes every change through
//   await p.flush();                                 // everything before this call is on disk
export { persist } from './persist';
export { migrateDocuments } from './migrate';
export { CHUNK_BYTES, CHUNK_SIZE } from './chunk-layout';
export { SNAPSHOT_DOCS, SNAPSHOT_QUERIES } from './snapshot-rows';
export type { Snapshots } from './snapshots';
export type { PersistenceErrorCode } from '@ramify-db/core';
export type { Durability, ErrorInfo, Layout, Persistence, PersistenceStatus, PersistOptions, PersistPromise, UpgradeHook } from './types';
