// Dexie over fake-indexeddb. NOT in memory the way the others are: every read and write goes
// through (fake) IndexedDB, with structured clones and transactions, in Node rather than in a
// browser. Dexie's schema string declares every index: multiEntry (*tags), nested paths, and the
// compound [channelId+createdAt] that serves the live channel query.
import Dexie, { liveQuery, type EntityTable } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { Message } from '../messages';
import { plainMessage, type Peer, type PeerStore } from './adapter';

// liveQuery runs its queries only where Dexie sees an IndexedDB (in a browser, the global one).
Object.assign(Dexie.dependencies, { indexedDB, IDBKeyRange });

let databases = 0;

export const dexie: Peer = {
  name: 'Dexie',
  async create(): Promise<PeerStore> {
    const db = new Dexie(`peers${databases++}`, { indexedDB, IDBKeyRange }) as Dexie & { messages: EntityTable<Message, 'id'> };
    db.version(1).stores({
      messages: 'id, senderId, channelId, metadata.priority, createdAt, *mentions, *tags, *metadata.readBy, [channelId+createdAt]',
    });
    await db.open();
    const { messages } = db;
    const observe = <T>(query: () => Promise<T[]>, callback: (rows: readonly unknown[]) => void) => {
      const subscription = liveQuery(query).subscribe(callback);
      return () => subscription.unsubscribe();
    };
    return {
      load: (docs) => messages.bulkAdd(docs),
      get: (id) => messages.get(id),
      inChannel: (channel) => messages.where('channelId').equals(channel).toArray(),
      taggedWith: (tag) => messages.where('tags').equals(tag).toArray(),
      createdBetween: (from, to) => messages.where('createdAt').between(from, to).toArray(),
      newest: (limit) => messages.orderBy('createdAt').reverse().limit(limit).toArray(),
      setText: (id, text) => messages.update(id, { text }),
      setSender: (id, senderId) => messages.update(id, { senderId }),
      add: (doc) => messages.add(doc),
      remove: (id) => messages.delete(id),
      observeChannel: (channel, callback) =>
        observe(() => messages.where('[channelId+createdAt]').between([channel, Dexie.minKey], [channel, Dexie.maxKey]).toArray(), callback),
      observeNewest: (limit, callback) => observe(() => messages.orderBy('createdAt').reverse().limit(limit).toArray(), callback),
      close: () => db.delete(),
    };
  },
  plain: (row) => plainMessage(row as Message),
  idOf: (row) => (row as Message).id,
  imports: { dexie: ['default', 'liveQuery'] },
  notes:
    'over fake-indexeddb, not in memory like the others: every read returns structured clones, every write is an IndexedDB transaction, and liveQuery reads its whole result again after a write in its range. A browser’s IndexedDB has other costs; the extension’s benchmark measures those.',
};
