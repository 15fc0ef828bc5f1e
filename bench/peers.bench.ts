// The peers benchmark: Ramify beside LokiJS, TinyBase, TanStack DB, RxDB (memory storage) and Dexie
// (over fake-indexeddb), each driven through its documented API by an adapter in bench/peers/, on
// the workload of the core benchmark (100,000 chat messages, bench/messages.ts). Every operation is
// timed on all of them in the same run, batches interleaved; a peer's ratio is peer time / Ramify
// time, so at or above 1 Ramify is faster. Before anything is timed, every peer's answer to every
// query is checked against Ramify's, so no peer is timed doing less work.
import { availableParallelism, loadavg } from 'node:os';
import { at, makeMessage, makeMessages, SIZE, user, type Message } from './messages';
import type { Peer, PeerStore, PlainMessage, Rows } from './peers/adapter';
import { bundleSize, type BundleSize } from './peers/bundle';
import { dexie } from './peers/dexie';
import { lokijs } from './peers/lokijs';
import { ramify } from './peers/ramify';
import { rxdb } from './peers/rxdb';
import { tanstackDb } from './peers/tanstack-db';
import { race, retainedHeapAsync, sinkValue, timed, untimed, type AsyncBatch, type RaceOptions } from './peers/timing';
import { tinybase } from './peers/tinybase';
import { formatDuration, formatRatio, markdownTable } from './table';
import { collectGarbage } from './timing';

/** Ramify first: every ratio is against it. */
const PEERS: readonly Peer[] = [ramify, lokijs, tinybase, tanstackDb, rxdb, dexie];
const PEER_NAMES = PEERS.map((peer) => peer.name);

const FAST: RaceOptions = { batchMs: 10, batches: 15, warmup: 2 };
/** Queries with thousands of results allocate a lot: longer batches smooth out collections. */
const LARGE: RaceOptions = { batchMs: 25, batches: 11, warmup: 1, budgetMs: 4000 };
const WRITES: RaceOptions = { batchMs: 10, batches: 11, warmup: 1, maxIterations: 2000 };
const LIVE: RaceOptions = { batchMs: 20, batches: 9, warmup: 1, maxIterations: 500, budgetMs: 4000 };
/** One load of 100k per batch, after one untimed; the slowest peers stop after one measured batch past 12 s. */
const LOADS: RaceOptions = { batches: 5, warmup: 0, maxIterations: 1, minBatches: 1, budgetMs: 12_000 };

// ---------------------------------------------------------------------------------------------
// The table: one row per operation, one column per database, each peer's ratio beside its figure

type Unit = 'time' | 'bytes per document' | 'kB';

interface Row {
  name: string;
  /** One figure per database, in PEERS order; undefined where the database cannot do it. */
  figures: (number | undefined)[];
  unit: Unit;
}

const rows: Row[] = [];
const notApplicable: string[] = [];

function format(value: number, unit: Unit): string {
  if (unit === 'time') return formatDuration(value);
  if (unit === 'kB') return `${(value / 1024).toFixed(1)} kB`;
  return `${Math.round(value)} B`;
}

function addRow(name: string, figures: (number | undefined)[], unit: Unit = 'time'): void {
  rows.push({ name, figures, unit });
  figures.forEach((figure, i) => {
    if (figure === undefined) notApplicable.push(`${PEER_NAMES[i]}: ${name}`);
  });
}

function tableText(): string {
  const header = ['operation', ...PEER_NAMES.map((name, i) => (i === 0 ? name : `${name} (÷ Ramify)`))];
  const body = rows.map(({ name, figures, unit }) => [
    name,
    ...figures.map((figure, i) => {
      if (figure === undefined) return 'n/a¹';
      const text = format(figure, unit);
      const base = figures[0];
      return i === 0 || base === undefined ? text : `${text} (${formatRatio(figure / base)})`;
    }),
  ]);
  return markdownTable(header, body, ['left', ...PEERS.map(() => 'right' as const)]);
}

// ---------------------------------------------------------------------------------------------
// The correctness guard: the same ids (in the same order where the query orders), the same data

const canonical = (m: PlainMessage) =>
  JSON.stringify([m.id, m.senderId, m.channelId, m.createdAt, m.text, m.tags, m.mentions, m.metadata.priority, m.metadata.readBy]);

