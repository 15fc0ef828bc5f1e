// The extension in real Chromium, each figure beside its floor measured in the same run by a bare
// extension written here: a fresh page whose worker wakes and replies at once, a raw Port round
// trip with the same payload, a raw IndexedDB getAll of the same documents in 500-document chunks,
// a raw relay from one page through the worker to another, a raw strict-durability write
// requested from a page.
//
//   npm run bench:browser        (builds dist/ for release first)
//
// Cold starts are made by stopping the workers over CDP (Playwright's attachment keeps them from
// idling out by themselves). The popup's first answer is timed as a user sees it: a new tab opens
// popup.html, and the time is that of its first unread row, from the tab's navigation start;
// beside it, the same for a bare page whose worker reads nothing (the wake-only floor). Full
// hydration is timed through a bench page added to a copy of dist/ (the bridge client the popup
// uses): a request only the loaded store answers, from a stopped worker. Targets (issue 13): the
// popup's first answer ≤ 1.5× the wake-only floor at 1k, 10k and 100k pages, and at 100k within
// 1.25× of 1k; full hydration of 100k ≤ 1.5× wake + getAll; a 50-page query ≤ 2× the bare round
// trip; live delivery to another page ≤ 2 ms median; write → durable reply ≤ 2× its floor.
import { stopAllWorkers } from '../test/e2e/chromium';
import { CHROMIUM_PATH, chromiumFlags } from '../test/e2e/chromium-flags.mjs';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { formatDuration, formatRatio, markdownTable } from './table';
import { median } from './timing';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'reading-list-bench-'));
const ramifyDir = join(work, 'reading-list');
const bareDir = join(work, 'bare');

// ---------------------------------------------------------------------------------------------
// The documents: the same generator on both sides, so payloads and stored data match.

const DOCS_SOURCE = `
import { makePage } from './src/app/page';
const TOPICS = ['indexeddb', 'service workers', 'rust', 'query planners', 'accessibility', 'benchmarks', 'css', 'typescript'];
export function benchDoc(i) {
  return makePage({
    id: 'p' + String(i).padStart(7, '0'),
    url: 'https://site' + (i % 50) + '.example/articles/' + i + '/notes-on-' + TOPICS[i % 8].replace(/ /g, '-'),
    title: 'Notes on ' + TOPICS[i % 8] + ', part ' + i,
    tags: ['t' + (i % 20), ...(i % 3 === 0 ? ['later'] : [])],
    status: ['unread', 'read', 'archived'][i % 3],
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60000),
  });
}
`;

// ---------------------------------------------------------------------------------------------
// The bench page inside the reading list: the bridge client, as the popup uses it.

const RAMIFY_PAGE = `
import { connect, disconnect } from '@ramify-db/bridge';
import { benchDoc } from 'bench-docs';
const now = () => performance.timeOrigin + performance.now();
const popupQuery = (db) => db.pages.where('status').equals('unread').sortBy('createdAt').reverse().limit(50);
// A cold start with 100k pages can outlast the default 10 s deadline on a loaded machine; the
// bench wants the time, not a TIMEOUT.
const options = { timeout: 120000 };
let db;
window.bench = {
  connect() { db = connect(options); },
  disconnect() { disconnect(db); db = undefined; },
  async fill(from, to) {
    const own = connect(options);
    for (let start = from; start < to; start += 5000) {
      const docs = [];
      for (let i = start; i < Math.min(to, start + 5000); i++) docs.push(benchDoc(i));
      await own.pages.bulkAdd(docs);
    }
    const n = await own.pages.count();
    disconnect(own);
    return n;
  },
  /** Connect to a stopped background and time a request only the loaded store answers. */
  async hydrated(expected) {
    const t0 = performance.now();
    const own = connect(options);
    const n = await own.pages.count();
    const ms = performance.now() - t0;
    disconnect(own);
    if (n !== expected) throw new Error('the woken store holds ' + n + ' pages');
    return ms;
  },
  async queries(n) {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const docs = await popupQuery(db).toArray();
      times.push(performance.now() - t0);
      if (docs.length !== 50) throw new Error('query returned ' + docs.length);
    }
    return times;
  },
  async writes(n, id) {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await db.pages.update(id, { title: 'Written ' + i });
      times.push(performance.now() - t0);
    }
    return times;
  },
  /** The popup side of live delivery: observe the unread list, note when each title arrives. */
  observe() {
    window.arrived = new Map();
    popupQuery(db).observe((docs) => {
      const at = now();
      for (const doc of docs) if (doc.title.startsWith('Live ') && !window.arrived.has(doc.title)) window.arrived.set(doc.title, at);
    });
  },
  async send(id, title) {
    const at = now();
    await db.pages.update(id, { title });
    return at;
  },
  arrivedAt(title) { return window.arrived.get(title); },
};
`;

