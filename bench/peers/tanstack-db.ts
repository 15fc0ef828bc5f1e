// TanStack DB: a local-only (in-memory) collection loaded from `initialData`, indexes created on it
// (BasicIndex for the few-valued fields, BTreeIndex for `createdAt`; it has no multiEntry index, so
// `tags` is matched with inArray, a scan), one-shot queries with queryOnce, live queries with
// createLiveQueryCollection. Writes are transactions, awaited until settled.
import {
  BasicIndex,
  BTreeIndex,
  createCollection,
  createLiveQueryCollection,
  eq,
  gte,
  inArray,
  localOnlyCollectionOptions,
  lt,
  queryOnce,
  type Collection,
} from '@tanstack/db';
import type { Message } from '../messages';
import { plainMessage, type Peer, type PeerStore, type Rows } from './adapter';

type Messages = Collection<Message, string>;

function indexed(initialData: Message[]): Messages {
  const messages = createCollection(localOnlyCollectionOptions<Message, string>({ getKey: (m) => m.id, initialData }));
  messages.createIndex((m) => m.senderId, { indexType: BasicIndex });
  messages.createIndex((m) => m.channelId, { indexType: BasicIndex });
  messages.createIndex((m) => m.metadata.priority, { indexType: BasicIndex });
  messages.createIndex((m) => m.createdAt, { indexType: BTreeIndex });
  return messages as unknown as Messages;
}

/** Subscribes to a live query collection, calling back with its rows now and after each change. */
async function live(collection: { toArray: Rows; preload(): Promise<void>; subscribeChanges(cb: () => void): { unsubscribe(): void }; cleanup(): Promise<void> }, callback: (rows: Rows) => void) {
  await collection.preload();
  const subscription = collection.subscribeChanges(() => callback(collection.toArray));
  callback(collection.toArray);
  return () => {
    subscription.unsubscribe();
    void collection.cleanup();
  };
}

export const tanstackDb: Peer = {
  name: 'TanStack DB',
  async create(): Promise<PeerStore> {
    let messages: Messages = indexed([]);
    return {
      load: (docs) => {
        messages = indexed(docs);
      },
      get: (id) => messages.get(id),
      inChannel: (channel) => queryOnce((q) => q.from({ m: messages }).where(({ m }) => eq(m.channelId, channel))),
      taggedWith: (tag) => queryOnce((q) => q.from({ m: messages }).where(({ m }) => inArray(tag, m.tags))),
      createdBetween: (from, to) =>
        queryOnce((q) =>
          q
            .from({ m: messages })
            .where(({ m }) => gte(m.createdAt, from))
            .where(({ m }) => lt(m.createdAt, to)),
        ),
      newest: (limit) =>
        queryOnce((q) =>
          q
            .from({ m: messages })
            .orderBy(({ m }) => m.createdAt, 'desc')
            .limit(limit),
        ),
      setText: (id, text) => messages.update(id, (draft) => void (draft.text = text)).when('settled'),
      setSender: (id, senderId) => messages.update(id, (draft) => void (draft.senderId = senderId)).when('settled'),
      add: (doc) => messages.insert(doc).when('settled'),
      remove: (id) => messages.delete(id).when('settled'),
      observeChannel: (channel, callback) =>
        live(
          createLiveQueryCollection((q) =>
            q
              .from({ m: messages })
              .where(({ m }) => eq(m.channelId, channel))
              .orderBy(({ m }) => m.createdAt, 'asc'),
          ),
          callback,
        ),
      observeNewest: (limit, callback) =>
        live(
          createLiveQueryCollection((q) =>
            q
              .from({ m: messages })
              .orderBy(({ m }) => m.createdAt, 'desc')
              .limit(limit),
          ),
          callback,
        ),
      close: () => messages.cleanup(),
    };
  },
  plain: (row) => plainMessage(row as Message),
  idOf: (row) => (row as Message).id,
  notes:
    'returns its stored objects. queryOnce, its one-shot query, builds and tears down a live query collection each time. Writes are transactions, each awaited until settled. A live result is the live collection’s toArray.',
  imports: {
    '@tanstack/db': ['BasicIndex', 'BTreeIndex', 'createCollection', 'createLiveQueryCollection', 'eq', 'gte', 'inArray', 'localOnlyCollectionOptions', 'lt', 'queryOnce'],
  },
};