function sameRows(what: string, peer: Peer, actual: Rows, expected: Rows, ordered: boolean): void {
  const fail = (why: string) => {
    throw new Error(`${peer.name} ${what}: ${why}; it would not be timed doing the same work as Ramify`);
  };
  if (actual.length !== expected.length) fail(`${actual.length} results, Ramify ${expected.length}`);
  const lines = (peerOf: Peer, list: Rows) => {
    const texts = list.map((row) => canonical(peerOf.plain(row)));
    return ordered ? texts : texts.sort();
  };
  const mine = lines(peer, actual);
  const theirs = lines(ramify, expected);
  const at = mine.findIndex((line, i) => line !== theirs[i]);
  if (at !== -1) fail(`result ${at} is ${mine[at]}, Ramify's ${theirs[at]}`);
}

function sameIds(what: string, peer: Peer, actual: Rows, expected: Rows): void {
  const mine = actual.map(peer.idOf).join();
  const theirs = expected.map(ramify.idOf).join();
  if (mine !== theirs) throw new Error(`${peer.name} ${what}: its live result differs from Ramify's (${actual.length} vs ${expected.length} rows)`);
}

// ---------------------------------------------------------------------------------------------
// The run

const started = performance.now();
console.log(
  `Ramify DB beside its peers: ${SIZE.toLocaleString('en-US')} messages, node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(2)} at start.`,
);
console.log('Times are medians per operation over interleaved batches; ratio = peer / Ramify (≥ 1: Ramify is faster or smaller).\n');

const spread = (i: number) => (i * 7919) % SIZE;
let nextNumber = SIZE; // new messages: numbers above the workload's, so they are the newest
/** A new message in channel 'general' (numbers divisible by 4), newer than every other. */
const newMessage = (): Message => {
  const message = makeMessage(nextNumber);
  nextNumber += 4;
  return message;
};

// Bundle sizes first, while nothing else takes memory. Ramify counts its whole core entry.
const bundles: BundleSize[] = [];
for (const peer of PEERS) bundles.push(await bundleSize(peer === ramify ? { '@ramify-db/core': ['*'] } : peer.imports));

// Loading: a fresh, empty store each batch, the documents made untimed. A bulk load leaves Ramify's
// secondary indexes to the first query that needs each; every peer builds its indexes as it
// loads, so the second row is Ramify's load with every index built, beside the same peer loads.
const loadBatch =
  (peer: Peer, buildIndexes = false): AsyncBatch =>
  async () => {
    const store = await peer.create();
    const docs = makeMessages(SIZE);
    collectGarbage();
    const start = performance.now();
    await store.load(docs);
    if (buildIndexes) store.buildIndexes?.();
    const elapsed = performance.now() - start;
    await store.close();
    return elapsed;
  };
const [ramifyLoad, ramifyLoadBuilt, ...peerLoads] = await race([loadBatch(ramify), loadBatch(ramify, true), ...PEERS.slice(1).map((peer) => loadBatch(peer))], LOADS);
addRow('load 100k (bulk, as documented)', [ramifyLoad, ...peerLoads]);
addRow('load 100k, every index built', [ramifyLoadBuilt, ...peerLoads]);

// The stores every later row uses, loaded one at a time so that each one's retained heap is measured.
const stores: PeerStore[] = [];
const heap: number[] = [];
for (const peer of PEERS) {
  const { bytes, value } = await retainedHeapAsync(async () => {
    const store = await peer.create();
    await store.load(makeMessages(SIZE));
    store.buildIndexes?.();
    return store;
  });
  stores.push(value);
  heap.push(bytes / SIZE);
}
const jsonBytes = makeMessages(SIZE).reduce((sum, message) => sum + JSON.stringify(message).length, 0) / SIZE;

// Reads, each answer checked against Ramify's first.
const ids = Array.from({ length: 1024 }, (_, i) => `msg-${spread(i)}`);
const rangeFrom = at(SIZE / 2);
const rangeTo = at(SIZE / 2 + SIZE / 100);

const queries = {
  get: { ordered: true, run: (store: PeerStore, i: number) => store.get(ids[i & 1023]) },
  inChannel: { ordered: false, run: (store: PeerStore) => store.inChannel('general') },
  taggedWith: { ordered: false, run: (store: PeerStore) => store.taggedWith('bug') },
  createdBetween: { ordered: false, run: (store: PeerStore) => store.createdBetween(rangeFrom, rangeTo) },
  newest: { ordered: true, run: (store: PeerStore) => store.newest(20) },
};
type QueryName = keyof typeof queries;