// ---------------------------------------------------------------------------------------------
// The bare extension: what hand-written messaging and IndexedDB cost at the least.

const BARE_WORKER = `
import { benchDoc } from 'bench-docs';
const first = benchDoc(0);
const fifty = Array.from({ length: 50 }, (_, i) => benchDoc(i * 3));
// Chrome sends JSON; the documents travel with their dates as text, like any JSON payload.
const payload = JSON.parse(JSON.stringify(fifty));
const ports = new Set();
let writes;
function openDb(name, upgrade) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
chrome.runtime.onConnect.addListener((port) => {
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
  port.onMessage.addListener(async (m) => {
    if (m.op === 'ping') port.postMessage({ id: m.id });
    else if (m.op === 'first') port.postMessage({ id: m.id, doc: first });
    else if (m.op === 'docs') port.postMessage({ id: m.id, docs: payload });
    else if (m.op === 'getAll') {
      const db = await openDb(m.db, (d) => d.createObjectStore('chunks'));
      const chunks = await new Promise((resolve) => {
        const request = db.transaction('chunks').objectStore('chunks').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      let n = 0;
      for (const chunk of chunks) n += chunk.length;
      db.close();
      port.postMessage({ id: m.id, n });
    } else if (m.op === 'write') {
      writes ??= await openDb('bare-writes', (d) => d.createObjectStore('docs'));
      const tx = writes.transaction('docs', 'readwrite', { durability: 'strict' });
      tx.objectStore('docs').put(m.doc, m.doc.id);
      tx.oncomplete = () => port.postMessage({ id: m.id });
    } else if (m.op === 'relay') {
      for (const other of ports) if (other !== port) other.postMessage(m);
      port.postMessage({ id: m.id });
    }
  });
});
`;

const BARE_PAGE = `
import { benchDoc } from 'bench-docs';
const now = () => performance.timeOrigin + performance.now();
let port;
let seq = 0;
const pending = new Map();
window.arrived = new Map();
function open() {
  port = chrome.runtime.connect({ name: 'bare' });
  port.onMessage.addListener((m) => {
    if (m.op === 'relay') window.arrived.set(m.title, now());
    else { pending.get(m.id)?.(m); pending.delete(m.id); }
  });
}
function call(message) {
  return new Promise((resolve) => {
    const id = ++seq;
    pending.set(id, resolve);
    port.postMessage({ ...message, id });
  });
}
window.bare = {
  connect: open,
  disconnect() { port.disconnect(); },
  async fill(name, count) {
    const db = await new Promise((resolve) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('chunks');
      request.onsuccess = () => resolve(request.result);
    });
    for (let start = 0; start < count; start += 500) {
      const chunk = [];
      for (let i = start; i < Math.min(count, start + 500); i++) chunk.push(benchDoc(i));
      await new Promise((resolve) => {
        const tx = db.transaction('chunks', 'readwrite');
        tx.objectStore('chunks').put(chunk, start / 500);
        tx.oncomplete = resolve;
      });
    }
    db.close();
  },
  async cold(op, db) {
    const t0 = performance.now();
    open();
    await call({ op, db });
    const ms = performance.now() - t0;
    port.disconnect();
    return ms;
  },
  async roundTrips(op, n) {
    const times = [];
    for (let i = 0; i < n; i++) {
      const doc = op === 'write' ? { ...benchDoc(1), title: 'Written ' + i } : undefined;
      const t0 = performance.now();
      await call({ op, doc });
      times.push(performance.now() - t0);
    }
    return times;
  },
  async send(title) {
    const at = now();
    await call({ op: 'relay', title });
    return at;
  },
  arrivedAt(title) { return window.arrived.get(title); },
};
`;

