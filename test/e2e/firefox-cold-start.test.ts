// Firefox ESR suspends an idle event page as Chrome stops an idle worker: with a short idle timeout
// the background is let go with the library saved, and a popup opened then shows the right unread
// rows first, from the background's query snapshot, before the woken background has loaded the
// library (first-answer.ts tells). Firefox runs no init script in extension pages: the popup is
// opened from a copy of the extension whose popup-probe.html is popup.html with the probe first.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIST, newProfile, removeProfile } from './chromium';
import { hasFirefox, launchFirefox, openExtensionPage, showsIn, type Firefox } from './firefox';
import { firstAnswerProbe, type FirstAnswer } from './first-answer';
import { samplePages } from './sample-pages.mjs';

const PAGES = 5_000;
const records = samplePages(PAGES);
const unread = records.filter((record) => record.status === 'unread').map((record) => record.title);
/** Firefox suspends the event page after this long without events (30 s by default). */
const IDLE_TIMEOUT_MS = 1_000;

const listed = () => Array.from(document.querySelectorAll('#list .item-title'), (title) => title.textContent);
/** What the probe noted in the page (evaluated there: it may use nothing from here). */
const noted = () => (window as unknown as { firstAnswer?: FirstAnswer }).firstAnswer;
const notedCount = () => (window as unknown as { firstAnswer?: FirstAnswer }).firstAnswer?.order.length;

/** A copy of the built extension with popup-probe.html: the popup, the probe's script first. */
function probedExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reading-list-probed-'));
  cpSync(DIST, dir, { recursive: true });
  writeFileSync(join(dir, 'probe.js'), firstAnswerProbe());
  const popup = readFileSync(join(dir, 'popup.html'), 'utf8');
  const probed = popup.replace('<script src="popup.js"></script>', '<script src="probe.js"></script>\n    <script src="popup.js"></script>');
  if (probed === popup) throw new Error('popup.html no longer loads popup.js as this test expects');
  writeFileSync(join(dir, 'popup-probe.html'), probed);
  return dir;
}

describe.skipIf(!hasFirefox)('a popup opened on a suspended event page, in Firefox ESR', () => {
  let profile: string;
  let files: string;
  let extension: string;
  let firefox: Firefox;

  beforeEach(async () => {
    profile = newProfile();
    files = mkdtempSync(join(tmpdir(), 'reading-list-files-'));
    extension = probedExtension();
    firefox = await launchFirefox(profile, crypto.randomUUID(), { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS }, extension);
  });

  afterEach(async () => {
    await firefox.close().catch(() => undefined);
    removeProfile(profile);
    rmSync(files, { recursive: true, force: true });
    rmSync(extension, { recursive: true, force: true });
  });

  it('shows the right unread rows first, before the woken background has loaded the library', async () => {
    const options = await openExtensionPage(firefox, 'options.html');
    const path = join(files, 'library.json');
    writeFileSync(path, JSON.stringify(records));
    await (await options.$('input#import-file'))!.uploadFile(path);
    await showsIn(options, () => document.querySelector('#transfer-status')?.textContent, `Imported ${PAGES.toLocaleString('en-US')} pages.`);
    // The popup once: the background keeps the results of its queries from now on.
    const warm = await openExtensionPage(firefox, 'popup.html');
    await showsIn(warm, listed, unread.slice(0, 30));
    await warm.close();
    await options.close();

    // Nothing of the extension open: Firefox suspends the event page once it has been idle.
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS * 5));

    const popup = await openExtensionPage(firefox, 'popup-probe.html');
    await showsIn(popup, notedCount, 2);
    const first = await popup.evaluate(noted);
    expect(first?.titles).toEqual(unread.slice(0, 30));
    // The background had to load the library again (it had been suspended), and the rows came first.
    expect(first?.order).toEqual(['rows', `count ${PAGES}`]);
    await showsIn(popup, listed, unread.slice(0, 30));
  });
});
