// Chromium with the built extension (dist/) through playwright-core: launch on a profile directory
// (relaunching on the same one is a browser restart), open the popup and options pages as tabs,
// and stop the extension's service worker over CDP the way Chrome stops an idle worker.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
import { CHROMIUM_PATH, chromiumFlags } from './chromium-flags.mjs';

export { CHROMIUM_PATH };

/** Whether the browser is there. In CI a missing browser fails the run instead of skipping. */
export function browserAvailable(path: string): boolean {
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') throw new Error(`${path} is missing; CI installs it (apt-get install chromium firefox-esr)`);
  return false;
}

export const hasChromium = browserAvailable(CHROMIUM_PATH);

export interface Chromium {
  context: BrowserContext;
  extensionId: string;
  profile: string;
  close(): Promise<void>;
}

export function newProfile(): string {
  return mkdtempSync(join(tmpdir(), 'reading-list-profile-'));
}

export function removeProfile(profile: string): void {
  rmSync(profile, { recursive: true, force: true });
}

export async function launchChromium(profile: string = newProfile(), dist: string = DIST): Promise<Chromium> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: chromiumFlags([dist]),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, profile, close: () => context.close() };
}

/** Ends a test's browser: closes it (a test may have closed it already) and removes its profile. */
export async function closeChromium(browser: Chromium): Promise<void> {
  await browser.close().catch(() => undefined);
  removeProfile(browser.profile);
}

export async function openPopup(browser: Chromium, target?: { url: string; title: string }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  const query = target ? `?${new URLSearchParams(target)}` : '';
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html${query}`);
  return page;
}

export async function openOptions(browser: Chromium): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  return page;
}

interface WorkerVersion {
  runningStatus: string;
  scriptURL: string;
}

/** Stops every service worker, as Chrome does after 30 s idle; the next message starts a fresh one. */
export async function stopWorker(browser: Chromium): Promise<void> {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await stopAllWorkers(browser.context, page);
}

/** Stops every extension worker over a CDP session on `page`; returns once CDP reports them all stopped. */
export async function stopAllWorkers(context: BrowserContext, page: Page): Promise<void> {
  const session = await context.newCDPSession(page);
  try {
    // Only return once the worker reports itself stopped, so what follows meets a stopped worker.
    const running = new Map<string, string>();
    let stopped: () => void = () => undefined;
    const allStopped = new Promise<void>((done) => (stopped = done));
    let asked = false;
    session.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: (WorkerVersion & { versionId: string })[] }) => {
      for (const version of versions) running.set(version.versionId, version.runningStatus);
      if (asked && [...running.values()].every((status) => status === 'stopped')) stopped();
    });
    await session.send('ServiceWorker.enable');
    asked = true;
    await session.send('ServiceWorker.stopAllWorkers');
    if ([...running.values()].every((status) => status === 'stopped')) stopped();
    await allStopped;
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The toolbar badge text, read from an extension page. */
export async function badgeText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}));
}
