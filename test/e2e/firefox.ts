// Firefox ESR with the built extension through puppeteer-core over WebDriver BiDi. Extension pages
// are reached with raw `browsingContext.navigate` (page.goto hangs on moz-extension:// pages), the
// extension's UUID is pinned so its origin (and its IndexedDB) is the same after a restart, and the
// temporary add-on keeps its storage when the browser closes. Firefox does not report errors of
// extension pages over BiDi, so tests assert on what the pages show.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { browserAvailable, DIST } from './chromium';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const hasFirefox = browserAvailable(FIREFOX_PATH);

export interface Firefox {
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

function geckoId(): string {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  return manifest.browser_specific_settings.gecko.id;
}

/** Starts Firefox on `profile` with the extension (`dist`) installed at `moz-extension://uuid/`; `prefs` are added. */
export async function launchFirefox(profile: string, uuid: string, prefs: Record<string, unknown> = {}, dist: string = DIST): Promise<Firefox> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId()]: uuid }),
      // A temporary add-on is removed when the browser closes; keep its data for the next start.
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      ...prefs,
    },
  });
  await browser.installExtension(dist);
  return { browser, base: `moz-extension://${uuid}`, close: () => browser.close() };
}

export async function navigate(firefox: Firefox, page: Page, path: string): Promise<void> {
  const connection = (firefox.browser as unknown as { connection: { send(method: string, params: object): Promise<unknown> } }).connection;
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await connection.send('browsingContext.navigate', { context, url: `${firefox.base}/${path}`, wait: 'complete' });
}

export async function openExtensionPage(firefox: Firefox, path: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  await navigate(firefox, page, path);
  return page;
}

/** Polls `read` in the page until it returns `expected`. */
export async function showsIn<T>(page: Page, read: () => T, expected: Awaited<T>): Promise<void> {
  await expect.poll(() => page.evaluate(read), { timeout: 30_000 }).toEqual(expected);
}
