// TinyBase: one Store table of flat rows (cells are JSON values, so `createdAt` is epoch ms and
// `metadata` is two cells), and an Indexes object: a slice per value for the equality fields,
// one slice per element for the arrays, all slices sorted by `createdAt`. TinyBase indexes have
// no range lookup, so a range is a binary search over the one slice sorted by time.
import { createIndexes } from 'tinybase/indexes';
import { createStore, type Row } from 'tinybase/store';
import type { Message } from '../messages';
import type { Peer, PlainMessage } from './adapter';

const TABLE = 'messages';

const toRow = (m: Message): Row => ({
  id: m.id,
  senderId: m.senderId,
  channelId: m.channelId,
  createdAt: m.createdAt.getTime(),
  text: m.text,
  tags: m.tags,
  mentions: m.mentions,
  priority: m.metadata.priority,
  readBy: m.metadata.readBy,
});

export const tinybase: Peer = {
  name: 'TinyBase',
  async create() {
    const store = createStore();
    const indexes = createIndexes(store);
    const elements = (cell: string) => (getCell: (cellId: string) => unknown) => getCell(cell) as string[];
    indexes
      .setIndexDefinition('senderId', TABLE, 'senderId')
      .setIndexDefinition('channelId', TABLE, 'channelId', 'createdAt')
      .setIndexDefinition('priority', TABLE, 'priority')
      .setIndexDefinition('createdAt', TABLE, undefined, 'createdAt') // one slice, '', sorted by time
      .setIndexDefinition('mentions', TABLE, elements('mentions'))
      .setIndexDefinition('tags', TABLE, elements('tags'))
      .setIndexDefinition('readBy', TABLE, elements('readBy'));

    const rows = (ids: readonly string[]) => ids.map((id) => store.getRow(TABLE, id));
    const byTime = () => indexes.getSliceRowIds('createdAt', '');
    /** First position in `ids` (sorted by time) whose createdAt is at least `time`. */
    const firstAtOrAfter = (ids: readonly string[], time: number) => {
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((store.getCell(TABLE, ids[mid], 'createdAt') as number) < time) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const newestIds = (limit: number) => byTime().slice(-limit).reverse();
    const listen = (indexId: string, sliceId: string, emit: () => void) => {
      const listenerId = indexes.addSliceRowIdsListener(indexId, sliceId, emit);
      emit();
      return () => void indexes.delListener(listenerId);
    };

    return {
      load: (docs) => {
        const table: Record<string, Row> = {};
        for (const doc of docs) table[doc.id] = toRow(doc);
        store.setTable(TABLE, table);
      },
      get: (id) => (store.hasRow(TABLE, id) ? store.getRow(TABLE, id) : undefined),
      inChannel: (channel) => rows(indexes.getSliceRowIds('channelId', channel)),
      taggedWith: (tag) => rows(indexes.getSliceRowIds('tags', tag)),
      createdBetween: (from, to) => {
        const ids = byTime();
        return rows(ids.slice(firstAtOrAfter(ids, from.getTime()), firstAtOrAfter(ids, to.getTime())));
      },
      newest: (limit) => rows(newestIds(limit)),
      setText: (id, text) => store.setCell(TABLE, id, 'text', text),
      setSender: (id, senderId) => store.setCell(TABLE, id, 'senderId', senderId),
      add: (doc) => store.setRow(TABLE, doc.id, toRow(doc)),
      remove: (id) => store.delRow(TABLE, id),
      // A live result of an index is its Row Ids: rows are read when shown.
      observeChannel: (channel, callback) => listen('channelId', channel, () => callback(indexes.getSliceRowIds('channelId', channel))),
      observeNewest: (limit, callback) => listen('createdAt', '', () => callback(newestIds(limit))),
      close: () => {
        indexes.destroy();
        store.delTables();
      },
    };
  },
  plain: (row) => {
    const { priority, readBy, ...rest } = row as Record<string, unknown>;
    return { ...rest, metadata: { priority, readBy } } as unknown as PlainMessage;
  },
  idOf: (row) => (typeof row === 'string' ? row : ((row as Row).id as string)),
  imports: { 'tinybase/store': ['createStore'], 'tinybase/indexes': ['createIndexes'] },
  notes:
    "stores cells of JSON values: createdAt as epoch ms, metadata as two cells, arrays as JSON text parsed on every read. An index answers Row Ids; queries read each row with getRow (a new object), a live result is the Ids. The range is a binary search over the slice sorted by time. Sorted slices are re-checked in full on every insert into them (most of its 'add one').",
};
