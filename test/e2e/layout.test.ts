// Chromium: the options page at any width from 360 px (and at 200% zoom, as 640 px of CSS width),
// right-to-left titles, tags beyond the cell, and the page-number box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeChromium, hasChromium, launchChromium, openOptions, openPopup, type Chromium } from './chromium';
import { importRecords, rowByTitle } from './ui';
import { samplePages } from './sample-pages.mjs';

const RTL_TITLE = 'دليل عملي لقواعد البيانات في المتصفح: المعاملات والفهارس والتزامن بين النوافذ والعمال';
const HEBREW_TAG = 'מסדי-נתונים';
const MANY_TAGS = ['web', 'performance', 'caching', 'offline', 'pwa', 'http'];

/** Where the side panels and table are, and whether anything sticks out sideways. */
function measure(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
    const wide = Array.from(document.querySelectorAll<HTMLElement>('body *')).filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && el.getClientRects().length > 0);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      sticksOut: wide.map((el) => el.id || el.className || el.tagName),
      sideBelowTable: box('.side').top >= box('.table-wrap').bottom,
      rowDisplay: getComputedStyle(document.querySelector('#rows tr')!).display,
    };
  });
}

describe.skipIf(!hasChromium)('the options page at any width in Chromium', () => {
  let browser: Chromium;
  let options: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    options = await openOptions(browser);
    const records = samplePages(137);
    records[2].title = RTL_TITLE;
    records[3].tags = MANY_TAGS;
    records[5].tags = [HEBREW_TAG];
    await importRecords(options, records);
    // (expect.poll belongs in tests; a hook waits on the page itself.)
    await options.locator('#transfer-status', { hasText: 'Imported 137 pages.' }).waitFor({ timeout: 60_000 });
    await options.locator('#rows tr').nth(49).waitFor();
  });

  afterAll(() => closeChromium(browser));

  for (const width of [360, 500, 640, 800, 1024, 1280, 1600]) {
    it(`never scrolls sideways at ${width} px${width === 640 ? ' (1280 px at 200% zoom)' : ''}`, async () => {
      await options.setViewportSize({ width, height: 800 });
      const found = await measure(options);
      expect({ sticksOut: found.sticksOut, scrollWidth: found.scrollWidth }).toEqual({ sticksOut: [], scrollWidth: width });
    });
  }

  it('puts the sidebar beside the table from 1200 px and below it under that', async () => {
    await options.setViewportSize({ width: 1280, height: 800 });
    expect((await measure(options)).sideBelowTable).toBe(false);
    for (const width of [1024, 800, 500]) {
      await options.setViewportSize({ width, height: 800 });
      expect({ width, below: (await measure(options)).sideBelowTable }).toEqual({ width, below: true });
    }
  });

  it('shows each row as a card under 900 px and as a table row from 900 px', async () => {
    for (const [width, display] of [
      [360, 'grid'],
      [640, 'grid'],
      [899, 'grid'],
      [900, 'table-row'],
      [1280, 'table-row'],
    ] as const) {
      await options.setViewportSize({ width, height: 800 });
      expect({ width, display: (await measure(options)).rowDisplay }).toEqual({ width, display });
    }
  });

  it('shows titles of up to 45 characters whole at 1024 px', async () => {
    await options.setViewportSize({ width: 1024, height: 800 });
    const cut = await options.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#rows .title-link'))
        .filter((link) => (link.textContent ?? '').length <= 45 && link.scrollWidth > link.clientWidth)
        .map((link) => link.textContent),
    );
    expect(cut).toEqual([]);
    const shortest = await options.evaluate(() => Math.min(...Array.from(document.querySelectorAll<HTMLElement>('#rows .title-link'), (l) => l.clientWidth)));
    expect(shortest).toBeGreaterThanOrEqual(320);
  });

  it('keeps every control of a row reachable in the narrow card layout', async () => {
    await options.setViewportSize({ width: 360, height: 800 });
    const row = await rowByTitle(options, RTL_TITLE);
    for (const control of [row.locator('input[type="checkbox"]'), row.locator('.title-link'), row.locator('td.domain button'), row.locator('td.tags .chip').first()]) {
      expect(await control.isVisible()).toBe(true);
      const box = (await control.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
  });

  it('shows titles, domains and tags with dir="auto", and cuts a right-to-left title from its end', async () => {
    await options.setViewportSize({ width: 1280, height: 800 });
    const row = await rowByTitle(options, RTL_TITLE);
    expect(await row.locator('.title-link').getAttribute('dir')).toBe('auto');
    expect(await row.locator('td.domain button').getAttribute('dir')).toBe('auto');
    expect(await options.locator('#rows .chip[data-tag]').evaluateAll((chips) => chips.every((chip) => chip.getAttribute('dir') === 'auto'))).toBe(true);
    const cut = await row.locator('.title-link').evaluate((link) => {
      const text = link.firstChild!;
      const range = document.createRange();
      const charBox = (at: number) => {
        range.setStart(text, at);
        range.setEnd(text, at + 1);
        return range.getBoundingClientRect();
      };
      const box = link.getBoundingClientRect();
      const first = charBox(0);
      const last = charBox(text.textContent!.length - 1);
      return {
        direction: getComputedStyle(link).direction,
        truncated: link.scrollWidth > link.clientWidth,
        firstShown: first.right <= box.right + 0.5 && first.left >= box.left - 0.5,
        lastShown: last.right <= box.right + 0.5 && last.left >= box.left - 0.5,
      };
    });
    // Right to left: the start of the title is on the right and stays; the end is cut on the left.
    expect(cut).toEqual({ direction: 'rtl', truncated: true, firstShown: true, lastShown: false });
  });

  it('shows the Hebrew tag right to left', async () => {
    const direction = await options.locator(`#rows .chip[data-tag="${HEBREW_TAG}"]`).evaluate((chip) => getComputedStyle(chip).direction);
    expect(direction).toBe('rtl');
  });

  it('shows the first tags and a "+N" button that reveals the rest', async () => {
    await options.setViewportSize({ width: 1280, height: 800 });
    const row = options.locator('#rows tr', { has: options.locator('.chip[data-tag="pwa"]') }).or(options.locator('#rows tr', { has: options.locator('.chip.more') }));
    const tags = row.locator('td.tags');
    expect(await tags.locator('.chip').allTextContents()).toEqual(['web', 'performance', 'caching', '+3']);
    const more = tags.getByRole('button', { name: 'Show 3 more tags' });
    await more.focus();
    await options.keyboard.press('Enter');
    expect(await tags.locator('.chip').allTextContents()).toEqual(MANY_TAGS);
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('offline');
    // Every tag is inside the cell, none cut off behind its edge.
    const outside = await tags.evaluate((cell) => {
      const box = cell.getBoundingClientRect();
      return Array.from(cell.querySelectorAll('.chip'), (chip) => chip.getBoundingClientRect()).filter((c) => c.right > box.right + 0.5 || c.bottom > box.bottom + 0.5).length;
    });
    expect(outside).toBe(0);
  });

  it('never keeps an impossible page number: it goes to the nearest page and says which exist', async () => {
    const pageNumber = options.locator('#page-number');
    await pageNumber.fill('99');
    await pageNumber.press('Enter');
    await expect.poll(() => options.locator('#range').textContent()).toBe('101–137 of 137 pages');
    expect(await pageNumber.inputValue()).toBe('3');
    expect(await options.locator('#page-note').textContent()).toBe('There are pages 1 to 3.');

    await pageNumber.fill('0');
    await pageNumber.press('Enter');
    await expect.poll(() => options.locator('#range').textContent()).toBe('1–50 of 137 pages');
    expect(await pageNumber.inputValue()).toBe('1');

    await pageNumber.fill('2');
    await pageNumber.press('Enter');
    await expect.poll(() => options.locator('#range').textContent()).toBe('51–100 of 137 pages');
    expect(await options.locator('#page-note').textContent()).toBe('');
    await options.locator('#page-first').click();
  });

  it('shows a right-to-left title in the popup from its start', async () => {
    const popup = await openPopup(browser, { url: 'https://example.org/rtl', title: RTL_TITLE });
    await popup.locator('#tags').waitFor();
    expect(await popup.locator('.current-title').getAttribute('dir')).toBe('auto');
    expect(await popup.locator('.current-title').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    const item = popup.locator('#list .item-title', { hasText: 'دليل' });
    await item.waitFor();
    expect(await item.getAttribute('dir')).toBe('auto');
    expect(await item.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await popup.close();
  });

  it('keeps the popup a 400 × 600 box with a mouse, and as wide as a 360 px touch screen', async () => {
    const popup = await openPopup(browser);
    await popup.locator('#list .item').first().waitFor();
    const size = () => popup.evaluate(() => ({ body: Math.round(document.body.getBoundingClientRect().width), height: Math.round(document.body.getBoundingClientRect().height), scrollWidth: document.documentElement.scrollWidth }));
    expect(await size()).toEqual({ body: 400, height: 600, scrollWidth: 400 });

    // Firefox for Android opens the popup as a page of the screen's width.
    const session = await browser.context.newCDPSession(popup);
    await session.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    await popup.setViewportSize({ width: 360, height: 640 });
    expect(await size()).toEqual({ body: 360, height: 640, scrollWidth: 360 });
    await popup.close();
  });
});
