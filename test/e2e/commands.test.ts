// Chromium: the keyboard commands the manifest declares are registered with their shortcuts.
// (Headless Chromium cannot press a command's shortcut or click a context-menu item; the save they
// trigger is unit-tested in test/app.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeChromium, hasChromium, launchChromium, openOptions, type Chromium } from './chromium';

describe.skipIf(!hasChromium)('keyboard commands in Chromium', () => {
  let browser: Chromium;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(() => closeChromium(browser));

  it('registers the save-page command on Alt+Shift+S and the popup on Alt+Shift+L', async () => {
    const page = await openOptions(browser);
    const commands = await page.evaluate(async () => {
      const all = await (globalThis as unknown as { chrome: { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } } }).chrome.commands.getAll();
      return all.map(({ name, shortcut }) => ({ name, shortcut })).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    });
    expect(commands).toEqual([
      { name: '_execute_action', shortcut: 'Alt+Shift+L' },
      { name: 'save-page', shortcut: 'Alt+Shift+S' },
    ]);
  });
});
