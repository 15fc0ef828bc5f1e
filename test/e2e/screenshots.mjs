// Regenerates the screenshots the README shows: the popup (first run, and with a library) and the
// options page at 1280, 800 and 500 px wide, light and dark, with a sample library imported
// through the options page.
//
//   npm run build && npm run screenshots      (writes docs/screenshots/*.png)
//
// SCREENSHOTS_DIR writes elsewhere; SCREENSHOTS_ALL=1 adds 1024 and 360 px, a right-to-left
// title, the delete confirmation and the toast, to look at before a change.
import { CHROMIUM_PATH, chromiumFlags } from './chromium-flags.mjs';
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePages } from './sample-pages.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.EXTENSION_DIST ?? join(root, 'dist');
const out = process.env.SCREENSHOTS_DIR ?? join(root, 'docs', 'screenshots');
const all = process.env.SCREENSHOTS_ALL === '1';
const profile = mkdtempSync(join(tmpdir(), 'reading-list-shots-'));
mkdirSync(out, { recursive: true });

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  deviceScaleFactor: 1,
  args: chromiumFlags([dist]),
});
const written = [];

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;

  const popupTarget = new URLSearchParams({
    url: 'https://web.dev/articles/offline-cookbook',
    title: 'The offline cookbook: patterns for service workers',
  });

  async function popupShot(name) {
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${id}/popup.html?${popupTarget}`);
    await popup.locator('#tags').waitFor();
    return popup;
  }

  async function shot(page, name) {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(out, `${name}.png`) });
    written.push(`${name}.png`);
  }

  // A fresh install: the popup explains itself.
  const fresh = await popupShot();
  await fresh.locator('#first-run').waitFor();
  await shot(fresh, 'popup-first-run-light');
  await fresh.close();

  const options = await context.newPage();
  await options.setViewportSize({ width: 1280, height: 860 });
  await options.goto(`chrome-extension://${id}/options.html`);
  // Recent pages, so the popup shows "2 h ago" rather than dates.
  const records = samplePages(137, Date.now() - 20 * 60_000);
  records[1].tags = ['web', 'performance', 'caching', 'offline', 'pwa'];
  if (all) records[4].title = 'دليل عملي لقواعد البيانات في المتصفح: المعاملات والفهارس والتزامن';
  await options.locator('#import-file').setInputFiles({
    name: 'sample.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(records)),
  });
  await options.getByText('Imported 137 pages.').waitFor();
  await options.getByText('137 pages · 83 unread').waitFor();

  const widths = all ? [1280, 1024, 800, 500, 360] : [1280, 800, 500];
  for (const theme of ['light', 'dark']) {
    await options.locator(`input[name="theme"][value="${theme}"]`).check();
    for (const width of widths) {
      await options.setViewportSize({ width, height: width < 640 ? 900 : 860 });
      await options.evaluate(() => window.scrollTo(0, 0));
      // Select a few rows so the bulk toolbar shows its enabled state.
      await options.locator('#rows tr').nth(1).locator('input[type="checkbox"]').check();
      await options.locator('#rows tr').nth(2).locator('input[type="checkbox"]').check();
      await shot(options, width === 1280 ? `options-${theme}` : `options-${width}-${theme}`);
      await options.locator('#bulk-clear').click();
    }
    await options.setViewportSize({ width: 1280, height: 860 });

    if (all) {
      await options.locator('#select-page').check();
      await options.locator('#bulk-delete').click();
      await shot(options, `options-confirm-${theme}`);
      await options.keyboard.press('Escape');
      await options.locator('#bulk-clear').click();
      await options.locator('#rows tr').first().locator('input[type="checkbox"]').check();
      await options.locator('#bulk button[data-status="read"]').click();
      await options.locator('#toast .toast').waitFor();
      await shot(options, `options-toast-${theme}`);
      await options.locator('#toast .toast-action').click();
    }

    const popup = await popupShot();
    await popup.locator('#list .item').first().waitFor();
    await popup.locator('#list .item-link').nth(1).focus();
    await shot(popup, `popup-${theme}`);
    await popup.close();
  }
  console.log(`wrote ${written.join(', ')} to ${out}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
