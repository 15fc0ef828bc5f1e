// Chromium: bulk actions in the options page act only on what the user can see, the toolbar count
// is what they will act on, and a large delete asks first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeChromium, hasChromium, launchChromium, openOptions, type Chromium } from './chromium';
import { importNumberedPages, importRecords, selectRows, summary, tableTitles, toastText, waitForStatus } from './ui';
import { samplePages } from './sample-pages.mjs';

const selectionCount = (options: Page) => options.locator('#selection-count').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

async function libraryOf(browser: Chromium, count: number): Promise<Page> {
  const options = await openOptions(browser);
  await importNumberedPages(options, count);
  return options;
}

describe.skipIf(!hasChromium)('bulk actions in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('deletes only the ticked page after a selected page left the view', async () => {
    const options = await libraryOf(browser, 3);
    await options.locator('#filter-status').selectOption('unread');
    await expect.poll(() => options.locator('#range').textContent()).toBe('1–3 of 3 pages matching');

    await selectRows(options, ['Page 1']);
    await options.locator('#bulk button[data-status="read"]').click();
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3', 'Page 2']);
    expect(await selectionCount(options)).toBe('No page selected');

    await selectRows(options, ['Page 2']);
    expect(await selectionCount(options)).toBe('1 selected');
    await options.locator('#bulk-delete').click();
    await expect.poll(() => toastText(options)).toBe('Deleted 1 page');
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3']);

    await options.locator('#filter-status').selectOption('');
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3', 'Page 1']);
    await expect.poll(() => summary(options)).toBe('2 pages · 1 unread');
  });

  it('drops the selection of rows left behind on another table page', async () => {
    const options = await libraryOf(browser, 60);
    await selectRows(options, ['Page 60', 'Page 59']);
    expect(await selectionCount(options)).toBe('2 selected');
    await options.locator('#page-next').click();
    await expect.poll(() => options.locator('#range').textContent()).toBe('51–60 of 60 pages');
    expect(await selectionCount(options)).toBe('No page selected');
    expect(await options.locator('#bulk-delete').isDisabled()).toBe(true);
  });

  it('drops the selection of rows a filter hides', async () => {
    const options = await libraryOf(browser, 3);
    await selectRows(options, ['Page 1', 'Page 3']);
    await options.locator('#filter-search').fill('3');
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3']);
    expect(await selectionCount(options)).toBe('1 selected');
    await options.locator('#filter-clear').click();
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3', 'Page 2', 'Page 1']);
    expect(await options.locator('#rows input:checked').count()).toBe(1);
  });

  it('drops the selection of a page deleted in another open page', async () => {
    const options = await libraryOf(browser, 3);
    await selectRows(options, ['Page 1', 'Page 2']);
    const other = await openOptions(browser);
    await expect.poll(() => tableTitles(other)).toEqual(['Page 3', 'Page 2', 'Page 1']);
    await selectRows(other, ['Page 2']);
    await other.locator('#bulk-delete').click();
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3', 'Page 1']);
    expect(await selectionCount(options)).toBe('1 selected');
  });

  it('deletes five pages at once without asking', async () => {
    const options = await libraryOf(browser, 5);
    await options.locator('#select-page').check();
    expect(await selectionCount(options)).toBe('5 selected');
    await options.locator('#bulk-delete').click();
    await expect.poll(() => toastText(options)).toBe('Deleted 5 pages');
    expect(await options.locator('#confirm-delete').isVisible()).toBe(false);
  });

  it('asks before deleting more than five pages, naming the count and the first titles', async () => {
    const options = await libraryOf(browser, 7);
    await options.locator('#select-page').check();
    expect(await selectionCount(options)).toBe('7 selected');
    await options.locator('#bulk-delete').focus();
    await options.keyboard.press('Enter');

    const dialog = options.getByRole('dialog', { name: 'Delete 7 pages?' });
    await dialog.waitFor();
    expect(await options.locator('#confirm-delete-list li').allTextContents()).toEqual(['Page 7', 'Page 6', 'Page 5', 'Page 4', 'Page 3', 'and 2 more pages']);
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await options.locator('#confirm-delete-yes').textContent()).toBe('Delete 7 pages');

    await options.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => focusedId(options)).toBe('bulk-delete');
    expect(await tableTitles(options)).toHaveLength(7);
    expect(await selectionCount(options)).toBe('7 selected');

    await options.locator('#bulk-delete').click();
    await options.locator('#confirm-delete-yes').click();
    await expect.poll(() => toastText(options)).toBe('Deleted 7 pages');
    await expect.poll(() => options.locator('#table-message').textContent()).toContain('Your reading list is empty');
  });

  it('cancels a large delete with the Cancel button', async () => {
    const options = await libraryOf(browser, 6);
    await options.locator('#select-page').check();
    await options.locator('#bulk-delete').click();
    await options.getByRole('dialog', { name: 'Delete 6 pages?' }).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => options.locator('#confirm-delete').isVisible()).toBe(false);
    expect(await tableTitles(options)).toHaveLength(6);
    await expect.poll(() => summary(options)).toBe('6 pages · 6 unread');
  });

  it('counts in the toolbar exactly the rows a select-all on a filtered page ticks', async () => {
    const records = samplePages(137);
    const options = await openOptions(browser);
    await importRecords(options, records);
    await waitForStatus(options, 'Imported 137 pages.');
    await options.locator('#filter-status').selectOption('read');
    const read = records.filter((r) => r.status === 'read').length;
    await expect.poll(() => options.locator('#range').textContent()).toBe(`1–${read} of ${read} pages matching`);
    await options.locator('#select-page').check();
    expect(await selectionCount(options)).toBe(`${read} selected`);
    await options.locator('#bulk button[data-status="unread"]').click();
    await expect.poll(() => options.locator('#table-message').textContent()).toBe('No page matches these filters.');
    expect(await selectionCount(options)).toBe('No page selected');
  });
});
