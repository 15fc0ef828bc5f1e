/**
 * React hooks (useLiveQuery, useDocument, useCount) over a local Ramify DB store or the bridge's remote store, built on useSyncExternalStore; React 18/19 and Preact through preact/compat.
 *
 * @packageDocumentation
 */
// @ramify-db/react: live results of Ramify DB's core and of its extension bridge, as hooks.
//
//   const state = useLiveQuery(() => db.pages.where('status').equals('unread').sortBy('createdAt').reverse().limit(30), []);
//   if (state.status === 'ready') render(state.data);   // Doc<Page>[], for a local store or a remote one
export type { LiveState } from './cell';
export { useLiveQuery, type LiveQuerySource, type ResultOf } from './use-live-query';
export { useDocument, type DocOfCollection, type DocumentCollection, type KeyOfCollection } from './use-document';
export { useCount, type CountedCollection, type CountOf } from './use-count';
export type { WatchedCollection } from './reads';
