// Chromium: the bridge against a hostile extension page and oversized messages, in the real
// service worker with Chrome's JSON messaging and its 64 MiB cap. A raw port posts what the typed
// client never would; the bridge's own client (bundled here) sends and fetches 70 MB.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { closeChromium, hasChromium, launchChromium, openPopup, type Chromium } from './chromium';
import { saveInPopup, target } from './ui';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bridge's page side as a script: `ramifyBridge.connect(...)` in the page it is evaluated in. */
let client = '';
beforeAll(async () => {
  const bundle = await build({
    absWorkingDir: root,
    entryPoints: ['packages/bridge/src/connect.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'ramifyBridge',
    // Evaluated, not loaded: a `var` would stay in the evaluation's scope.
    footer: { js: 'globalThis.ramifyBridge = ramifyBridge;' },
    target: 'chrome123',
    conditions: ['@ramify-db/source'],
    logLevel: 'warning',
  });
  client = bundle.outputFiles[0].text;
});

/** A message the background sent: a piece by its length, anything else by type, id and (small) value. */
interface RawReply {
  t: string;
  id?: string;
  v?: unknown;
  /** For a piece: the length of its text. */
  length?: number;
}

/**
 * Posts `messages` (JSON texts) on a raw port from an extension page, whole or as pieces, joins the
 * pieces of what comes back, and returns everything received once each message with an id is answered.
 */
async function rawExchange(page: Page, messages: string[], asPiece = false): Promise<RawReply[]> {
  return page.evaluate(
    ({ messages, asPiece }) =>
      new Promise<RawReply[]>((resolve, reject) => {
        type Port = { postMessage(message: unknown): void; disconnect(): void; onMessage: { addListener(listener: (message: Record<string, unknown>) => void): void } };
        const runtime = (globalThis as unknown as { chrome: { runtime: { connect(info: { name: string }): Port } } }).chrome.runtime;
        const port = runtime.connect({ name: 'ramify/1' });
        const received: RawReply[] = [];
        const pieces = new Map<unknown, string[]>();
        const waiting = new Set(messages.map((text) => (JSON.parse(text) as { id?: unknown }).id).filter((id): id is string => typeof id === 'string'));
        const take = (message: Record<string, unknown>) => {
          const small = JSON.stringify(message.v ?? null).length < 10_000;
          received.push({ t: message.t as string, id: message.id as string, v: small ? message.v : '[large]' });
          if (typeof message.id === 'string') waiting.delete(message.id);
        };
        port.onMessage.addListener((message) => {
          if (message.t === 'part') {
            received.push({ t: 'part', length: (message.p as string).length });
            const list = pieces.get(message.id) ?? [];
            list[message.i as number] = message.p as string;
            pieces.set(message.id, list);
            if (list.filter((p) => p !== undefined).length === message.n) take(JSON.parse(list.join('')));
          } else {
            take(message);
          }
          if (waiting.size === 0) {
            port.disconnect();
            resolve(received);
          }
        });
        setTimeout(() => reject(new Error(`no answer to ${[...waiting].join(', ')}`)), 60_000);
        messages.forEach((text, n) => port.postMessage(asPiece ? { t: 'part', id: n + 1, i: 0, n: 1, p: text } : JSON.parse(text)));
      }),
    { messages, asPiece },
  );
}

/** The answers among what came back: id → [reply type, error code or value]. */
function answers(replies: RawReply[]) {
  return Object.fromEntries(replies.filter((r) => r.id !== undefined).map((r) => [r.id, [r.t, (r.v as { code?: string } | null)?.code ?? r.v]]));
}

/** Every record of every object store of the extension's database, as JSON text. */
async function databaseText(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('ramify-reading-list');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names, 'readonly');
          const all: Record<string, unknown[]> = {};
          for (const name of names) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => (all[name] = request.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(JSON.stringify(all));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

function serviceWorker(browser: Chromium): Worker {
  const worker = browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`));
  if (worker === undefined) throw new Error('no service worker');
  return worker;
}

const call = (id: string, c: string, m: string, v: unknown, x?: unknown) => JSON.stringify({ t: 'call', id, c, m, v, ...(x === undefined ? {} : { x }) });

describe.skipIf(!hasChromium)('the bridge in Chromium against a hostile page and oversized messages', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('refuses codec meta aimed at prototypes: the worker is not polluted and later saves are clean', async () => {
    const popup = await openPopup(browser);
    const replies = await rawExchange(popup, [
      call('evil-1', 'pages', 'count', { a: [] }, [['I', '__proto__', 'evil']]),
      call('evil-2', 'pages', 'bulkGet', { a: [[]] }, [['N', 'a', 0, '__proto__', 'k']]),
      call('evil-3', 'pages', 'count', { a: [] }, [['N', '__proto__', 'x']]),
      call('after', 'pages', 'count', { a: [] }),
    ]);
    expect(answers(replies)).toEqual({ 'evil-1': ['err', 'BAD_REQUEST'], 'evil-2': ['err', 'BAD_REQUEST'], 'evil-3': ['err', 'BAD_REQUEST'], after: ['res', 0] });

    const worker = serviceWorker(browser);
    expect(await worker.evaluate(() => ['evil', 'x', 'k'].filter((name) => name in {} || name in []))).toEqual([]);

    await saveInPopup(await openPopup(browser, target(1, 'Clean article')));
    const stored = await databaseText(popup);
    expect(stored).toContain('Clean article');
    expect(stored).not.toMatch(/"(evil|x|k)":/);
  });

  it('answers values nested far deeper than any stack with coded errors, and keeps serving', async () => {
    const popup = await openPopup(browser);
    const deep = '['.repeat(100_000) + '0' + ']'.repeat(100_000);
    const replies = await rawExchange(
      popup,
      [
        `{"t":"call","id":"deep-doc","c":"pages","m":"add","v":{"a":[{"id":"d","x":${deep}}]}}`,
        `{"t":"call","id":"deep-where","c":"pages","m":"toArray","v":{"a":[],"q":{"where":[{"path":"status","op":"anyOf","args":${deep}}]}}}`,
        call('still', 'pages', 'count', { a: [] }),
      ],
      true,
    );
    expect(answers(replies)).toEqual({ 'deep-doc': ['err', 'INVALID_DOCUMENT'], 'deep-where': ['err', 'INVALID_QUERY'], still: ['res', 0] });
  });

  it('stores 100 documents of 700 KiB with bulkPut and reads them back with toArray, in pieces under 64 MiB', async () => {
    const popup = await openPopup(browser);
    const page = await openPopup(browser);
    await page.evaluate(client);
    const result = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as { ramifyBridge: typeof import('../../packages/bridge/src/connect') }).ramifyBridge;
      const runtime = (globalThis as unknown as { chrome: { runtime: never } }).chrome.runtime;
      const db = bridge.connect<import('../../src/app/schema').AppSchema>({ runtime, timeout: 120_000 });
      const note = (i: number) => String(i % 10).repeat(700 * 1024);
      const docs = Array.from({ length: 100 }, (_, i) => ({
        id: `big-${String(i).padStart(3, '0')}`,
        url: `https://example.com/big/${i}`,
        title: note(i),
        domain: 'example.com',
        tags: [],
        status: 'archived' as const,
        createdAt: new Date(Date.UTC(2024, 0, 1) + i),
        updatedAt: new Date(Date.UTC(2024, 0, 1) + i),
        words: [],
        titleKey: `big ${String(i).padStart(3, '0')}`,
        urlKey: `https://example.com/big/${i}`,
      }));
      const keys = await db.pages.bulkPut(docs);
      const back = await db.pages.toArray();
      bridge.disconnect(db);
      return {
        keys: keys.length,
        back: back.length,
        intact: back.every((doc, i) => doc.id === docs[i].id && doc.title === docs[i].title && doc.createdAt.getTime() === docs[i].createdAt.getTime()),
      };
    });
    expect(result).toEqual({ keys: 100, back: 100, intact: true });
    // Another page reads them too, through the raw protocol: in pieces, each well under the cap.
    const replies = await rawExchange(popup, [call('all', 'pages', 'toArray', { a: [] })]);
    const lengths = replies.filter((r) => r.t === 'part').map((r) => r.length as number);
    expect(answers(replies)).toEqual({ all: ['res', '[large]'] });
    expect(lengths.length).toBeGreaterThan(16);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(4 * 1024 * 1024);
  }, 240_000);
});
