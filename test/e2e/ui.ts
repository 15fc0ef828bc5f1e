// Steps through the real UI of the popup and the options page (Playwright pages), shared by the
// Chromium tests. Assertions poll what the page shows, since live updates arrive asynchronously.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface TargetPage {
  url: string;
  title: string;
}

export function target(n: number, title = `Article number ${n}`): TargetPage {
  return { url: `https://example.com/articles/${n}`, title };
}

/**
 * Saves the popup's page (with tags) and waits for the acknowledgement: the message the popup
 * shows once the write is durable. (The live "saved" state may show earlier: live updates follow
 * the in-memory write, the reply waits for IndexedDB.)
 */
export async function saveInPopup(popup: Page, tags = ''): Promise<void> {
  const tagsInput = popup.locator('#tags');
  await tagsInput.waitFor();
  if (tags) await tagsInput.fill(tags);
  await popup.locator('.save-form button[type="submit"]').click();
  await popup.locator('.current-actions').waitFor();
  await expect.poll(() => toastText(popup)).toBe('Saved to your reading list');
}

export async function listTitles(popup: Page): Promise<string[]> {
  return popup.locator('#list .item-title').allTextContents();
}

export async function tableTitles(options: Page): Promise<string[]> {
  return options.locator('#rows td.title a').allTextContents();
}

export async function rowByTitle(options: Page, title: string) {
  return options.locator('#rows tr', { has: options.locator('td.title a', { hasText: new RegExp(`^${escape(title)}$`) }) });
}

export async function selectRows(options: Page, titles: readonly string[]): Promise<void> {
  for (const title of titles) await (await rowByTitle(options, title)).locator('input[type="checkbox"]').check();
}

export async function importRecords(options: Page, records: unknown, name = 'import.json'): Promise<void> {
  await options.locator('#import-file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof records === 'string' ? records : JSON.stringify(records)),
  });
}

/** Imports pages "Page 1" to "Page `count`" (the last one newest) and waits for the first table page. */
export async function importNumberedPages(options: Page, count: number): Promise<void> {
  await importRecords(options, Array.from({ length: count }, (_, i) => ({ url: `https://e.com/${i + 1}`, title: `Page ${i + 1}`, createdAt: (i + 1) * 1000 })));
  await waitForStatus(options, `Imported ${count === 1 ? '1 page' : `${count} pages`}.`);
  await expect.poll(() => options.locator('#rows tr').count()).toBe(Math.min(count, 50));
}

export async function transferStatus(options: Page): Promise<string> {
  return (await options.locator('#transfer-status').textContent()) ?? '';
}

/** Waits until the transfer status reads `text` exactly. */
export async function waitForStatus(options: Page, text: string): Promise<void> {
  await expect.poll(() => transferStatus(options), { timeout: 60_000 }).toBe(text);
}

export async function summary(options: Page): Promise<string> {
  return (await options.locator('#summary').textContent()) ?? '';
}

/** A flag set in the page that a reload would clear: proves an update arrived live. */
export async function markLoaded(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
  });
}

export async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage === true);
}

export async function toastText(page: Page): Promise<string> {
  const toast = page.locator('#toast');
  return (await toast.isVisible()) ? ((await toast.locator('.toast-text').textContent()) ?? '') : '';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
