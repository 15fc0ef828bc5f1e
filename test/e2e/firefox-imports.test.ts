// Firefox ESR: importing a JSON export and a browser bookmarks file through the options page's
// file input, with the same report and duplicate handling as in Chromium.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { newProfile, removeProfile } from './chromium';
import { hasFirefox, launchFirefox, openExtensionPage, showsIn, type Firefox } from './firefox';

const titles = () => Array.from(document.querySelectorAll('#rows td.title a'), (a) => a.textContent);
const status = () => document.querySelector('#transfer-status')?.textContent;
const problems = () => Array.from(document.querySelectorAll('#import-problems-list li'), (li) => li.textContent);

describe.skipIf(!hasFirefox)('imports in Firefox ESR', () => {
  let profile: string;
  let files: string;
  let firefox: Firefox;

  beforeEach(async () => {
    profile = newProfile();
    files = await mkdtemp(join(tmpdir(), 'reading-list-files-'));
    firefox = await launchFirefox(profile, crypto.randomUUID());
  });

  afterEach(async () => {
    await firefox.close().catch(() => undefined);
    removeProfile(profile);
    await rm(files, { recursive: true, force: true });
  });

  async function importFile(options: Page, name: string, text: string): Promise<void> {
    const path = join(files, name);
    await writeFile(path, text);
    const input = await options.$('input#import-file');
    await input!.uploadFile(path);
  }

  it('imports a JSON file, reporting a bad record and a page already there', async () => {
    const options = await openExtensionPage(firefox, 'options.html');
    await showsIn(options, () => document.querySelector('#table-message')?.textContent?.startsWith('Your reading list is empty'), true);
    await importFile(options, 'list.json', JSON.stringify([
      { id: 'same', url: 'https://fox.example/1', title: 'Fox one', createdAt: 2000 },
      { id: 'same', url: 'https://fox.example/2', title: 'Fox two', createdAt: 1000 },
      { url: 'about:config' },
    ]));
    await showsIn(options, status, 'Imported 2 pages. 1 rejected (see below).');
    await showsIn(options, problems, ['Record 3: "url" "about:config" is not an http, https or file address.']);
    await showsIn(options, titles, ['Fox one', 'Fox two']);

    await importFile(options, 'again.json', JSON.stringify([{ url: 'https://fox.example/1?utm_source=x', title: 'Again' }]));
    await showsIn(options, status, 'Imported 0 pages. 1 was already in the library.');
  });

  it('imports a bookmarks file with its folders as tags', async () => {
    const options = await openExtensionPage(firefox, 'options.html');
    await showsIn(options, () => document.querySelector('#table-message')?.textContent?.startsWith('Your reading list is empty'), true);
    await importFile(
      options,
      'bookmarks.html',
      `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>
<DL><p>
    <DT><A HREF="place:parent=menu________&amp;sort=8&amp;maxResults=10" ADD_DATE="1700000000">Recently bookmarked</A>
    <DT><H3 ADD_DATE="1700000001" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DL><p>
        <DT><H3 ADD_DATE="1700000002">Reading</H3>
        <DL><p>
            <DT><A HREF="https://fox.example/essay" ADD_DATE="1700000003" TAGS="long">An essay &amp; notes</A>
        </DL><p>
    </DL><p>
</DL>`,
    );
    await showsIn(options, status, 'Imported 1 page. 1 rejected (see below).');
    await showsIn(options, titles, ['An essay & notes']);
    await showsIn(options, () => Array.from(document.querySelectorAll('#rows .chip'), (c) => c.textContent), ['reading', 'long']);
  });
});
