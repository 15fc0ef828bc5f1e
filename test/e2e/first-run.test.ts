// Chromium: a fresh install's popup says what the extension does and how to save the first page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeChromium, hasChromium, launchChromium, openPopup, type Chromium } from './chromium';
import { listTitles, saveInPopup, target } from './ui';

describe.skipIf(!hasChromium)('the popup on a fresh install in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('explains the extension and the three ways to save a first page, with the real shortcut', async () => {
    const popup = await openPopup(browser, target(1));
    const note = popup.locator('#first-run');
    await note.waitFor();
    expect(await popup.locator('#list-heading').textContent()).toBe('Getting started');
    expect(await note.locator('h3').textContent()).toBe('Keep pages to read later');
    expect(await note.locator('li').allTextContents()).toEqual([
      'Save at the top of this window saves the tab you are on.',
      'Right-click a page or a link and choose Save to reading list.',
      'Press Alt+Shift+S on any page.',
    ]);
    expect(await popup.locator('#list-message').isVisible()).toBe(false);
    expect(await popup.locator('#list-count').isVisible()).toBe(false);
  });

  it('gives way to the list once a page is saved', async () => {
    const popup = await openPopup(browser, target(1));
    await popup.locator('#first-run').waitFor();
    await saveInPopup(popup);
    await expect.poll(() => listTitles(popup)).toEqual(['Article number 1']);
    expect(await popup.locator('#first-run').isVisible()).toBe(false);
    expect(await popup.locator('#list-heading').textContent()).toBe('Unread');
  });

  it('says there is nothing left to read, not the first-run note, when every page is read', async () => {
    const popup = await openPopup(browser, target(1));
    await saveInPopup(popup);
    await popup.locator('.current-actions').getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => popup.locator('#list-message').textContent()).toBe('Nothing left to read. Pages you save show up here.');
    expect(await popup.locator('#first-run').isVisible()).toBe(false);
    expect(await popup.locator('#list-heading').textContent()).toBe('Unread');
  });
});
