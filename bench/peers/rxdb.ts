// RxDB with its free memory storage, as in production: no dev-mode plugin, no schema validation
// wrapper. Documents are JSON (`createdAt` in epoch ms); the schema indexes the indexed fields
// (RxDB has no multiEntry index: `tags: value` matches an element, by a scan) and the compound
// [channelId, createdAt] that serves the live channel query. Queries are Mango queries.
import { createRxDatabase, type RxCollection, type RxDocument, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Message } from '../messages';
import type { Peer, PeerStore, PlainMessage } from './adapter';

type RxMessage = PlainMessage;

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const list = { type: 'array', items: { type: 'string' } } as const;

const schema: RxJsonSchema<RxMessage> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: text(32),
    senderId: text(32),
    channelId: text(32),
    createdAt: { type: 'number', minimum: 0, maximum: 1e14, multipleOf: 1 },
    text: { type: 'string' },
    tags: list,
    mentions: list,
    metadata: {
      type: 'object',
      properties: { priority: text(16), readBy: list },
      required: ['priority', 'readBy'],
    },
  },
  required: ['id', 'senderId', 'channelId', 'createdAt', 'text', 'tags', 'mentions', 'metadata'],
  indexes: ['senderId', 'channelId', 'metadata.priority', 'createdAt', ['channelId', 'createdAt']],
};

const toJson = (m: Message): RxMessage => ({ ...m, createdAt: m.createdAt.getTime() });

/**
 * RxDB keeps the result of a query and hands it back while the collection is unchanged, so a
 * repeated query would time that cache. `fresh(n)` makes the n-th query distinct (a limit that
 * cuts nothing) so that RxDB runs every query it is timed on.
 */
let queries = 0;
const fresh = () => 1_000_000 + queries++;

let databases = 0;

export const rxdb: Peer = {
  name: 'RxDB',
  async create(): Promise<PeerStore> {
    const db = await createRxDatabase<{ messages: RxCollection<RxMessage> }>({
      name: `peers${databases++}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    const { messages } = await db.addCollections({ messages: { schema } });
    const observe = (query: ReturnType<typeof messages.find>, callback: (rows: readonly unknown[]) => void) => {
      const subscription = query.$.subscribe(callback);
      return () => subscription.unsubscribe();
    };
    return {
      load: (docs) => messages.bulkInsert(docs.map(toJson)),
      get: (id) => messages.findOne(id).exec(),
      inChannel: (channel) => messages.find({ selector: { channelId: channel }, limit: fresh() }).exec(),
      taggedWith: (tag) => messages.find({ selector: { tags: tag }, limit: fresh() }).exec(),
      createdBetween: (from, to) =>
        messages.find({ selector: { createdAt: { $gte: from.getTime(), $lt: to.getTime() } }, limit: fresh() }).exec(),
      // The bound below every time changes nothing but the query's identity (see `fresh`).
      newest: (limit) => messages.find({ selector: { createdAt: { $gt: -fresh() } }, sort: [{ createdAt: 'desc' }], limit }).exec(),
      setText: (id, text) => messages.findOne(id).patch({ text }),
      setSender: (id, senderId) => messages.findOne(id).patch({ senderId }),
      add: (doc) => messages.insert(toJson(doc)),
      remove: (id) => messages.findOne(id).remove(),
      observeChannel: (channel, callback) => observe(messages.find({ selector: { channelId: channel }, sort: [{ createdAt: 'asc' }] }), callback),
      observeNewest: (limit, callback) => observe(messages.find({ sort: [{ createdAt: 'desc' }], limit }), callback),
      close: () => db.remove().then(() => undefined),
    };
  },
  plain: (row) => {
    const { id, senderId, channelId, createdAt, text, tags, mentions, metadata } = (row as RxDocument<RxMessage>).toJSON();
    return { id, senderId, channelId, createdAt, text, tags: [...tags], mentions: [...mentions], metadata: { priority: metadata.priority, readBy: [...metadata.readBy] } };
  },
  idOf: (row) => (row as RxDocument<RxMessage>).primary,
  imports: { rxdb: ['createRxDatabase'], 'rxdb/plugins/storage-memory': ['getRxStorageMemory'] },
  notes:
    'stores JSON (createdAt as epoch ms) and returns RxDocuments (toJSON() for the data). It keeps a query’s result while the collection is unchanged and answers a repeated query from it, so every timed query is made distinct by a limit or bound that excludes nothing. Updates and deletes are findOne(id).patch() / .remove().',
};
