// Chromium: finding pages (tags, words of every script, emoji), titles sorted in a human order,
// and the same article saved twice from addresses that differ by fragment or tracking parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeChromium, hasChromium, launchChromium, openOptions, openPopup, type Chromium } from './chromium';
import { importRecords, listTitles, saveInPopup, tableTitles, waitForStatus } from './ui';

const PAGES = [
  { url: 'https://example.jp/a', title: '日本語のタイトル', createdAt: 7000 },
  { url: 'https://servers.example/go', title: 'Go servers', tags: ['web'], createdAt: 6000 },
  { url: 'https://crabs.example/', title: 'Ferris 🦀 says hello', createdAt: 5000 },
  { url: 'https://book.example/10', title: 'Chapter 10', createdAt: 4000 },
  { url: 'https://book.example/2', title: 'chapter 2', createdAt: 3000 },
  { url: 'https://book.example/1', title: 'Chapter 1', createdAt: 2000 },
  { url: 'https://e.example/emile', title: 'Émile', createdAt: 1000 },
  { url: 'https://e.example/apple', title: 'apple pie', createdAt: 500 },
];

async function search(options: Page, text: string): Promise<void> {
  await options.locator('#filter-search').fill(text);
}

describe.skipIf(!hasChromium)('finding pages in Chromium', () => {
  let browser: Chromium;
  let options: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    options = await openOptions(browser);
    await importRecords(options, PAGES);
    await options.waitForFunction(() => document.querySelector('#transfer-status')?.textContent === 'Imported 8 pages.');
  });

  afterAll(() => closeChromium(browser));

  it('finds a page by its tag', async () => {
    await search(options, 'web');
    await expect.poll(() => tableTitles(options)).toEqual(['Go servers']);
  });

  it('finds words of a script written without spaces', async () => {
    await search(options, 'タイトル');
    await expect.poll(() => tableTitles(options)).toEqual(['日本語のタイトル']);
    await search(options, '日本語');
    await expect.poll(() => tableTitles(options)).toEqual(['日本語のタイトル']);
  });

  it('treats an emoji-only search as a real search', async () => {
    await search(options, '🦀');
    await expect.poll(() => tableTitles(options)).toEqual(['Ferris 🦀 says hello']);
    await search(options, '🐙');
    await expect.poll(() => options.locator('#table-message').textContent()).toBe('No page matches these filters.');
  });

  it('searches in the popup the same way', async () => {
    const popup = await openPopup(browser);
    await popup.locator('#search').fill('web');
    await expect.poll(() => listTitles(popup)).toEqual(['Go servers']);
    await popup.locator('#search').fill('🦀');
    await expect.poll(() => listTitles(popup)).toEqual(['Ferris 🦀 says hello']);
    await popup.close();
  });

  it('sorts titles in a human order: case and accents folded, numbers by value', async () => {
    await search(options, '');
    await options.locator('th[data-column="title"] button').click();
    await expect.poll(() => tableTitles(options)).toEqual(['apple pie', 'Chapter 1', 'chapter 2', 'Chapter 10', 'Émile', 'Ferris 🦀 says hello', 'Go servers', '日本語のタイトル']);
    await options.locator('th[data-column="title"] button').click();
    await expect.poll(async () => (await tableTitles(options)).slice(-4)).toEqual(['Chapter 10', 'chapter 2', 'Chapter 1', 'apple pie']);
  });
});

describe.skipIf(!hasChromium)('the same article saved twice in Chromium', () => {
  let browser: Chromium;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(() => closeChromium(browser));

  it('shows a page saved from a tracking link as saved at its clean address, keeping the saved address', async () => {
    await saveInPopup(await openPopup(browser, { url: 'https://news.example/story?utm_source=newsletter&utm_medium=email#comments', title: 'The story' }));
    const again = await openPopup(browser, { url: 'https://news.example/story?fbclid=IwAR0abc', title: 'The story (shared)' });
    await again.locator('.current-actions').waitFor();
    expect(await again.locator('#tags').count()).toBe(0);
    const options = await openOptions(browser);
    await expect.poll(() => tableTitles(options)).toEqual(['The story']);
    expect(await options.locator('#rows td.title a').getAttribute('href')).toBe('https://news.example/story?utm_source=newsletter&utm_medium=email#comments');
  });

  it('counts an imported record as already in the library when only its fragment or tracking differ', async () => {
    const options = await openOptions(browser);
    await importRecords(options, [
      { url: 'https://news.example/story#top', title: 'Again' },
      { url: 'https://news.example/other?gclid=1', title: 'Other' },
      { url: 'https://news.example/other', title: 'Other again' },
    ]);
    await waitForStatus(options, 'Imported 1 page. 1 was already in the library. 1 rejected (see below).');
    expect(await options.locator('#import-problems-list li').allTextContents()).toEqual([
      'Record 3: is the same page as record 2 (the addresses differ only by #fragment or tracking parameters).',
    ]);
  });
});
