// Chromium: Tab notes (examples/tab-notes), the second example extension, built from the packed
// packages only (its build packs them, installs the tarballs outside the repository and checks
// that no repository source reached the bundles). A note written in the popup shows in the notes
// page without a reload, an edit from a second page shows in both, a worker stop changes nothing
// on screen, search, delete and undo, and axe finds nothing in either page, light or dark.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, succeed } from '../packages/pack.mjs';
import { expectNoAxeViolations } from './axe';
import { closeChromium, hasChromium, launchChromium, newProfile, stopAllWorkers, type Chromium } from './chromium';
import { markLoaded, notReloaded } from './ui';

const MINUTES = 60_000;
/** Live updates arrive asynchronously; on a loaded machine a round trip through the worker can take seconds. */
const SHOWN = { timeout: 15_000 };

let dist: string;

beforeAll(async () => {
  if (!hasChromium) return;
  dist = mkdtempSync(join(tmpdir(), 'tab-notes-dist-'));
  await succeed(process.execPath, [join(ROOT, 'examples', 'tab-notes', 'build.mjs'), '--out', dist], ROOT);
}, 6 * MINUTES);

afterAll(() => {
  if (dist !== undefined) rmSync(dist, { recursive: true, force: true });
});

/** The notes page's list as it reads: each note's site and text. */
const listed = (page: Page) => page.$$eval('.note', (notes) => notes.map((note) => `${note.querySelector('h3')?.textContent}: ${note.querySelector('.text')?.textContent}`));

const noteField = (popup: Page) => popup.getByLabel('Note for');

