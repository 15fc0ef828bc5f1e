// Persistence against fake-indexeddb in Node, both layouts, each row beside a baseline measured in
// the same run: raw idb doing the same IndexedDB work by hand (the seed page's pattern).
//
// fake-indexeddb is not a browser: it is an in-process JavaScript implementation, so absolute
// times and even the ranking of the layouts differ from Chromium and Firefox (no IPC, no disk,
// durability ignored). Browser targets (Chromium: hydrate 100k ≤ 200 ms, bulkAdd of 100k durable
// ≤ 300 ms, one write durable ≤ 16 ms) are measured by the extension's browser benchmark.
import 'fake-indexeddb/auto';
import { Ramify, type Schema } from '@ramify-db/core';
import { openDB, type IDBPDatabase } from 'idb';
import { CHUNK_SIZE, persist, type Durability, type Layout, type Persistence, type Snapshots } from '@ramify-db/persistence';
import { formatDuration, formatRatio, markdownTable } from './table';
import { collectGarbage, median } from './timing';

interface Message {
  id: string;
  chat: string;
  text: string;
  at: Date;
  tags: string[];
}

const COUNT = 100_000;
const SINGLE_WRITES = 1000;
const ROUNDS = 3;
const LAYOUTS: readonly Layout[] = ['chunks', 'records'];

const createStore = () =>
  new Ramify().createStore<{ messages: Schema<Message, 'id'> }>({
    messages: { primaryKey: 'id', indexes: ['chat', 'at'], multiEntry: ['tags'] },
  });

