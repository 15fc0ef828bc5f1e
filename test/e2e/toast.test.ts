// Chromium: the message after an action keeps its Undo within reach — it waits while hovered,
// focused or in a background window, takes focus after a delete and gives it back, answers
// Ctrl+Z, and is announced. Time is Playwright's fake clock, moved on by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeChromium, hasChromium, launchChromium, openOptions, openPopup, type Chromium } from './chromium';
import { importNumberedPages, listTitles, saveInPopup, selectRows, tableTitles, target, toastText, waitForStatus } from './ui';

const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.getAttribute('aria-label') || active?.id || active?.textContent || '';
  });

async function libraryOf(browser: Chromium, count: number): Promise<Page> {
  const options = await openOptions(browser);
  await importNumberedPages(options, count);
  return options;
}

/**
 * Moves the fake clock on in small steps, so the answers of requests in flight (real time) arrive
 * between them instead of the requests timing out in one jump.
 */
async function passTime(browser: Chromium, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 500) await browser.context.clock.runFor(Math.min(500, left));
}

async function markFirstRead(options: Page): Promise<void> {
  await selectRows(options, ['Page 1']);
  await options.locator('#bulk button[data-status="read"]').click();
  await expect.poll(() => toastText(options)).toBe('Marked as read: 1 page');
}

