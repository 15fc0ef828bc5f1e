// Regenerates the screenshots the README shows: the popup and the options page, light and dark,
// with a sample library imported through the options page.
//
//   npm run build && npm run screenshots      (writes docs/screenshots/*.png)
import { CHROMIUM_PATH, chromiumFlags } from './chromium-flags.mjs';
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePages } from './sample-pages.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.EXTENSION_DIST ?? join(root, 'dist');
const out = join(root, 'docs', 'screenshots');
const profile = mkdtempSync(join(tmpdir(), 'reading-list-shots-'));
mkdirSync(out, { recursive: true });

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  deviceScaleFactor: 1,
  args: chromiumFlags([dist]),
});

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;

  const options = await context.newPage();
  await options.setViewportSize({ width: 1280, height: 860 });
  await options.goto(`chrome-extension://${id}/options.html`);
  // Recent pages, so the popup shows "2 h ago" rather than dates.
  const records = samplePages(137, Date.now() - 20 * 60_000);
  await options.locator('#import-file').setInputFiles({
    name: 'sample.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(records)),
  });
  await options.getByText('Imported 137 pages.').waitFor();

  const popupTarget = new URLSearchParams({
    url: 'https://web.dev/articles/offline-cookbook',
    title: 'The offline cookbook: patterns for service workers',
  });

  for (const theme of ['light', 'dark']) {
    await options.locator(`input[name="theme"][value="${theme}"]`).check();
    // Select a few rows so the bulk toolbar shows its enabled state.
    await options.locator('#rows tr').nth(1).locator('input[type="checkbox"]').check();
    await options.locator('#rows tr').nth(2).locator('input[type="checkbox"]').check();
    await options.mouse.move(0, 0);
    await options.screenshot({ path: join(out, `options-${theme}.png`) });
    await options.locator('#bulk-clear').click();

    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${id}/popup.html?${popupTarget}`);
    await popup.locator('#tags').waitFor();
    await popup.locator('#list .item').first().waitFor();
    await popup.locator('#list .item-link').nth(1).focus();
    await popup.screenshot({ path: join(out, `popup-${theme}.png`) });
    await popup.close();
  }
  console.log(`wrote popup-light.png, popup-dark.png, options-light.png, options-dark.png to docs/screenshots/`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
