// Chromium: skip links and landmarks, and axe-core finding nothing in every state of the popup and
// the options page that a user can reach.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeChromium, hasChromium, launchChromium, openOptions, openPopup, type Chromium } from './chromium';
import { expectNoAxeViolations } from './axe';
import { importRecords, listTitles, saveInPopup, selectRows, target, toastText, waitForStatus } from './ui';
import { samplePages } from './sample-pages.mjs';

const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.id || active?.getAttribute('aria-label') || active?.textContent?.trim() || active?.tagName || '';
  });

async function fullLibrary(browser: Chromium): Promise<Page> {
  const options = await openOptions(browser);
  const records = samplePages(137);
  records[3].tags = ['web', 'performance', 'caching', 'offline', 'pwa'];
  records[4].title = 'دليل عملي لقواعد البيانات في المتصفح';
  await importRecords(options, records);
  await waitForStatus(options, 'Imported 137 pages.');
  await expect.poll(() => options.locator('#rows tr').count()).toBe(50);
  return options;
}

describe.skipIf(!hasChromium)('skip links, landmarks and axe in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('reaches the import button with four Tab presses and a skip link', async () => {
    const options = await fullLibrary(browser);
    await options.locator('body').focus();
    await options.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: string[] = [];
    for (let i = 0; i < 3; i++) {
      await options.keyboard.press('Tab');
      stops.push(await focused(options));
    }
    expect(stops).toEqual(['Skip to the table', 'Skip to search and filters', 'Skip to import and export']);
    await options.keyboard.press('Enter');
    expect(await focused(options)).toBe('transfer');
    await options.keyboard.press('Tab');
    expect(await focused(options)).toBe('import');
  });

  it('moves focus to the table, the filters and the settings from their skip links', async () => {
    const options = await fullLibrary(browser);
    for (const [link, target] of [
      ['Skip to the table', 'table'],
      ['Skip to search and filters', 'filter-search'],
      ['Skip to settings', 'settings'],
    ]) {
      await options.getByRole('link', { name: link }).focus();
      expect(await options.getByRole('link', { name: link }).isVisible()).toBe(true);
      await options.keyboard.press('Enter');
      expect(await focused(options)).toBe(target);
    }
    await options.keyboard.press('Tab');
    expect(await options.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('theme');
  });

  it('gives the popup a main landmark around this page, search and the list', async () => {
    const popup = await openPopup(browser, target(1));
    await popup.locator('#tags').waitFor();
    expect(await popup.locator('main').count()).toBe(1);
    expect(await popup.locator('main #current, main [role="search"], main #list').count()).toBe(3);
  });

  it('finds nothing in the popup: first run, page to save, list, search without results, saved, error, dark', async () => {
    const fresh = await openPopup(browser, target(1, 'A page to save'));
    await fresh.locator('#first-run').waitFor();
    await expectNoAxeViolations(fresh, 'popup, first run');
    await fresh.locator('#tags').fill('news, later');
    await expectNoAxeViolations(fresh, 'popup, tags typed before saving');
    await fresh.close();

    const cannot = await openPopup(browser);
    await cannot.locator('#current .current-note').waitFor();
    await expectNoAxeViolations(cannot, 'popup on a page that cannot be saved');
    await cannot.close();

    for (const n of [1, 2, 3]) await saveInPopup(await openPopup(browser, target(n)));
    const popup = await openPopup(browser, target(2));
    await expect.poll(() => listTitles(popup)).toHaveLength(3);
    await popup.locator('.current-actions').waitFor();
    await expectNoAxeViolations(popup, 'popup, list and a saved page');

    await popup.locator('#list .item-link').first().focus();
    await expectNoAxeViolations(popup, 'popup, a row focused with its actions shown');

    await popup.locator('#search').fill('nothing matches this');
    await expect.poll(() => popup.locator('#list-message').textContent()).toBe('No saved page matches “nothing matches this”.');
    await expectNoAxeViolations(popup, 'popup, search without results');
    await popup.locator('#search').fill('');

    // An error: Undo of a delete after the same address was saved again.
    await popup.locator('.current-actions').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => toastText(popup)).toBe('Deleted “Article number 2”');
    await expectNoAxeViolations(popup, 'popup, message with Undo');
    await saveInPopup(await openPopup(browser, target(2)));
    await popup.locator('#toast .toast-action').click();
    await expect.poll(() => toastText(popup)).toBe('This page is already in your reading list.');
    await expectNoAxeViolations(popup, 'popup, error message');

    await popup.emulateMedia({ colorScheme: 'dark' });
    await expectNoAxeViolations(popup, 'popup, dark, error message');
  });

  it('finds nothing in the options page: empty, full, filtered, selected, confirming, message, problems, narrow, dark', async () => {
    const empty = await openOptions(browser);
    await expect.poll(() => empty.locator('#table-message').textContent()).toContain('Your reading list is empty');
    await expectNoAxeViolations(empty, 'options, empty library');
    await empty.close();

    const options = await fullLibrary(browser);
    await expectNoAxeViolations(options, 'options, full table');

    await options.getByRole('button', { name: 'Show 2 more tags' }).click();
    await options.locator('#page-number').fill('40');
    await options.locator('#page-number').press('Enter');
    await expect.poll(() => options.locator('#page-note').textContent()).toBe('There are pages 1 to 3.');
    await expectNoAxeViolations(options, 'options, all tags shown, page note');
    await options.locator('#page-first').click();

    await options.locator('#filter-status').selectOption('unread');
    await options.locator('#filter-tag').fill('web');
    await expect.poll(() => options.locator('#range').textContent()).toMatch(/ matching$/);
    await expectNoAxeViolations(options, 'options, filters applied');
    await options.locator('#filter-domain').fill('nowhere.example');
    await expect.poll(() => options.locator('#table-message').textContent()).toBe('No page matches these filters.');
    await expectNoAxeViolations(options, 'options, no page matches');
    await options.locator('#filter-clear').click();
    await expect.poll(() => options.locator('#range').textContent()).toBe('1–50 of 137 pages');

    await options.locator('#select-page').check();
    await expectNoAxeViolations(options, 'options, selection active');
    await options.locator('#bulk-delete').click();
    await options.getByRole('dialog').waitFor();
    await expectNoAxeViolations(options, 'options, confirmation open');
    await options.keyboard.press('Escape');
    await options.locator('#bulk-clear').click();

    await selectRows(options, [(await options.locator('#rows .title-link').nth(1).textContent())!]);
    await options.locator('#bulk-delete').click();
    await expect.poll(() => toastText(options)).toBe('Deleted 1 page');
    await expectNoAxeViolations(options, 'options, message with Undo');

    await importRecords(options, [{ url: 'https://new.example/1' }, { title: 'no address' }, { url: 'ftp://x' }]);
    await waitForStatus(options, 'Imported 1 page. 2 rejected (see below).');
    await options.locator('#import-problems-summary').click();
    await expectNoAxeViolations(options, 'options, import problems');

    for (const width of [360, 800]) {
      await options.setViewportSize({ width, height: 800 });
      await expectNoAxeViolations(options, `options at ${width} px`);
    }
    await options.setViewportSize({ width: 1280, height: 900 });

    await options.locator('input[name="theme"][value="dark"]').check();
    await expect.poll(() => options.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expectNoAxeViolations(options, 'options, dark');
    await options.locator('#select-page').check();
    await options.locator('#bulk-delete').click();
    await options.getByRole('dialog').waitFor();
    await expectNoAxeViolations(options, 'options, dark, confirmation open');
    await options.keyboard.press('Escape');
    await options.setViewportSize({ width: 500, height: 800 });
    await expectNoAxeViolations(options, 'options, dark, 500 px');
  });
});
