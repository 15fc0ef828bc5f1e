// Chromium: what one open page does shows in the others without a reload; the badge; search; undo.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { badgeText, closeChromium, hasChromium, launchChromium, openOptions, openPopup, type Chromium } from './chromium';
import { importRecords, listTitles, markLoaded, notReloaded, rowByTitle, saveInPopup, selectRows, summary, tableTitles, target, toastText, waitForStatus } from './ui';

describe.skipIf(!hasChromium)('live pages in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('shows a page saved in the popup in the open options page without a reload', async () => {
    const options = await openOptions(browser);
    await expect.poll(() => options.locator('#table-message').textContent()).toContain('Your reading list is empty');
    await markLoaded(options);

    const popup = await openPopup(browser, target(1, 'Alpha article'));
    await saveInPopup(popup, 'News, later');

    await expect.poll(() => tableTitles(options)).toEqual(['Alpha article']);
    const row = await rowByTitle(options, 'Alpha article');
    expect(await row.locator('td.tags .chip').allTextContents()).toEqual(['news', 'later']);
    expect(await row.locator('td.domain').textContent()).toBe('example.com');
    await expect.poll(() => summary(options)).toBe('1 page · 1 unread');
    expect(await notReloaded(options)).toBe(true);
  });

  it('shows a change made in the options page in the open popup', async () => {
    const popup = await openPopup(browser, target(1, 'Alpha article'));
    await saveInPopup(popup);
    await expect.poll(() => listTitles(popup)).toEqual(['Alpha article']);
    await markLoaded(popup);

    const options = await openOptions(browser);
    await expect.poll(() => tableTitles(options)).toEqual(['Alpha article']);
    await selectRows(options, ['Alpha article']);
    await options.locator('#bulk button[data-status="read"]').click();

    await expect.poll(() => listTitles(popup)).toEqual([]);
    expect(await popup.locator('#list-message').textContent()).toBe('Nothing left to read. Pages you save show up here.');
    await expect.poll(() => popup.locator('.current-actions button').allTextContents()).toEqual(['Mark unread', 'Archive', 'Delete']);

    await options.locator('#bulk-delete').click();
    await popup.locator('.save-form').waitFor();
    expect(await notReloaded(popup)).toBe(true);
  });

  it('keeps the badge at the unread count and follows the badge setting', async () => {
    for (const n of [1, 2, 3]) await saveInPopup(await openPopup(browser, target(n)));
    const options = await openOptions(browser);
    await expect.poll(() => badgeText(options)).toBe('3');

    const popup = await openPopup(browser);
    await popup.locator('#list .item').first().hover();
    await popup.getByRole('button', { name: 'Mark read: Article number 3' }).click();
    await expect.poll(() => badgeText(options)).toBe('2');

    await options.locator('#badge').selectOption('all');
    await expect.poll(() => badgeText(options)).toBe('3');
    await options.locator('#badge').selectOption('none');
    await expect.poll(() => badgeText(options)).toBe('');
  });

  it('searches as you type: every finished word, the last one as a prefix', async () => {
    const options = await openOptions(browser);
    await importRecords(options, [
      { url: 'https://a.dev/1', title: 'Async Rust explained', createdAt: 1000 },
      { url: 'https://b.dev/2', title: 'Rust servers in production', createdAt: 2000 },
      { url: 'https://c.dev/3', title: 'Go servers', status: 'read', createdAt: 3000 },
    ]);
    await waitForStatus(options, 'Imported 3 pages.');

    const popup = await openPopup(browser);
    const search = popup.locator('#search');
    await search.fill('serv');
    await expect.poll(() => listTitles(popup)).toEqual(['Go servers', 'Rust servers in production']);
    expect(await popup.locator('#list-heading').textContent()).toBe('Search results');
    await search.fill('rust serv');
    await expect.poll(() => listTitles(popup)).toEqual(['Rust servers in production']);
    await search.fill('rust kotlin ');
    await expect.poll(() => popup.locator('#list-message').textContent()).toBe('No saved page matches “rust kotlin”.');
    await search.press('Escape');
    await expect.poll(() => listTitles(popup)).toEqual(['Rust servers in production', 'Async Rust explained']);

    await options.locator('#filter-search').fill('servers');
    await expect.poll(() => tableTitles(options)).toEqual(['Go servers', 'Rust servers in production']);
  });

  it('undoes mark read and delete from the popup list', async () => {
    for (const n of [1, 2]) await saveInPopup(await openPopup(browser, target(n)));
    const popup = await openPopup(browser);
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2', 'Article number 1']);

    await popup.getByRole('button', { name: 'Mark read: Article number 2' }).click();
    await expect.poll(() => toastText(popup)).toBe('Marked as read: “Article number 2”');
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 1']);
    await popup.locator('#toast .toast-action').click();
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2', 'Article number 1']);

    await popup.getByRole('button', { name: 'Delete: Article number 1' }).click();
    await expect.poll(() => toastText(popup)).toBe('Deleted “Article number 1”');
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2']);
    await popup.locator('#toast .toast-action').click();
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2', 'Article number 1']);
  });

  it('opens a page from the popup list in a new tab', async () => {
    // No network here: a local server stands in for the web.
    const server = createServer((_request, response) => response.end('<title>Seven</title>'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/seven`;
    try {
      await saveInPopup(await openPopup(browser, { url: address, title: 'Seven' }));
      const popup = await openPopup(browser);
      const opened = browser.context.waitForEvent('page');
      await popup.locator('#list .item-link', { hasText: 'Seven' }).click();
      const tab = await opened;
      await expect.poll(() => tab.url()).toBe(address);
      await expect.poll(() => tab.title()).toBe('Seven');
    } finally {
      server.close();
    }
  });

  it('opens the library from the popup', async () => {
    const popup = await openPopup(browser);
    const opened = browser.context.waitForEvent('page');
    await popup.getByRole('link', { name: 'Library' }).click();
    const library = await opened;
    await expect.poll(() => library.url()).toBe(`chrome-extension://${browser.extensionId}/options.html`);
  });

  it('works from the keyboard: search, move through the list, act on a page', async () => {
    for (const n of [1, 2]) await saveInPopup(await openPopup(browser, target(n)));
    const popup = await openPopup(browser);
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2', 'Article number 1']);
    const focused = () => popup.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.id || document.activeElement?.textContent);

    await popup.locator('body').press('/');
    await expect.poll(focused).toBe('search');
    await popup.keyboard.press('ArrowDown');
    await expect.poll(focused).toMatch(/^Article number 2example\.com · /);
    await popup.keyboard.press('ArrowDown');
    await expect.poll(focused).toMatch(/^Article number 1example\.com · /);
    await popup.keyboard.press('Tab');
    await expect.poll(focused).toBe('Mark read: Article number 1');
    await popup.keyboard.press('Enter');
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 2']);
    // The row that had focus is gone: focus stays in the list.
    await expect.poll(focused).toMatch(/^Article number 2example\.com · /);
  });

  it('follows the system theme until the user picks one, in every open page', async () => {
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const popup = await openPopup(browser);
    const options = await openOptions(browser);
    await popup.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => background(popup)).toBe('rgb(20, 26, 24)');
    await popup.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => background(popup)).toBe('rgb(255, 255, 255)');

    await options.locator('input[name="theme"][value="dark"]').check();
    await expect.poll(() => background(popup)).toBe('rgb(20, 26, 24)');
    await expect.poll(() => background(options)).toBe('rgb(20, 26, 24)');
    await popup.emulateMedia({ colorScheme: 'dark' });
    await options.locator('input[name="theme"][value="light"]').check();
    await expect.poll(() => background(popup)).toBe('rgb(255, 255, 255)');
  });
});