describe.skipIf(!hasChromium)('Tab notes, built from the packed packages, in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium(newProfile(), dist);
  });

  afterEach(() => closeChromium(browser));

  /** The popup for `origin`, opened as a tab at a toolbar popup's size. */
  async function openPopup(origin: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html?${new URLSearchParams({ origin })}`);
    await expect.poll(() => noteField(page).count(), SHOWN).toBe(1);
    return page;
  }

  async function openNotes(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/notes.html`);
    await expect.poll(() => page.locator('[aria-busy="false"]').count(), SHOWN).toBe(1);
    return page;
  }

  async function writeNote(popup: Page, text: string): Promise<void> {
    await noteField(popup).fill(text);
    await popup.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => popup.getByRole('status').last().textContent(), SHOWN).toBe('Saved.');
  }

  it('names the site in the popup from its origin, and starts with an empty note', async () => {
    const popup = await openPopup('https://news.example/articles/1?ref=x');
    expect(await popup.locator('label[for="note"]').textContent()).toBe('Note for news.example');
    expect(await noteField(popup).inputValue()).toBe('');
    expect(await popup.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
  });

  it('says the popup has no site for a tab that is not a web page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html?origin=chrome%3A%2F%2Fsettings`);
    await expect.poll(() => page.locator('main').textContent(), SHOWN).toBe('Notes are kept per web site, and this tab is not showing one.');
  });

  it('shows a note saved in the popup in the open notes page without a reload', async () => {
    const notes = await openNotes();
    expect(await notes.locator('main .message').textContent()).toBe('No notes yet. Open Tab notes from the toolbar on a site to write its note.');
    await markLoaded(notes);

    await writeNote(await openPopup('https://news.example'), 'Read the weekend edition');

    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: Read the weekend edition']);
    await expect.poll(() => notes.locator('#count').textContent(), SHOWN).toBe('1 note');
    expect(await notReloaded(notes)).toBe(true);
  });

  it('shows an edit made in a second popup in the first popup and the notes page', async () => {
    const first = await openPopup('https://news.example');
    await writeNote(first, 'first version');
    const notes = await openNotes();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: first version']);
    await markLoaded(first);
    await markLoaded(notes);

    const second = await openPopup('https://news.example');
    expect(await noteField(second).inputValue()).toBe('first version');
    await writeNote(second, 'second version, from another window');

    await expect.poll(() => noteField(first).inputValue(), SHOWN).toBe('second version, from another window');
    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: second version, from another window']);
    expect([await notReloaded(first), await notReloaded(notes)]).toEqual([true, true]);
  });

  it('keeps what is typed in a popup when another window saves the same note, and says so', async () => {
    const first = await openPopup('https://news.example');
    await writeNote(first, 'saved');
    await noteField(first).fill('typing, not saved yet');

    await writeNote(await openPopup('https://news.example'), 'saved elsewhere');

    await expect.poll(() => first.locator('.warning').textContent(), SHOWN).toBe('This note was changed in another window; saving replaces that version.');
    expect(await noteField(first).inputValue()).toBe('typing, not saved yet');
  });

  it('keeps the list on screen through a worker stop, follows a later edit, and has the note after a reload', async () => {
    const popup = await openPopup('https://news.example');
    await writeNote(popup, 'before the stop');
    const notes = await openNotes();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: before the stop']);
    // Every different list the page shows from here on, and whether it ever says it is loading.
    await notes.evaluate(() => {
      const seen: string[] = [];
      const read = () => [...document.querySelectorAll('.note')].map((note) => note.textContent).join(' | ') + (document.querySelector('[aria-busy="true"]') ? ' (loading)' : '');
      new MutationObserver(() => {
        const now = read();
        if (seen.at(-1) !== now) seen.push(now);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      (window as unknown as { listsShown: string[] }).listsShown = seen;
    });

    await stopAllWorkers(browser.context, notes);
    await popup.reload();
    await expect.poll(() => noteField(popup).inputValue(), SHOWN).toBe('before the stop');
    await writeNote(popup, 'after the stop');

    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: after the stop']);
    const shown = await notes.evaluate(() => (window as unknown as { listsShown: string[] }).listsShown);
    expect(shown.map((list) => list.replace(/Updated .*?Delete$/, 'Updated … Delete'))).toEqual(['news.exampleafter the stopUpdated … Delete']);

    await stopAllWorkers(browser.context, notes);
    await notes.reload();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: after the stop']);
  });

  it('finds notes by any words of their site or text, in any case', async () => {
    await writeNote(await openPopup('https://news.example'), 'Weekend edition');
    await writeNote(await openPopup('https://recipes.example'), 'Bread for the weekend');
    await writeNote(await openPopup('http://localhost:8080'), 'Dev server');
    const notes = await openNotes();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['http://localhost:8080: Dev server', 'recipes.example: Bread for the weekend', 'news.example: Weekend edition']);

    const search = notes.getByLabel('Search notes');
    await search.fill('WEEKEND');
    expect(await listed(notes)).toEqual(['recipes.example: Bread for the weekend', 'news.example: Weekend edition']);
    expect(await notes.locator('#list-heading').textContent()).toBe('2 notes found');
    await search.fill('weekend recipes');
    expect(await listed(notes)).toEqual(['recipes.example: Bread for the weekend']);
    await search.fill('nothing like this');
    expect(await listed(notes)).toEqual([]);
    expect(await notes.locator('main .message').textContent()).toBe('No note matches “nothing like this”.');
    await search.fill('');
    expect(await notes.locator('#list-heading').textContent()).toBe('All notes');
    expect(await notes.locator('#count').textContent()).toBe('3 notes');
  });

  it('deletes a note from the notes page and brings it back with Undo, from the keyboard', async () => {
    await writeNote(await openPopup('https://news.example'), 'Keep this one');
    await writeNote(await openPopup('https://recipes.example'), 'And this one');
    const notes = await openNotes();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['recipes.example: And this one', 'news.example: Keep this one']);

    await notes.getByRole('button', { name: 'Delete the note for news.example' }).focus();
    await notes.keyboard.press('Enter');
    await expect.poll(() => listed(notes), SHOWN).toEqual(['recipes.example: And this one']);
    await expect.poll(() => notes.locator('.toast').textContent(), SHOWN).toBe('Deleted the note for news.example.Undo');
    await expect.poll(() => notes.evaluate(() => document.activeElement?.textContent), SHOWN).toBe('Undo');

    await notes.keyboard.press('Enter');
    await expect.poll(() => notes.locator('.toast').textContent(), SHOWN).toBe('Restored the note for news.example.');
    expect(await listed(notes)).toEqual(['recipes.example: And this one', 'news.example: Keep this one']);
    await notes.reload();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['recipes.example: And this one', 'news.example: Keep this one']);
  });

  it('does not restore a deleted note over one written for the site since', async () => {
    await writeNote(await openPopup('https://news.example'), 'old note');
    const notes = await openNotes();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: old note']);
    await notes.getByRole('button', { name: 'Delete the note for news.example' }).click();
    await expect.poll(() => listed(notes), SHOWN).toEqual([]);

    await writeNote(await openPopup('https://news.example'), 'new note');
    await notes.getByRole('button', { name: 'Undo' }).click();

    await expect.poll(() => notes.locator('.toast').textContent(), SHOWN).toBe('Not restored: news.example has a newer note.');
    expect(await listed(notes)).toEqual(['news.example: new note']);
  });

  it('fits both pages in 360 px without scrolling sideways, a long note and site included', async () => {
    const popup = await openPopup('https://a-rather-long-subdomain.of-a-long-site-name.example');
    await writeNote(popup, `${'word '.repeat(40)}${'x'.repeat(120)}`);
    const notes = await openNotes();
    await expect.poll(() => notes.locator('.note').count(), SHOWN).toBe(1);
    const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const page of [popup, notes]) await page.setViewportSize({ width: 360, height: 640 });
    expect([await overflow(popup), await overflow(notes)]).toEqual([0, 0]);
  });

  it('finds no axe violations in the popup and the notes page, light and dark', async () => {
    const popup = await openPopup('https://news.example');
    await writeNote(popup, 'A note to check');
    const notes = await openNotes();
    await expect.poll(() => listed(notes), SHOWN).toEqual(['news.example: A note to check']);
    await notes.getByRole('button', { name: 'Delete the note for news.example' }).click();
    await expect.poll(() => notes.locator('.toast button').count(), SHOWN).toBe(1);
    for (const colorScheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme });
      await notes.emulateMedia({ colorScheme });
      await expectNoAxeViolations(popup, `popup with a saved note, ${colorScheme}`);
      await expectNoAxeViolations(notes, `notes page, a note deleted with Undo offered, ${colorScheme}`);
    }
  });
});