describe.skipIf(!hasChromium)('the message and its Undo in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
    await browser.context.clock.install();
  });

  afterEach(() => closeChromium(browser));

  it('goes away on its own after six seconds', async () => {
    const options = await libraryOf(browser, 2);
    await markFirstRead(options);
    await passTime(browser, 5000);
    expect(await toastText(options)).toBe('Marked as read: 1 page');
    await passTime(browser, 1500);
    await expect.poll(() => toastText(options)).toBe('');
  });

  it('waits while the pointer is over it', async () => {
    const options = await libraryOf(browser, 2);
    await markFirstRead(options);
    await options.locator('#toast .toast-text').hover();
    await passTime(browser, 30_000);
    expect(await toastText(options)).toBe('Marked as read: 1 page');
    await options.mouse.move(1, 1);
    await passTime(browser, 6500);
    await expect.poll(() => toastText(options)).toBe('');
  });

  it('waits while focus is in it', async () => {
    const options = await libraryOf(browser, 2);
    await markFirstRead(options);
    await options.locator('#toast .toast-action').focus();
    await passTime(browser, 30_000);
    expect(await toastText(options)).toBe('Marked as read: 1 page');
    await options.locator('#filter-search').focus();
    await passTime(browser, 6500);
    await expect.poll(() => toastText(options)).toBe('');
  });

  it('waits while the window is in the background', async () => {
    const options = await libraryOf(browser, 2);
    await markFirstRead(options);
    await options.evaluate(() => window.dispatchEvent(new FocusEvent('blur')));
    await passTime(browser, 30_000);
    expect(await toastText(options)).toBe('Marked as read: 1 page');
    await options.evaluate(() => window.dispatchEvent(new FocusEvent('focus')));
    await passTime(browser, 6500);
    await expect.poll(() => toastText(options)).toBe('');
  });

  it('is announced: each message is added to a polite live region', async () => {
    const options = await libraryOf(browser, 2);
    const region = options.locator('#toast');
    expect(await region.getAttribute('role')).toBe('status');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.evaluate((el) => el.childElementCount)).toBe(0);
    await markFirstRead(options);
    expect(await region.locator('.toast-text').textContent()).toBe('Marked as read: 1 page');
  });

  it('moves focus to Undo after a delete, and after Undo to the page put back', async () => {
    const options = await libraryOf(browser, 3);
    await selectRows(options, ['Page 2']);
    await options.locator('#bulk-delete').focus();
    await options.keyboard.press('Enter');
    await expect.poll(() => toastText(options)).toBe('Deleted 1 page');
    await expect.poll(() => focused(options)).toBe('Undo');

    await options.keyboard.press('Enter');
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3', 'Page 2', 'Page 1']);
    await expect.poll(() => focused(options)).toBe('Select Page 2');
    expect(await toastText(options)).toBe('');
  });

  it('gives focus back to the table when the message is dismissed with Escape', async () => {
    const options = await libraryOf(browser, 3);
    await selectRows(options, ['Page 2']);
    await options.locator('#bulk-delete').click();
    await expect.poll(() => focused(options)).toBe('Undo');
    await options.keyboard.press('Escape');
    expect(await toastText(options)).toBe('');
    await expect.poll(() => focused(options)).toBe('Select every page shown');
    expect(await tableTitles(options)).toEqual(['Page 3', 'Page 1']);
  });

  it('gives focus back when the message is dismissed with its button', async () => {
    const options = await libraryOf(browser, 3);
    await selectRows(options, ['Page 2']);
    await options.locator('#bulk-delete').click();
    await expect.poll(() => focused(options)).toBe('Undo');
    await options.keyboard.press('Tab');
    expect(await focused(options)).toBe('Dismiss');
    await options.keyboard.press('Enter');
    expect(await toastText(options)).toBe('');
    await expect.poll(() => focused(options)).toBe('Select every page shown');
  });

  it('undoes with Ctrl+Z outside text fields, not while typing', async () => {
    const options = await libraryOf(browser, 3);
    await selectRows(options, ['Page 2']);
    await options.locator('#bulk-delete').click();
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3', 'Page 1']);

    await options.locator('#filter-search').focus();
    await options.keyboard.press('Control+z');
    expect(await toastText(options)).toBe('Deleted 1 page');
    expect(await tableTitles(options)).toEqual(['Page 3', 'Page 1']);

    await (await options.locator('#rows input[type="checkbox"]').first()).focus();
    await options.keyboard.press('Control+z');
    await expect.poll(() => tableTitles(options)).toEqual(['Page 3', 'Page 2', 'Page 1']);
    expect(await toastText(options)).toBe('');
  });

  it('undoes with Cmd+Z too', async () => {
    const options = await libraryOf(browser, 2);
    await markFirstRead(options);
    await options.locator('#select-page').focus();
    await options.keyboard.press('Meta+z');
    await expect.poll(() => options.locator('#rows .status').allTextContents()).toEqual(['unread', 'unread']);
  });

  it('moves focus to Undo after a delete in the popup, and back to the row after Undo', async () => {
    for (const n of [1, 2, 3]) await saveInPopup(await openPopup(browser, target(n)));
    const popup = await openPopup(browser);
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 3', 'Article number 2', 'Article number 1']);
    await popup.getByRole('button', { name: 'Delete: Article number 2' }).focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => toastText(popup)).toBe('Deleted “Article number 2”');
    await expect.poll(() => focused(popup)).toBe('Undo');
    await popup.keyboard.press('Enter');
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 3', 'Article number 2', 'Article number 1']);
    await expect.poll(() => focused(popup)).toMatch(/^Article number 2example\.com · /);
  });

  it('puts focus on the row that took the deleted one’s place when the popup’s message is dismissed', async () => {
    for (const n of [1, 2, 3]) await saveInPopup(await openPopup(browser, target(n)));
    const popup = await openPopup(browser);
    await expect.poll(() => listTitles(popup)).toHaveLength(3);
    await popup.getByRole('button', { name: 'Delete: Article number 2' }).focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => focused(popup)).toBe('Undo');
    await popup.keyboard.press('Escape');
    await expect.poll(() => focused(popup)).toMatch(/^Article number 1example\.com · /);
    expect(await listTitles(popup)).toEqual(['Article number 3', 'Article number 1']);
  });

  it('takes an old error away when the user starts the next action, so the outcome shows alone', async () => {
    const options = await openOptions(browser);
    const chooseFile = async (name: string, text: string) => {
      const chooser = options.waitForEvent('filechooser');
      await options.locator('#import').click();
      await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    };
    await chooseFile('broken.json', '{"pages": [');
    await expect.poll(() => toastText(options)).toMatch(/^The file is not valid JSON/);
    await chooseFile('good.json', JSON.stringify([{ url: 'https://e.com/1', title: 'Fine' }]));
    await waitForStatus(options, 'Imported 1 page.');
    expect(await toastText(options)).toBe('');
  });
});
