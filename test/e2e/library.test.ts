// Chromium: the options page's table (pages, sorting, filters), bulk actions, import and export.
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeChromium, hasChromium, launchChromium, openOptions, type Chromium } from './chromium';
import { importRecords, rowByTitle, selectRows, tableTitles, toastText, waitForStatus } from './ui';
import { samplePages } from './sample-pages.mjs';
import type { Page } from 'playwright-core';

const range = (options: Page) => options.locator('#range').textContent();

async function exportFile(options: Page): Promise<{ name: string; data: { pages: ({ id: string; url: string } & Record<string, unknown>)[] } & Record<string, unknown> }> {
  const download = options.waitForEvent('download');
  await options.locator('#export').click();
  const file = await download;
  const text = await readFile((await file.path())!, 'utf8');
  return { name: file.suggestedFilename(), data: JSON.parse(text) };
}

describe.skipIf(!hasChromium)('the library page in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('imports the good records of a file and reports each bad one with its reason', async () => {
    const options = await openOptions(browser);
    await importRecords(options, [
      { url: 'https://good.dev/1', title: 'Good one', tags: ['A'], createdAt: 2000 },
      { title: 'No address' },
      { url: 'https://good.dev/2', title: 'Good two', status: 'read', createdAt: 1000 },
      { url: 'https://good.dev/3', status: 'finished' },
      { url: 'chrome://settings' },
      { url: 'https://good.dev/1', title: 'Again' },
      { url: 'https://good.dev/4', createdAt: 'someday' },
      'just text',
    ]);
    await waitForStatus(options, 'Imported 2 pages. 6 rejected (see below).');
    expect(await options.locator('#import-problems-summary').textContent()).toBe('6 records were rejected');
    expect(await options.locator('#import-problems-list li').allTextContents()).toEqual([
      'Record 2: has no "url".',
      'Record 4: "status" must be one of unread, read, archived, got "finished".',
      'Record 5: "url" "chrome://settings" is not an http, https or file address.',
      'Record 6: repeats the url of record 1.',
      'Record 7: "createdAt" is not a date: "someday".',
      'Record 8: is "just text", not an object.',
    ]);
    await expect.poll(() => tableTitles(options)).toEqual(['Good one', 'Good two']);
    expect(await (await rowByTitle(options, 'Good one')).locator('.chip').allTextContents()).toEqual(['a']);
  });

  it('leaves pages already in the library as they are when importing them again', async () => {
    const options = await openOptions(browser);
    await importRecords(options, [{ url: 'https://good.dev/1', title: 'First title', createdAt: 1000 }]);
    await waitForStatus(options, 'Imported 1 page.');
    await importRecords(options, [
      { url: 'https://good.dev/1', title: 'Second title' },
      { url: 'https://good.dev/2', title: 'New one', createdAt: 2000 },
    ]);
    await waitForStatus(options, 'Imported 1 page. 1 was already in the library.');
    await expect.poll(() => tableTitles(options)).toEqual(['New one', 'First title']);
  });

  it('says why a file that is not JSON cannot be imported', async () => {
    const options = await openOptions(browser);
    await importRecords(options, '{"pages": [', 'broken.json');
    await expect.poll(() => options.locator('#transfer-status').textContent()).toMatch(/^The file is not valid JSON \(.+\)\.$/);
  });

  it('exports the library and imports it again into another browser unchanged', async () => {
    const records = samplePages(137);
    const options = await openOptions(browser);
    await importRecords(options, records);
    await waitForStatus(options, 'Imported 137 pages.');

    const first = await exportFile(options);
    await waitForStatus(options, 'Exported 137 pages.');
    expect(first.name).toMatch(/^reading-list-\d{4}-\d{2}-\d{2}\.json$/);
    expect(first.data.format).toBe('ramify-reading-list');
    const byUrl = <R extends { url: unknown }>(pages: readonly R[]) => [...pages].sort((a, b) => String(a.url).localeCompare(String(b.url)));
    const exported = byUrl(first.data.pages);
    expect(exported.map(({ id: _id, ...rest }) => rest)).toEqual(byUrl(records));

    const other = await launchChromium();
    try {
      const elsewhere = await openOptions(other);
      await importRecords(elsewhere, JSON.stringify(first.data));
      await waitForStatus(elsewhere, 'Imported 137 pages.');
      const second = await exportFile(elsewhere);
      expect(byUrl(second.data.pages)).toEqual(exported);
    } finally {
      await closeChromium(other);
    }
  });

  it('shows the library in pages of 50 with page navigation', async () => {
    const options = await openOptions(browser);
    await importRecords(options, samplePages(137));
    await waitForStatus(options, 'Imported 137 pages.');
    await expect.poll(() => range(options)).toBe('1–50 of 137 pages');
    expect(await options.locator('#page-total').textContent()).toBe('3');
    expect(await options.locator('#rows tr').count()).toBe(50);

    await options.locator('#page-next').click();
    await expect.poll(() => range(options)).toBe('51–100 of 137 pages');
    await options.locator('#page-last').click();
    await expect.poll(() => range(options)).toBe('101–137 of 137 pages');
    expect(await options.locator('#rows tr').count()).toBe(37);
    await options.locator('#page-number').fill('2');
    await options.locator('#page-number').press('Enter');
    await expect.poll(() => range(options)).toBe('51–100 of 137 pages');
    await options.locator('#page-first').click();
    await expect.poll(() => range(options)).toBe('1–50 of 137 pages');
  });

  it('sorts by a column and turns the order around on a second click', async () => {
    const records = samplePages(137);
    const titles = records.map((r) => r.title).sort();
    const options = await openOptions(browser);
    await importRecords(options, records);
    await waitForStatus(options, 'Imported 137 pages.');

    // Newest first by default: the sample's first record is the newest.
    await expect.poll(async () => (await tableTitles(options))[0]).toBe(records[0].title);
    await options.locator('th[data-column="title"] button').click();
    await expect.poll(() => tableTitles(options)).toEqual(titles.slice(0, 50));
    expect(await options.locator('th[data-column="title"]').getAttribute('aria-sort')).toBe('ascending');
    await options.locator('th[data-column="title"] button').click();
    await expect.poll(() => tableTitles(options)).toEqual([...titles].reverse().slice(0, 50));
    expect(await options.locator('th[data-column="title"]').getAttribute('aria-sort')).toBe('descending');
  });

  it('filters by status, tag and domain, alone and together', async () => {
    const records = samplePages(137);
    const options = await openOptions(browser);
    await importRecords(options, records);
    await waitForStatus(options, 'Imported 137 pages.');

    await options.locator('#filter-status').selectOption('read');
    const read = records.filter((r) => r.status === 'read');
    await expect.poll(() => range(options)).toBe(`1–${read.length} of ${read.length} pages matching`);

    // Clicking a tag in a row filters by it.
    await options.locator('#rows .chip', { hasText: /^go$/ }).first().click();
    expect(await options.locator('#filter-tag').inputValue()).toBe('go');
    const readGo = read.filter((r) => r.tags.includes('go'));
    expect(readGo.length).toBe(14);
    await expect.poll(() => range(options)).toBe(`1–14 of 14 pages matching`);

    await options.locator('#filter-clear').click();
    await options.locator('#filter-domain').fill('go.dev');
    const goDev = records.filter((r) => r.url.startsWith('https://go.dev/'));
    await expect.poll(() => range(options)).toBe(`1–${goDev.length} of ${goDev.length} pages matching`);

    await options.locator('#filter-domain').fill('nowhere.example');
    await expect.poll(() => options.locator('#table-message').textContent()).toBe('No page matches these filters.');
  });

  it('tags, marks and deletes the selected pages, and undoes the delete', async () => {
    const options = await openOptions(browser);
    await importRecords(options, [1, 2, 3, 4, 5].map((n) => ({ url: `https://e.com/${n}`, title: `Page ${n}`, createdAt: n * 1000 })));
    await waitForStatus(options, 'Imported 5 pages.');
    await expect.poll(() => tableTitles(options)).toEqual(['Page 5', 'Page 4', 'Page 3', 'Page 2', 'Page 1']);

    await selectRows(options, ['Page 2', 'Page 3', 'Page 4']);
    expect(await options.locator('#selection-count').textContent()).toBe('3 selected');
    await options.locator('#bulk-tag').fill('Picked');
    await options.locator('#bulk-tag-add').click();
    await expect.poll(() => toastText(options)).toBe('Tagged “picked”: 3 pages');
    await options.locator('#filter-tag').fill('picked');
    await expect.poll(() => tableTitles(options)).toEqual(['Page 4', 'Page 3', 'Page 2']);

    await options.locator('#bulk button[data-status="read"]').click();
    await expect.poll(() => options.locator('#rows .status').allTextContents()).toEqual(['read', 'read', 'read']);

    await options.locator('#bulk-delete').click();
    await expect.poll(() => toastText(options)).toBe('Deleted 3 pages');
    await expect.poll(() => options.locator('#table-message').textContent()).toBe('No page matches these filters.');
    expect(await options.locator('#selection-count').textContent()).toBe('No page selected');
    await options.locator('#toast .toast-action').click();
    await expect.poll(() => tableTitles(options)).toEqual(['Page 4', 'Page 3', 'Page 2']);
  });
});
