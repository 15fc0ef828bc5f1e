// Chromium: the data outlives the browser and the service worker. Chrome stops an idle MV3 worker
// (its memory is gone); the tests stop it over CDP at the worst moments and check that open pages
// keep working, acknowledged writes are kept and writes in flight are applied exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { badgeText, closeChromium, hasChromium, launchChromium, openOptions, openPopup, stopWorker, type Chromium } from './chromium';
import { importRecords, listTitles, saveInPopup, summary, tableTitles, target, toastText, waitForStatus } from './ui';
import { samplePages } from './sample-pages.mjs';

describe.skipIf(!hasChromium)('the extension across restarts and worker stops in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('keeps pages and settings when the browser is closed and started again', async () => {
    await saveInPopup(await openPopup(browser, target(1, 'Kept one')), 'keep');
    await saveInPopup(await openPopup(browser, target(2, 'Kept two')));
    const options = await openOptions(browser);
    await options.locator('input[name="theme"][value="dark"]').check();
    await expect.poll(() => options.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await browser.close();

    browser = await launchChromium(browser.profile);
    const again = await openOptions(browser);
    await expect.poll(() => tableTitles(again)).toEqual(['Kept two', 'Kept one']);
    expect(await again.locator('input[name="theme"][value="dark"]').isChecked()).toBe(true);
    expect(await again.locator('#rows tr').first().locator('.chip').allTextContents()).toEqual([]);
    expect(await again.locator('#rows tr').nth(1).locator('.chip').allTextContents()).toEqual(['keep']);
    await expect.poll(() => badgeText(again)).toBe('2');
  });

  it('keeps the open popup and options page working after the worker is stopped', async () => {
    await saveInPopup(await openPopup(browser, target(1)));
    await saveInPopup(await openPopup(browser, target(2)));
    const popup = await openPopup(browser);
    const options = await openOptions(browser);
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2', 'Article number 1']);
    await expect.poll(() => tableTitles(options)).toEqual(['Article number 2', 'Article number 1']);

    await stopWorker(browser);

    // A request from the popup wakes the worker; the options page's live table recovers.
    await popup.getByRole('button', { name: 'Mark read: Article number 2' }).click();
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 1']);
    await expect.poll(() => options.locator('#rows .status').allTextContents()).toEqual(['read', 'unread']);

    await stopWorker(browser);

    // And the other way round: a write from the options page reaches the popup's live list.
    await options.locator('#rows tr').nth(0).locator('input[type="checkbox"]').check();
    await options.locator('#bulk button[data-status="unread"]').click();
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2', 'Article number 1']);
    await expect.poll(() => summary(options)).toBe('2 pages · 2 unread');
    expect(await toastText(popup)).not.toMatch(/connection|did not answer/);
  });

  it('loses no acknowledged write when the worker is stopped right after each one', async () => {
    const popup = await openPopup(browser);
    const count = 12;
    for (let n = 1; n <= count; n++) {
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?${new URLSearchParams({ ...target(n) })}`);
      await saveInPopup(popup);
      await stopWorker(browser);
    }
    const options = await openOptions(browser);
    await expect.poll(() => summary(options)).toBe(`${count} pages · ${count} unread`);
    await expect.poll(() => tableTitles(options)).toEqual(Array.from({ length: count }, (_, i) => `Article number ${count - i}`));
  });

  it('applies each save in flight exactly once when the worker is stopped under it', async () => {
    const popups = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => openPopup(browser, target(n))));
    for (const popup of popups) await popup.locator('#tags').waitFor();
    // Click every Save without waiting for the answers, then stop the worker under them.
    await Promise.all(popups.map((popup) => popup.locator('.save-form button[type="submit"]').click()));
    await stopWorker(browser);

    for (const popup of popups) {
      await popup.locator('.current-actions').waitFor();
      // A second application of the same add would have been refused as a duplicate.
      expect(await toastText(popup)).toBe('Saved to your reading list');
    }
    const options = await openOptions(browser);
    await expect.poll(() => summary(options)).toBe('6 pages · 6 unread');
  });

  it('finishes an import whose batches are in flight when the worker is stopped', async () => {
    const options = await openOptions(browser);
    await importRecords(options, samplePages(5000));
    await expect.poll(() => options.locator('#transfer-status').textContent(), { timeout: 60_000 }).toMatch(/^Importing [1-4],\d{3} of 5,000…$/);
    await stopWorker(browser);
    await waitForStatus(options, 'Imported 5,000 pages.');
    expect(await options.locator('#import-problems').isHidden()).toBe(true);
    await expect.poll(() => options.locator('#figure-total').textContent()).toBe('5,000');
  });
});