const counts = {} as Record<QueryName, number>;
for (const [name, { ordered, run }] of Object.entries(queries) as [QueryName, (typeof queries)[QueryName]][]) {
  const answers = async (i: number) => Promise.all(stores.map(async (store) => await run(store, i)));
  for (const i of name === 'get' ? [0, 1, 2] : [0]) {
    const [expected, ...others] = await answers(i);
    const asRows = (answer: unknown): Rows => (name === 'get' ? [answer] : (answer as Rows));
    others.forEach((answer, k) => sameRows(name, PEERS[k + 1], asRows(answer), asRows(expected), ordered));
    counts[name] = asRows(expected).length;
  }
}

const readRow = (label: string, name: QueryName, options: RaceOptions) =>
  race(
    stores.map((store) => (n: number) => timed(n, (i) => queries[name].run(store, i))),
    options,
  ).then((figures) => addRow(label, figures));
const results = (name: QueryName) => `${counts[name].toLocaleString('en-US')} results`;

await readRow('get by primary key', 'get', FAST);
await readRow(`equality: channelId (${results('inChannel')})`, 'inChannel', LARGE);
await readRow(`multiEntry: tags contains (${results('taggedWith')})²`, 'taggedWith', LARGE);
await readRow(`range: createdAt between (${results('createdBetween')})`, 'createdBetween', LARGE);
await readRow('sort + limit: newest 20', 'newest', LARGE);

// Writes. Each is checked once on every store (read back through the same database), then timed;
// additions are deleted and deletions put back untimed, so every store keeps the same documents.
for (const [k, store] of stores.entries()) {
  const peer = PEERS[k];
  const check = async (what: string, ok: (row: PlainMessage | undefined) => boolean, id: string) => {
    const row = await store.get(id);
    if (!ok(row === undefined || row === null ? undefined : peer.plain(row))) throw new Error(`${peer.name}: ${what} is not what get() reads back`);
  };
  const doc = newMessage();
  await store.setText(ids[0], 'checked text');
  await check('update of text', (row) => row?.text === 'checked text', ids[0]);
  await store.setSender(ids[0], 'user-checked');
  await check('update of senderId', (row) => row?.senderId === 'user-checked', ids[0]);
  await store.add(doc);
  await check('add', (row) => row?.id === doc.id, doc.id);
  await store.remove(doc.id);
  await check('delete', (row) => row === undefined, doc.id);
}

let revision = 1;
addRow(
  'update a plain field (text)',
  await race(
    stores.map((store) => (n: number) => {
      const r = revision++;
      return timed(n, (i) => store.setText(ids[i & 1023], `edit ${r}.${i}`));
    }),
    WRITES,
  ),
);
addRow(
  'update an indexed field (senderId)',
  await race(
    stores.map((store) => (n: number) => {
      const r = revision++;
      return timed(n, (i) => store.setSender(ids[i & 1023], user(r + i)));
    }),
    WRITES,
  ),
);
addRow(
  'add one',
  await race(
    stores.map((store) => async (n: number) => {
      const docs = Array.from({ length: n }, newMessage);
      const time = await timed(n, (i) => store.add(docs[i]));
      await untimed(n, (i) => store.remove(docs[i].id));
      return time;
    }),
    WRITES,
  ),
);
let victim = 0;
addRow(
  'delete one',
  await race(
    stores.map((store) => async (n: number) => {
      const numbers = Array.from({ length: n }, () => spread(1024 + (victim++ % 50_000)));
      const time = await timed(n, (i) => store.remove(`msg-${numbers[i]}`));
      await untimed(n, (i) => store.add(makeMessage(numbers[i])));
      return time;
    }),
    WRITES,
  ),
);

// Live queries: the time from a write to the callback that receives the new result. The write adds
// a new message that enters the result (the newest message of channel 'general'); it is deleted
// untimed after each one, once the callback has shown it gone.

interface Probe {
  callback: (rows: Rows) => void;
  /** The latest result delivered. */
  latest(): Rows;
  /** Undefined when the latest result already satisfies `done`, else a promise of the result that does. */
  until(done: (rows: Rows) => boolean): Promise<Rows> | undefined;
}

function probe(): Probe {
  let latest: Rows | undefined;
  let waiting: { done: (rows: Rows) => boolean; resolve: (rows: Rows) => void } | undefined;
  return {
    callback(rows) {
      latest = rows;
      if (waiting?.done(rows)) {
        const { resolve } = waiting;
        waiting = undefined;
        resolve(rows);
      }
    },
    latest: () => latest ?? [],
    until(done) {
      if (latest !== undefined && done(latest)) return undefined;
      return new Promise((resolve) => (waiting = { done, resolve }));
    },
  };
}

