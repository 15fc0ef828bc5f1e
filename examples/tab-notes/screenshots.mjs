// Screenshots of the popup and the notes page at 500 px, light and dark, into docs/, from the
// extension in dist/ (build it first: node examples/tab-notes/build.mjs).
//
//   node examples/tab-notes/screenshots.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, chromiumFlags } from '../../test/e2e/chromium-flags.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');
const docs = join(here, 'docs');
const WIDTH = 500;

const NOTES = [
  ['https://developer.mozilla.org', 'IndexedDB guide: read the part on transactions\nand versionchange before the upgrade.'],
  ['https://news.example', 'Weekend edition comes out Saturdays.'],
  ['https://recipes.example', 'Sourdough: 75% hydration, 4 h bulk at 24 °C.'],
];

const profile = mkdtempSync(join(tmpdir(), 'tab-notes-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  viewport: { width: WIDTH, height: 640 },
  args: chromiumFlags([dist]),
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const base = `chrome-extension://${new URL(worker.url()).host}`;
  const page = await context.newPage();
  for (const [origin, text] of NOTES) {
    await page.goto(`${base}/popup.html?origin=${encodeURIComponent(origin)}`);
    await page.getByLabel('Note for').fill(text);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
  }
  await page.setViewportSize({ width: WIDTH, height: 380 });
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${base}/popup.html?origin=${encodeURIComponent(NOTES[0][0])}`);
    await page.locator('textarea').waitFor();
    await page.screenshot({ path: join(docs, `popup-${colorScheme}.png`) });
  }
  await page.setViewportSize({ width: WIDTH, height: 640 });
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${base}/notes.html`);
    await page.locator('.note').nth(NOTES.length - 1).waitFor();
    await page.screenshot({ path: join(docs, `notes-${colorScheme}.png`), fullPage: true });
  }
  console.log(`wrote popup-{light,dark}.png and notes-{light,dark}.png into ${docs}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
