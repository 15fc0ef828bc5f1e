// Chromium: a popup opened on a stopped worker shows the unread list from the background's query
// snapshot, before the background has loaded the library (first-answer.ts tells), and a write
// made meanwhile (the first row marked read the moment it shows) is applied once, after the load,
// and the list follows it.
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeChromium, hasChromium, launchChromium, openOptions, openPopup, stopWorker, type Chromium } from './chromium';
import { samplePages } from './sample-pages.mjs';
import { firstAnswerProbe, type FirstAnswer } from './first-answer';
import { importRecords, listTitles, tableTitles, waitForStatus } from './ui';

const PAGES = 12_000;
const records = samplePages(PAGES);
// Newest first: the records are listed newest first.
const unread = records.filter((record) => record.status === 'unread').map((record) => record.title);

/** What the probe noted in the page (evaluated there: it may use nothing from here). */
const noted = () => (window as unknown as { firstAnswer?: FirstAnswer }).firstAnswer;

async function firstAnswer(popup: Page): Promise<FirstAnswer> {
  await expect.poll(async () => (await popup.evaluate(noted))?.titles !== undefined, { timeout: 30_000 }).toBe(true);
  return (await popup.evaluate(noted)) as FirstAnswer;
}

describe.skipIf(!hasChromium)('a popup opened on a stopped worker, in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('shows the unread list before the library is loaded, and a write made meanwhile once', async () => {
    const options = await openOptions(browser);
    await importRecords(options, records);
    await waitForStatus(options, `Imported ${PAGES.toLocaleString('en-US')} pages.`);
    await options.close();
    // The popup once: the background keeps the results of its queries from now on.
    const warm = await openPopup(browser);
    await expect.poll(() => listTitles(warm), { timeout: 30_000 }).toEqual(unread.slice(0, 30));
    await warm.close();

    await stopWorker(browser);
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    // The first row is marked read the moment it shows: a write made while the library loads.
    await popup.addInitScript(firstAnswerProbe("first.querySelector('.item-actions button').click();"));
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);

    const first = await firstAnswer(popup);
    expect(first.titles).toEqual(unread.slice(0, 30));
    // Shown before the worker had loaded the library: the count asked before came after.
    await expect.poll(async () => (await popup.evaluate(noted))?.order).toEqual(['rows', `count ${PAGES}`]);

    // The first row, marked read while the library loaded, leaves the list once; the next comes in.
    await expect.poll(() => listTitles(popup), { timeout: 30_000 }).toEqual(unread.slice(1, 31));
    await expect.poll(() => popup.locator('#list-count').textContent()).toBe(`${(unread.length - 1).toLocaleString('en-US')} pages`);
    // The library, newest first: that page once, read.
    const library = await openOptions(browser);
    await expect.poll(async () => (await tableTitles(library)).slice(0, 2), { timeout: 30_000 }).toEqual([records[0].title, records[1].title]);
    expect((await library.locator('#rows .status').allTextContents()).slice(0, 2)).toEqual(['read', 'unread']);
    expect(await library.locator('#figure-total').textContent()).toBe(PAGES.toLocaleString('en-US'));
  });
});