// A fresh page of the bare extension: it wakes the worker and shows the one row it answers with.
const BARE_POPUP = `
const port = chrome.runtime.connect({ name: 'bare' });
port.onMessage.addListener((m) => {
  const row = document.createElement('li');
  row.className = 'item';
  row.textContent = m.doc.title;
  document.getElementById('list').append(row);
});
port.postMessage({ op: 'first', id: 1 });
`;

async function bundlePage(source: string, outfile: string): Promise<void> {
  await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    outfile,
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    minify: true,
    conditions: ['@ramify-db/source'],
    plugins: [
      {
        name: 'bench-docs',
        setup(b) {
          b.onResolve({ filter: /^bench-docs$/ }, () => ({ path: 'bench-docs', namespace: 'bench-docs' }));
          b.onLoad({ filter: /.*/, namespace: 'bench-docs' }, () => ({ contents: DOCS_SOURCE, resolveDir: root, loader: 'js' }));
        },
      },
    ],
    logLevel: 'warning',
  });
}

async function prepareExtensions(): Promise<void> {
  const made = spawnSync(process.execPath, ['build.mjs', '--release'], { cwd: root, stdio: 'inherit' });
  if (made.status !== 0) throw new Error('npm run build failed');
  cpSync(join(root, 'dist'), ramifyDir, { recursive: true });
  writeFileSync(join(ramifyDir, 'bench.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><script src="bench.js"></script>');
  await bundlePage(RAMIFY_PAGE, join(ramifyDir, 'bench.js'));

  cpSync(join(root, 'icons'), join(bareDir, 'icons'), { recursive: true });
  writeFileSync(
    join(bareDir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'bare floor', version: '1.0', background: { service_worker: 'worker.js' } }),
  );
  writeFileSync(join(bareDir, 'bare.html'), '<!doctype html><meta charset="utf-8"><title>bare</title><script src="bare.js"></script>');
  writeFileSync(join(bareDir, 'popup.html'), '<!doctype html><meta charset="utf-8"><title>bare popup</title><ul id="list"></ul><script src="popup.js"></script>');
  await bundlePage(BARE_POPUP, join(bareDir, 'popup.js'));
  await bundlePage(BARE_WORKER, join(bareDir, 'worker.js'));
  await bundlePage(BARE_PAGE, join(bareDir, 'bare.js'));
}

// ---------------------------------------------------------------------------------------------
// The browser.

async function launch(): Promise<{ context: BrowserContext; ids: { ramify: string; bare: string } }> {
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...chromiumFlags([ramifyDir, bareDir]),
    ],
  });
  const ids = { ramify: '', bare: '' };
  const deadline = Date.now() + 30_000;
  while ((!ids.ramify || !ids.bare) && Date.now() < deadline) {
    for (const worker of context.serviceWorkers()) {
      const url = new URL(worker.url());
      if (url.pathname === '/background.js') ids.ramify = url.host;
      if (url.pathname === '/worker.js') ids.bare = url.host;
    }
    if (!ids.ramify || !ids.bare) await context.waitForEvent('serviceworker', { timeout: 30_000 }).catch(() => undefined);
  }
  if (!ids.ramify || !ids.bare) throw new Error('the extensions did not start');
  return { context, ids };
}

