// Firefox ESR: the main flows — install, save from the popup, see it live in another open page,
// change it there, and find everything again after a restart on the same profile.
import { afterEach, beforeEach, describe, it } from 'vitest';
import { newProfile, removeProfile } from './chromium';
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
});
