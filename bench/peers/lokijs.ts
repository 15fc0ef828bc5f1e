// LokiJS 1.5.12, in memory: a unique index on `id`, binary indices on the indexed fields (arrays
// have none: `tags` is matched with $contains, a scan), DynamicViews for live results.
import Loki from 'lokijs';
import type { Message } from '../messages';
import { plainMessage, type Peer, type Rows } from './adapter';

/** LokiJS keeps `createdAt` as given on a bulk insert and stores it as epoch ms on a single insert. */
type Stored = Omit<Message, 'createdAt'> & { createdAt: Date | number };

const asMessage = (row: Stored): Message => {
  const { $loki, meta, ...message } = row as Stored & { $loki?: number; meta?: unknown };
  void $loki;
  void meta;
  return { ...message, createdAt: new Date(row.createdAt) };
};

export const lokijs: Peer = {
  name: 'LokiJS',
  async create() {
    const db = new Loki('peers.db');
    const messages = db.addCollection<Stored>('messages', {
      unique: ['id'],
      indices: ['senderId', 'channelId', 'metadata.priority', 'createdAt'] as (keyof Stored)[],
    });
    // The typings omit insert's documented second parameter, overrideAdaptiveIndices.
    const insertBatch = messages.insert.bind(messages) as unknown as (docs: Stored[], overrideAdaptiveIndices: boolean) => Stored[];
    const byId = (id: string) => messages.by('id', id);
    const edit = (id: string, change: (doc: Stored) => void) => {
      const doc = byId(id);
      if (doc === undefined) return undefined;
      change(doc);
      return messages.update(doc);
    };
    /**
     * A DynamicView sorted by `createdAt` that calls `emit` after each rebuild: LokiJS sorts and
     * emits from a timer ('active' sorting), the first time too. A view without any filter keeps
     * its first sorted rows and misses documents inserted later (1.5.12), so every view filters.
     */
    const view = (name: string, desc: boolean, filter: object | undefined, emit: (view: DynamicView<Stored>) => void) => {
      const dynamicView = messages.addDynamicView(name, { sortPriority: 'active' });
      if (filter === undefined) dynamicView.applyWhere(() => true);
      else dynamicView.applyFind(filter);
      dynamicView.applySimpleSort('createdAt', { desc });
      dynamicView.on('rebuild', () => emit(dynamicView));
      return () => messages.removeDynamicView(name);
    };
    return {
      // `true`: rebuild the binary indices once after the batch instead of after every document.
      load: (docs) => insertBatch(docs, true),
      get: byId,
      inChannel: (channel) => messages.find({ channelId: channel }),
      taggedWith: (tag) => messages.find({ tags: { $contains: tag } }),
      // $between includes both ends; createdAt is in whole seconds, so `to - 1 ms` excludes `to`.
      createdBetween: (from, to) => messages.find({ createdAt: { $between: [from, new Date(to.getTime() - 1)] } }),
      newest: (limit) => messages.chain().simplesort('createdAt', { desc: true }).limit(limit).data(),
      setText: (id, text) => edit(id, (doc) => (doc.text = text)),
      setSender: (id, senderId) => edit(id, (doc) => (doc.senderId = senderId)),
      add: (doc) => messages.insert(doc),
      remove: (id) => {
        const doc = byId(id);
        if (doc !== undefined) messages.remove(doc);
      },
      observeChannel: (channel, callback) => view(`channel-${channel}`, false, { channelId: channel }, (dv) => callback(dv.data() as Rows)),
      observeNewest: (limit, callback) => view('newest', true, undefined, (dv) => callback(dv.branchResultset().limit(limit).data())),
      close: () => db.close(),
    };
  },
  plain: (row) => plainMessage(asMessage(row as Stored)),
  idOf: (row) => (row as Stored).id,
  imports: { lokijs: ['default'] },
  notes:
    "returns its stored objects, mutable, with `$loki` and `meta` added to each; an update edits the stored object, then update() re-indexes it. createdAt stays a Date after a bulk insert and becomes epoch ms on a single insert. $between includes both ends (the range asks up to `to` - 1 ms). A DynamicView without a filter misses documents inserted after its first sort, so the window's view filters with applyWhere(() => true); views sort and emit 'rebuild' from a timer.",
};