/** Stops every extension worker, then lets the browser settle so the next wake is a cold start. */
async function stopWorkers(context: BrowserContext, page: Page): Promise<void> {
  await stopAllWorkers(context, page);
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** Notes, in the page, when its first list row appears (installed before the page's own scripts run). */
const WATCH_FIRST_ROW = `
new MutationObserver((_, observer) => {
  if (document.querySelector('#list .item') === null) return;
  window.firstRowAt = performance.now();
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });
`;

/** Opens `url` in a new tab; returns when its first list row appeared, in ms from the tab's navigation start. */
async function firstRow(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.addInitScript(WATCH_FIRST_ROW);
    await page.goto(url);
    await page.waitForFunction(() => (window as any).firstRowAt !== undefined, undefined, { timeout: 60_000, polling: 20 });
    return await page.evaluate(() => (window as any).firstRowAt as number);
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------

interface Row {
  figure: string;
  subject: number;
  floor: number;
  floorName: string;
  target: string;
  met: boolean;
}

async function main(): Promise<void> {
  await prepareExtensions();
  const { context, ids } = await launch();
  const rows: Row[] = [];
  try {
    const ramify = await context.newPage();
    await ramify.goto(`chrome-extension://${ids.ramify}/bench.html`);
    const bare = await context.newPage();
    await bare.goto(`chrome-extension://${ids.bare}/bare.html`);
    const cdpPage = context.pages()[0];

    /** Times `run` after stopping the workers, `count` times; `runFloor` likewise, alternately (the machine's noise falls on both). */
    const coldPairs = async (count: number, run: () => Promise<number>, runFloor: () => Promise<number>) => {
      const times: number[] = [];
      const floors: number[] = [];
      for (let i = 0; i < count; i++) {
        await stopWorkers(context, cdpPage);
        times.push(await run());
        await stopWorkers(context, cdpPage);
        floors.push(await runFloor());
      }
      return { subject: median(times), floor: median(floors), times, floors };
    };
    const ramifyPopup = () => firstRow(context, `chrome-extension://${ids.ramify}/popup.html`);
    const barePopup = () => firstRow(context, `chrome-extension://${ids.bare}/popup.html`);

    const firstAnswers = new Map<number, number>();
    let filled = 0;
    for (const size of [1_000, 10_000, 100_000]) {
      const started = performance.now();
      const stored = await ramify.evaluate(([from, to]) => (window as any).bench.fill(from, to), [filled, size]);
      if (stored !== size) throw new Error(`stored ${stored} pages, expected ${size}`);
      filled = size;
      if (size >= 10_000) await bare.evaluate(([name, count]) => (window as any).bare.fill(name, count), [`bare-${size}`, size] as const);
      console.log(`stored ${size.toLocaleString('en-US')} pages in ${formatDuration(performance.now() - started)}`);
      // The popup once, warm: its queries are observed, so their snapshots are kept from now on.
      await ramifyPopup();
      await new Promise((resolve) => setTimeout(resolve, 500));

      const label = size.toLocaleString('en-US').replace(',000', 'k');
      const popup = await coldPairs(size === 100_000 ? 7 : 9, ramifyPopup, barePopup);
      console.log(`popup first row, ${label}: ${popup.times.map(formatDuration).join(', ')}; floor ${popup.floors.map(formatDuration).join(', ')}`);
      firstAnswers.set(size, popup.subject);
      rows.push({
        figure: `popup's first row after a worker stop, ${label} pages`,
        subject: popup.subject,
        floor: popup.floor,
        floorName: 'fresh page + wake only',
        target: '≤ 1.5× floor',
        met: popup.subject <= 1.5 * popup.floor,
      });
      if (size < 10_000) continue;
      const full = await coldPairs(
        5,
        () => ramify.evaluate((n) => (window as any).bench.hydrated(n), size),
        () => bare.evaluate((name) => (window as any).bare.cold('getAll', name), `bare-${size}`),
      );
      console.log(`full hydration, ${label}: ${full.times.map(formatDuration).join(', ')}; floor ${full.floors.map(formatDuration).join(', ')}`);
      rows.push({
        figure: `full hydration after a worker stop, ${label} pages`,
        subject: full.subject,
        floor: full.floor,
        floorName: `wake + getAll ${label}`,
        target: size === 100_000 ? '≤ 1.5× floor' : '—',
        met: size !== 100_000 || full.subject <= 1.5 * full.floor,
      });
    }
    const flat = (firstAnswers.get(100_000) as number) / (firstAnswers.get(1_000) as number);
    rows.push({
      figure: "popup's first row, 100k pages ÷ 1k pages",
      subject: firstAnswers.get(100_000) as number,
      floor: firstAnswers.get(1_000) as number,
      floorName: 'the same at 1k pages',
      target: '≤ 1.25×',
      met: flat <= 1.25,
    });

    // Warm figures: both sides connected, alternating runs of 50.
    await ramify.evaluate(() => (window as any).bench.connect());
    await bare.evaluate(() => (window as any).bare.connect());
    const query: number[] = [];
    const queryFloor: number[] = [];
    const write: number[] = [];
    const writeFloor: number[] = [];
    for (let round = 0; round < 6; round++) {
      query.push(...(await ramify.evaluate((n) => (window as any).bench.queries(n), 50)));
      queryFloor.push(...(await bare.evaluate((n) => (window as any).bare.roundTrips('docs', n), 50)));
      write.push(...(await ramify.evaluate(([n, id]) => (window as any).bench.writes(n, id), [25, 'p0000001'] as const)));
      writeFloor.push(...(await bare.evaluate((n) => (window as any).bare.roundTrips('write', n), 25)));
    }
    rows.push({ figure: 'popup query, 50 pages', subject: median(query), floor: median(queryFloor), floorName: 'Port round trip, same 50 docs', target: '≤ 2× floor', met: median(query) <= 2 * median(queryFloor) });
    rows.push({ figure: 'write → durable reply', subject: median(write), floor: median(writeFloor), floorName: 'page → worker → IDB put (strict) → reply', target: '≤ 2× floor', met: median(write) <= 2 * median(writeFloor) });

    // Live delivery: a write in one page (the options page's role) to another page's live list.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${ids.ramify}/bench.html`);
    await popup.evaluate(() => {
      (window as any).bench.connect();
      (window as any).bench.observe();
    });
    const bareOther = await context.newPage();
    await bareOther.goto(`chrome-extension://${ids.bare}/bare.html`);
    await bareOther.evaluate(() => (window as any).bare.connect());
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The newest unread page is at the top of the popup's list.
    const newestUnread = `p${String(99_999).padStart(7, '0')}`;
    const live: number[] = [];
    const liveFloor: number[] = [];
    const arrival = async (page: Page, api: 'bench' | 'bare', title: string) => {
      for (let i = 0; i < 400; i++) {
        const at = await page.evaluate(([a, t]) => (window as any)[a].arrivedAt(t), [api, title] as const);
        if (at !== undefined) return at as number;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`${title} never arrived`);
    };
    for (let i = 0; i < 60; i++) {
      const title = `Live ${i}`;
      const sent = await ramify.evaluate(([id, t]) => (window as any).bench.send(id, t), [newestUnread, title] as const);
      live.push((await arrival(popup, 'bench', title)) - sent);
      const bareSent = await bare.evaluate((t) => (window as any).bare.send(t), title);
      liveFloor.push((await arrival(bareOther, 'bare', title)) - bareSent);
    }
    rows.push({ figure: 'live delivery, write in one page → other page’s list', subject: median(live), floor: median(liveFloor), floorName: 'page → worker → other page relay', target: '≤ 2 ms', met: median(live) <= 2 });
  } finally {
    await context.close();
    rmSync(work, { recursive: true, force: true });
  }

  console.log(`\nChromium ${CHROMIUM_PATH}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}; medians\n`);
  console.log(
    markdownTable(
      ['figure', 'reading list', 'floor', 'floor measures', 'ratio', 'target', 'result'],
      rows.map((row) => [row.figure, formatDuration(row.subject), formatDuration(row.floor), row.floorName, formatRatio(row.subject / row.floor), row.target, row.met ? 'PASS' : 'MISS']),
      ['left', 'right', 'right', 'left', 'right', 'left', 'left'],
    ),
  );
}

await main();