interface LiveCase {
  label: string;
  subscribe(store: PeerStore, callback: (rows: Rows) => void): ReturnType<NonNullable<PeerStore['observeChannel']>> | undefined;
  /** Where the new message shows in a result: the last of the channel (oldest first), the first of the window. */
  shows(peer: Peer, rows: Rows, id: string): boolean;
  size: number;
}

const liveCases: LiveCase[] = [
  {
    label: `live query, channelId sorted by createdAt (${(SIZE / 4).toLocaleString('en-US')}): a message added → callback³`,
    subscribe: (store, callback) => store.observeChannel?.('general', callback),
    shows: (peer, rows, id) => rows.length > 0 && peer.idOf(rows[rows.length - 1]) === id,
    size: SIZE / 4,
  },
  {
    label: 'live window, newest 20: a message added → callback³',
    subscribe: (store, callback) => store.observeNewest?.(20, callback),
    shows: (peer, rows, id) => rows.length > 0 && peer.idOf(rows[0]) === id,
    size: 20,
  },
];

for (const live of liveCases) {
  const probes = stores.map(() => probe());
  const stops = await Promise.all(stores.map(async (store, k) => await live.subscribe(store, probes[k].callback)));
  for (const [k, p] of probes.entries()) if (stops[k] !== undefined) await p.until((rows) => rows.length === live.size);

  /** Adds a message, resolving to the result that shows it and the ms it took; then deletes it untimed. */
  const addAndWatch = async (k: number): Promise<{ rows: Rows; ms: number }> => {
    const store = stores[k];
    const doc = newMessage();
    const start = performance.now();
    const write = store.add(doc);
    const shown = probes[k].until((rows) => live.shows(PEERS[k], rows, doc.id));
    if (shown !== undefined) await shown;
    const ms = performance.now() - start;
    const rows = probes[k].latest();
    await write;
    const removal = store.remove(doc.id);
    const gone = probes[k].until((result) => !live.shows(PEERS[k], result, doc.id));
    if (gone !== undefined) await gone;
    await removal;
    return { rows, ms };
  };

  // The guard: each peer's result before and after the change equals Ramify's.
  const before = probes.map((p, k) => (stops[k] === undefined ? undefined : p.latest()));
  const after: (Rows | undefined)[] = [];
  for (const k of stores.keys()) after.push(stops[k] === undefined ? undefined : (await addAndWatch(k)).rows);
  for (const k of stores.keys()) {
    if (k === 0 || stops[k] === undefined) continue;
    sameIds(`${live.label} (before)`, PEERS[k], before[k]!, before[0]!);
    // Each store added its own new message: compare all but the last (or first) id, then the position.
    const trim = (rows: Rows) => (live.size === 20 ? rows.slice(1) : rows.slice(0, -1));
    sameIds(`${live.label} (after)`, PEERS[k], trim(after[k]!), trim(after[0]!));
  }

  const figures = await race(
    stores.map((_, k) =>
      stops[k] === undefined
        ? undefined
        : async (n: number) => {
            let total = 0;
            for (let i = 0; i < n; i++) total += (await addAndWatch(k)).ms;
            return total;
          },
    ),
    LIVE,
  );
  addRow(live.label, figures);
  for (const stop of stops) stop?.();
}

addRow(`heap per document after loading 100k (JSON ${Math.round(jsonBytes)} B)`, heap, 'bytes per document');
addRow('bundle, min+gzip (esbuild)', bundles.map((size) => size.gzipped), 'kB');

for (const store of stores) await store.close();

console.log(tableText());
const trailing = rows.flatMap(({ name, figures }) =>
  figures.flatMap((figure, i) => (i > 0 && figure !== undefined && figures[0] !== undefined && figure < figures[0] ? [`${PEER_NAMES[i]} on ${name} (${formatRatio(figure / figures[0])})`] : [])),
);
console.log(`\nRamify trails: ${trailing.length === 0 ? 'nowhere' : trailing.join('; ')}.`);
console.log(`\n¹ ${notApplicable.length === 0 ? 'Every database did every operation.' : `Cannot do it: ${notApplicable.join('; ')}.`}`);
console.log('² LokiJS, TanStack DB and RxDB have no multiEntry index: their tags query scans every document.');
console.log(
  '³ From the write to the callback that has the new result; the write adds the newest message, which enters the result. LokiJS sorts and emits from a timer (≥ 1 ms); RxDB, TanStack DB and Dexie deliver asynchronously.',
);
console.log('\nHow each database answers:\n');
for (const peer of PEERS) console.log(`- ${peer.name} ${peer.notes}`);
console.log(`\nTotal time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (sinkValue() === -1) console.log(sinkValue());
