// Ramify through its public API: one bulkAdd, queries on the schema's indexes, observe().
import { createRamify, type Message } from '../messages';
import { plainMessage, type Peer } from './adapter';

export const ramify: Peer = {
  name: 'Ramify',
  async create() {
    const messages = createRamify();
    return {
      load: (docs) => messages.bulkAdd(docs),
      get: (id) => messages.get(id),
      inChannel: (channel) => messages.where('channelId').equals(channel).toArray(),
      taggedWith: (tag) => messages.where('tags').equals(tag).toArray(),
      createdBetween: (from, to) => messages.where('createdAt').between(from, to).toArray(),
      newest: (limit) => messages.sortBy('createdAt').reverse().limit(limit).toArray(),
      setText: (id, text) => messages.update(id, { text }),
      setSender: (id, senderId) => messages.update(id, { senderId }),
      add: (doc) => messages.add(doc),
      remove: (id) => messages.delete(id),
      observeChannel: (channel, callback) => messages.where('channelId').equals(channel).sortBy('createdAt').observe(callback),
      observeNewest: (limit, callback) => messages.sortBy('createdAt').reverse().limit(limit).observe(callback),
      buildIndexes: () => {
        messages.where('senderId').equals('user-1').count();
        messages.where('channelId').equals('general').count();
        messages.where('metadata.priority').equals('high').count();
        messages.where('createdAt').equals(new Date(0)).count();
        messages.where('mentions').equals('user-1').count();
        messages.where('tags').equals('bug').count();
        messages.where('metadata.readBy').equals('user-1').count();
      },
      close: () => {},
    };
  },
  plain: (row) => plainMessage(row as Message),
  idOf: (row) => (row as Message).id,
  imports: { '@ramify-db/core': ['Ramify'] },
  notes:
    'returns its stored documents, deep frozen, without copying. A bulk load leaves the secondary indexes to the first query that needs each (the second row times the load with all of them built; the heap is measured with all of them built).',
};