function makeMessages(count: number, from = 0): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${String(from + i).padStart(7, '0')}`,
    chat: `chat${(from + i) % 50}`,
    text: `message number ${from + i} with a few words in it`,
    at: new Date(1_700_000_000_000 + (from + i) * 1000),
    tags: (from + i) % 3 === 0 ? ['starred'] : [],
  }));
}

let counter = 0;
const freshName = () => `bench-${counter++}`;

/** Milliseconds of `fn`, after a full collection so garbage of the previous run is not billed here. */
async function time(fn: () => Promise<void>): Promise<number> {
  collectGarbage();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs each side `ROUNDS` times, alternating which goes first; each run does its own untimed set-up and returns its time. */
async function interleave(subject: () => Promise<number>, baseline: () => Promise<number>): Promise<{ subject: number; baseline: number }> {
  const s: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      s.push(await subject());
      b.push(await baseline());
    } else {
      b.push(await baseline());
      s.push(await subject());
    }
  }
  return { subject: median(s), baseline: median(b) };
}

const rows: string[][] = [];
function row(what: string, result: { subject: number; baseline: number }, baseline: string): void {
  rows.push([what, formatDuration(result.subject), baseline, formatDuration(result.baseline), formatRatio(result.baseline / result.subject)]);
  console.log(`  ${what}: ${formatDuration(result.subject)} (baseline ${formatDuration(result.baseline)})`);
}

const docs = makeMessages(COUNT);
const base = makeMessages(10_000);
const singles = makeMessages(SINGLE_WRITES, COUNT);
const chunked = (list: Message[]) => Array.from({ length: Math.ceil(list.length / CHUNK_SIZE) }, (_, i) => list.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
console.log('fake-indexeddb is not a browser: these figures compare layouts and overheads in Node only.');
console.log('Baselines do the same work by hand, as the seed page does: the core write, then idb writes in the same layout');
console.log('(records keyed by id, or arrays of 500), so each ratio is what persist() adds or saves.\n');

/** An empty store for raw writes in `layout`'s shape. */
async function rawStore(layout: Layout): Promise<IDBPDatabase> {
  return openDB(freshName(), 1, {
    upgrade: (db) => void db.createObjectStore('messages', layout === 'records' ? { keyPath: 'id' } : undefined),
  });
}

/** The raw writes of `list` in `layout`'s shape, in one transaction. */
async function rawPut(db: IDBPDatabase, layout: Layout, list: Message[], durability: Durability): Promise<void> {
  const tx = db.transaction('messages', 'readwrite', { durability });
  if (layout === 'records') for (const doc of list) void tx.store.put(doc);
  else chunked(list).forEach((chunk, i) => void tx.store.put(chunk, i));
  await tx.done;
}

type Store = ReturnType<typeof createStore>;

/** 1k single writes, each awaited until durable, into a persisted store of 10k documents; `before` runs first. */
async function singleWrites(layout: Layout, durability: Durability, before?: (db: Store, snapshots: Snapshots) => void): Promise<number> {
  const db = createStore();
  const pending = persist(db, { name: freshName(), layout, durability });
  const p = await pending;
  db.messages.bulkAdd(base);
  before?.(db, pending.snapshots);
  await p.flush();
  const ms = await time(async () => {
    for (const doc of singles) {
      db.messages.put(doc);
      await p.flush();
    }
  });
  await p.close();
  return ms / SINGLE_WRITES;
}

// Hydration: persist() against getAll of the same store plus one bulkAdd (the seed page's way).
for (const layout of LAYOUTS) {
  const name = freshName();
  {
    const db = createStore();
    const p = await persist(db, { name, layout });
    db.messages.bulkAdd(docs);
    await p.close();
  }
  const raw = await openDB(name);
  const result = await interleave(
    async () => {
      const db = createStore();
      let p: Persistence | undefined;
      const ms = await time(async () => {
        p = await persist(db, { name, layout });
      });
      if (db.messages.count() !== COUNT) throw new Error(`hydration loaded ${db.messages.count()} documents`);
      await p?.close();
      return ms;
    },
    async () => {
      const db = createStore();
      return time(async () => {
        const values = await raw.getAll('messages');
        db.messages.bulkAdd(layout === 'records' ? values : values.flat());
      });
    },
  );
  raw.close();
  row(`hydrate 100k (${layout})`, result, 'idb getAll + bulkAdd');
}

for (const durability of ['strict', 'relaxed'] as Durability[]) {
  for (const layout of LAYOUTS) {
    // fake-indexeddb needs ~10 s per 100k separate records: measured once, with strict durability.
    if (!(layout === 'records' && durability === 'relaxed')) {
      const bulk = await interleave(
        async () => {
          const db = createStore();
          const p = await persist(db, { name: freshName(), layout, durability });
          const ms = await time(async () => {
            db.messages.bulkAdd(docs);
            await p.flush();
          });
          await p.close();
          return ms;
        },
        async () => {
          const db = createStore();
          const raw = await rawStore(layout);
          const ms = await time(async () => {
            db.messages.bulkAdd(docs);
            await rawPut(raw, layout, docs, durability);
          });
          raw.close();
          return ms;
        },
      );
      row(`bulkAdd 100k → durable (${layout}, ${durability})`, bulk, 'bulkAdd + idb put, 1 tx');
    }

    // 1k single writes, each awaited until durable, into a store holding 10k documents.
    const single = await interleave(
      () => singleWrites(layout, durability),
      async () => {
        // By hand: put the document (records) or rewrite its chunk of 500 (chunks), one transaction each.
        const db = createStore();
        db.messages.bulkAdd(base);
        const raw = await rawStore(layout);
        await rawPut(raw, layout, base, durability);
        const chunk = base.slice(0, CHUNK_SIZE - 1);
        const ms = await time(async () => {
          for (const doc of singles) {
            db.messages.put(doc);
            const tx = raw.transaction('messages', 'readwrite', { durability });
            void (layout === 'records' ? tx.store.put(doc) : tx.store.put([...chunk, doc], 0));
            await tx.done;
          }
        });
        raw.close();
        return ms / SINGLE_WRITES;
      },
    );
    row(`one write → durable, mean of 1k (${layout}, ${durability})`, single, 'put + idb put, 1 tx, awaited');

    // 1k single writes made in one turn: persist coalesces them; the seed's subscriber writes one transaction per event.
    const burst = await interleave(
      async () => {
        const db = createStore();
        const p = await persist(db, { name: freshName(), layout, durability });
        db.messages.bulkAdd(base);
        await p.flush();
        const ms = await time(async () => {
          for (const doc of singles) db.messages.put(doc);
          await p.flush();
        });
        await p.close();
        return ms;
      },
      async () => {
        const db = createStore();
        db.messages.bulkAdd(base);
        const raw = await rawStore('records');
        await rawPut(raw, 'records', base, durability);
        const ms = await time(async () => {
          await Promise.all(
            singles.map((doc) => {
              db.messages.put(doc);
              const tx = raw.transaction('messages', 'readwrite', { durability });
              void tx.store.put(doc);
              return tx.done;
            }),
          );
        });
        raw.close();
        return ms;
      },
    );
    row(`1k writes in one turn → durable (${layout}, ${durability})`, burst, 'put + idb put, 1 tx per write');
  }
}

// What query snapshots cost a write: three tracked queries of the collection written (the popup's
// kind: a sorted window the write changes every time, one it changes now and then, one document by
// key), against the same writes with none tracked.
const tracked = (db: Store, snapshots: Snapshots) => {
  snapshots.track(db.messages.sortBy('at').reverse().limit(30).toJSON());
  snapshots.track(db.messages.where('chat').equals('chat7').sortBy('at').reverse().limit(30).toJSON());
  snapshots.track(db.messages.where('id').equals('m0000001').toJSON());
};
row(
  'one write → durable, mean of 1k, 3 snapshots kept (chunks, strict)',
  await interleave(
    () => singleWrites('chunks', 'strict', tracked),
    () => singleWrites('chunks', 'strict'),
  ),
  'the same, no snapshot kept',
);

console.log(
  '\n' +
    markdownTable(['operation (fake-indexeddb in Node)', 'persist', 'baseline', 'baseline time', 'baseline ÷ persist'], rows, [
      'left',
      'right',
      'left',
      'right',
      'right',
    ]),
);
console.log('\nAbove 1× persist is faster than its baseline, below 1× the ratio is its overhead.');
console.log('fake-indexeddb ignores durability, so strict and relaxed differ only in a browser; records × relaxed × 100k is skipped (~10 s per run here).');
