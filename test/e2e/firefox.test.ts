// Firefox ESR: the main flows — install, save from the popup, see it live in another open page,
// change it there, find everything again after a restart on the same profile, and the options
// page at 500 px with a confirmed large delete.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newProfile, removeProfile } from './chromium';
import { expectNoAxeViolations } from './axe';
import { hasFirefox, launchFirefox, openExtensionPage, showsIn, type Firefox } from './firefox';

const titles = () => Array.from(document.querySelectorAll('#rows td.title a'), (a) => a.textContent);
const listed = () => Array.from(document.querySelectorAll('#list .item-title'), (a) => a.textContent);
const popupPath = (n: number, title: string) => `popup.html?${new URLSearchParams({ url: `https://example.com/${n}`, title })}`;

describe.skipIf(!hasFirefox)('the extension in Firefox ESR', () => {
  let profile: string;
  let uuid: string;
  let firefox: Firefox;

  beforeEach(async () => {
    profile = newProfile();
    uuid = crypto.randomUUID();
    firefox = await launchFirefox(profile, uuid);
  });

  afterEach(async () => {
    await firefox.close().catch(() => undefined);
    removeProfile(profile);
  });

  it('saves a page in the popup and shows it live in the open options page', async () => {
    const options = await openExtensionPage(firefox, 'options.html');
    await showsIn(options, () => document.querySelector('#table-message')?.textContent?.startsWith('Your reading list is empty'), true);

    const popup = await openExtensionPage(firefox, popupPath(1, 'Fox article'));
    await showsIn(popup, () => document.querySelector('#tags') !== null, true);
    await popup.type('#tags', 'firefox, test');
    await popup.click('.save-form button[type="submit"]');
    await showsIn(popup, () => document.querySelector('.current-actions') !== null, true);

    await showsIn(options, titles, ['Fox article']);
    await showsIn(options, () => Array.from(document.querySelectorAll('#rows .chip'), (c) => c.textContent), ['firefox', 'test']);
    await showsIn(options, () => document.querySelector('#summary')?.textContent, '1 page · 1 unread');
  });

  it('shows a change made in the options page in the open popup', async () => {
    const popup = await openExtensionPage(firefox, popupPath(1, 'Fox article'));
    await showsIn(popup, () => document.querySelector('#tags') !== null, true);
    await popup.click('.save-form button[type="submit"]');
    await showsIn(popup, listed, ['Fox article']);

    const options = await openExtensionPage(firefox, 'options.html');
    await showsIn(options, titles, ['Fox article']);
    await options.click('#rows input[type="checkbox"]');
    await options.click('#bulk button[data-status="archived"]');

    await showsIn(popup, listed, []);
    await showsIn(popup, () => Array.from(document.querySelectorAll('.current-actions button'), (b) => b.textContent), ['Mark unread', 'Delete']);
  });

  it('finds the saved pages again after a restart with the same profile', async () => {
    for (const [n, title] of [
      [1, 'First fox'],
      [2, 'Second fox'],
    ] as const) {
      const popup = await openExtensionPage(firefox, popupPath(n, title));
      await showsIn(popup, () => document.querySelector('#tags') !== null, true);
      await popup.click('.save-form button[type="submit"]');
      // The acknowledgement: shown once the write is durable.
      await showsIn(popup, () => document.querySelector('#toast .toast-text')?.textContent, 'Saved to your reading list');
    }
    await firefox.close();

    firefox = await launchFirefox(profile, uuid);
    const options = await openExtensionPage(firefox, 'options.html');
    await showsIn(options, titles, ['Second fox', 'First fox']);
  });

  it('works at 500 px wide: cards, no sideways scrolling, a large delete asks first, axe finds nothing', async () => {
    const options = await openExtensionPage(firefox, 'options.html');
    await options.setViewport({ width: 500, height: 800 });
    const file = join(profile, 'seven.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: 7 }, (_, i) => ({ url: `https://e.com/${i + 1}`, title: `Page ${i + 1}`, createdAt: (i + 1) * 1000 }))));
    const input = await options.$('input#import-file');
    await input!.uploadFile(file);
    await showsIn(options, () => document.querySelector('#transfer-status')?.textContent, 'Imported 7 pages.');
    await showsIn(options, () => document.querySelectorAll('#rows tr').length, 7);

    await showsIn(
      options,
      () => ({
        sideways: document.documentElement.scrollWidth > innerWidth,
        row: getComputedStyle(document.querySelector('#rows tr')!).display,
        sideBelow: document.querySelector('.side')!.getBoundingClientRect().top >= document.querySelector('.table-wrap')!.getBoundingClientRect().bottom,
      }),
      { sideways: false, row: 'grid', sideBelow: true },
    );
    await expectNoAxeViolations(options, 'Firefox, options at 500 px');

    await options.click('#select-page');
    await showsIn(options, () => document.querySelector('#selection-count')?.textContent, '7 selected');
    await options.click('#bulk-delete');
    await showsIn(options, () => document.querySelector<HTMLDialogElement>('#confirm-delete')?.open, true);
    await showsIn(options, () => document.querySelector('#confirm-delete-title')?.textContent, 'Delete 7 pages?');
    await showsIn(options, () => document.activeElement?.textContent, 'Cancel');
    await expectNoAxeViolations(options, 'Firefox, confirmation open');
    await options.keyboard.press('Escape');
    await showsIn(options, () => document.querySelector<HTMLDialogElement>('#confirm-delete')?.open, false);
    expect(await options.evaluate(() => document.querySelectorAll('#rows tr').length)).toBe(7);

    await options.click('#bulk-delete');
    await showsIn(options, () => document.querySelector<HTMLDialogElement>('#confirm-delete')?.open, true);
    await options.click('#confirm-delete-yes');
    await showsIn(options, () => document.querySelector('#toast .toast-text')?.textContent, 'Deleted 7 pages');
    await showsIn(options, () => document.activeElement?.textContent, 'Undo');
    await showsIn(options, () => document.querySelectorAll('#rows tr').length, 0);
  });
});
