// Chromium: importing from where users come from (Pocket, Instapaper, browser bookmarks), the
// bookmarks export, and what an import says when a write fails or its tab is closed.
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from './axe';
import { closeChromium, hasChromium, launchChromium, openOptions, openPopup, type Chromium } from './chromium';
import { rowByTitle, saveInPopup, tableTitles, target, transferStatus, waitForStatus } from './ui';
import { samplePages } from './sample-pages.mjs';

async function importFile(options: Page, name: string, mimeType: string, text: string): Promise<void> {
  await options.locator('#import-file').setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
}

const problems = (options: Page) => options.locator('#import-problems-list li').allTextContents();
const chips = async (options: Page, title: string) => (await rowByTitle(options, title)).locator('.chip').allTextContents();
const statusOf = async (options: Page, title: string) => (await rowByTitle(options, title)).locator('.status').textContent();
const total = (options: Page) => options.locator('#figure-total').textContent();

describe.skipIf(!hasChromium)('imports in Chromium', () => {
  let browser: Chromium;

  beforeEach(async () => {
    browser = await launchChromium();
  });

  afterEach(() => closeChromium(browser));

  it('imports a Pocket export: tags split on |, archive archived, bad rows reported', async () => {
    const options = await openOptions(browser);
    const csv = [
      'title,url,time_added,tags,status',
      '"Espresso, properly",https://coffee.example/espresso,1709251200,coffee|recipes,unread',
      '"A title with ""quotes""\r\nand a line break",https://news.example/long?utm_source=pocket,1500000000,,archive',
      'No address,,1600000000,,unread',
      ',https://untitled.example/,1600000001,later,unread',
    ].join('\r\n');
    await importFile(options, 'part_000000.csv', 'text/csv', `\ufeff${csv}\r\n`);
    await waitForStatus(options, 'Imported 3 pages. 1 rejected (see below).');
    expect(await problems(options)).toEqual(['Row 4: has no "url".']);
    await expect.poll(() => tableTitles(options)).toEqual(['Espresso, properly', 'https://untitled.example/', 'A title with "quotes" and a line break']);
    expect(await chips(options, 'Espresso, properly')).toEqual(['coffee', 'recipes']);
    expect(await statusOf(options, 'A title with "quotes" and a line break')).toBe('archived');
  });

  it('imports an Instapaper export: its folders become tags, Archive is archived', async () => {
    const options = await openOptions(browser);
    const csv = [
      'URL,Title,Selection,Folder,Timestamp,Tags',
      'https://i.example/1,"One, with a comma",,Unread,1650000000,"[""ml"",""papers""]"',
      'https://i.example/2,Two,"a highlight, quoted",Archive,1650000001,[]',
      'https://i.example/3,Three,,Recipes,1650000002,',
      'https://i.example/4,Four,,Unread,yesterday,[]',
    ].join('\n');
    await importFile(options, 'instapaper-export.csv', 'text/csv', csv);
    await waitForStatus(options, 'Imported 3 pages. 1 rejected (see below).');
    expect(await problems(options)).toEqual(['Row 5: "Timestamp" is not a Unix time: "yesterday".']);
    await expect.poll(() => tableTitles(options)).toEqual(['Three', 'Two', 'One, with a comma']);
    expect(await chips(options, 'One, with a comma')).toEqual(['ml', 'papers']);
    expect(await chips(options, 'Three')).toEqual(['recipes']);
    expect(await statusOf(options, 'Two')).toBe('archived');
  });

  it('imports a browser bookmarks file: folders become tags, links that are no pages are reported', async () => {
    const options = await openOptions(browser);
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://bar.example/" ADD_DATE="1700000001">On the bar</A>
        <DT><H3 ADD_DATE="1700000002">Tech</H3>
        <DL><p>
            <DT><A HREF="https://tech.example/a?x=1&amp;y=2" ADD_DATE="1700000003" TAGS="async">Async &amp; &lt;you&gt;</A>
            <DT><A HREF="javascript:alert(1)">A bookmarklet</A>
        </DL><p>
    </DL><p>
</DL><p>`;
    await importFile(options, 'bookmarks_1_2_26.html', 'text/html', html);
    await waitForStatus(options, 'Imported 2 pages. 1 rejected (see below).');
    expect(await problems(options)).toEqual(['Bookmark 3: "url" "javascript:alert(1)" is not an http, https or file address.']);
    await expect.poll(() => tableTitles(options)).toEqual(['Async & <you>', 'On the bar']);
    expect(await chips(options, 'Async & <you>')).toEqual(['tech', 'async']);
    expect(await chips(options, 'On the bar')).toEqual([]);
  });

  it('exports bookmarks HTML, escaped, that imports back into another browser', async () => {
    const options = await openOptions(browser);
    const hostile = '</A><script>document.title="owned"</script> & "more"';
    await importFile(options, 'list.json', 'application/json', JSON.stringify([
      { url: 'https://e.example/a?q="x"', title: hostile, tags: ['one', 'two'], createdAt: '2024-01-01T00:00:00Z' },
      { url: 'https://e.example/b', title: 'Plain', createdAt: '2024-02-01T00:00:00Z' },
    ]));
    await waitForStatus(options, 'Imported 2 pages.');
    const download = options.waitForEvent('download');
    await options.locator('#export-html').click();
    const file = await download;
    await waitForStatus(options, 'Exported 2 pages.');
    expect(file.suggestedFilename()).toMatch(/^reading-list-\d{4}-\d{2}-\d{2}\.html$/);
    const html = await readFile((await file.path())!, 'utf8');
    expect(html.startsWith('<!DOCTYPE NETSCAPE-Bookmark-file-1>')).toBe(true);
    expect(html).toContain('&lt;/A&gt;&lt;script&gt;document.title=&quot;owned&quot;&lt;/script&gt; &amp; &quot;more&quot;');
    expect(html).not.toContain('<script>');

    const other = await launchChromium();
    try {
      const elsewhere = await openOptions(other);
      await importFile(elsewhere, file.suggestedFilename(), 'text/html', html);
      await waitForStatus(elsewhere, 'Imported 2 pages.');
      await expect.poll(() => tableTitles(elsewhere)).toEqual(['Plain', hostile]);
      expect(await chips(elsewhere, hostile)).toEqual(['one', 'two']);
      expect(await elsewhere.title()).toBe('Reading list library');
    } finally {
      await closeChromium(other);
    }
  });

  it('shows the real error when writes time out, and never calls its own pages duplicates', async () => {
    const options = await openOptions(browser);
    await expect.poll(() => total(options)).toBe('0');
    // Another extension page holds a write transaction on the pages store: the background's
    // writes wait behind it, so the import's write is applied in memory but never confirmed.
    const blocker = await openOptions(browser);
    await blocker.evaluate(
      () =>
        new Promise<void>((ready, fail) => {
          const open = indexedDB.open('ramify-reading-list');
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const store = open.result.transaction('pages', 'readwrite').objectStore('pages');
            const spin = () => {
              if (!(window as unknown as { unblock?: boolean }).unblock) store.count().onsuccess = spin;
            };
            spin();
            ready();
          };
        }),
    );
    await importFile(options, 'thirty.json', 'application/json', JSON.stringify(samplePages(30)));
    await waitForStatus(
      options,
      'The import stopped after 0 of 30 records: the reading list did not answer in time. Imported 30 pages. Those include records 1 to 30, written although the reading list did not confirm it. Import the file again to add the rest: pages already imported are recognised and skipped.',
    );
    expect(await options.locator('#import-problems').isHidden()).toBe(true);
    await blocker.evaluate(() => void ((window as unknown as { unblock: boolean }).unblock = true));
    await expect.poll(() => total(options)).toBe('30');

    // Once the disk is free the pages are written: a save acknowledged after that (durable, and
    // so is everything before it) finds them there after a restart.
    await saveInPopup(await openPopup(browser, target(1)));
    await browser.close();
    browser = await launchChromium(browser.profile);
    await expect.poll(async () => total(await openOptions(browser)), { timeout: 30_000 }).toBe('31');
  });

  it('says what an import cut short by a closed tab did, and importing again adds the rest', async () => {
    const records = samplePages(12_000);
    const file = JSON.stringify(records);
    let options = await openOptions(browser);
    await importFile(options, 'big.json', 'application/json', file);
    await expect.poll(() => transferStatus(options), { timeout: 60_000 }).toMatch(/^Importing ([1-9]|1[01]),\d{3} of 12,000…$/);
    await options.close();

    options = await openOptions(browser);
    const notice = options.locator('#import-notices .import-notice');
    await expect.poll(() => notice.locator('p').textContent(), { timeout: 30_000 }).toMatch(
      /^The import of “big\.json” started .+ at .+ was interrupted when its page closed, after [\d,]+ of 12,000 records\. Imported [\d,]+ pages\. Import the file again to add the rest: pages already imported are recognised and skipped\.$/,
    );
    await expectNoAxeViolations(options, 'the notice of an interrupted import');
    const text = (await notice.locator('p').textContent())!;
    const [, done, imported] = /after ([\d,]+) of .* Imported ([\d,]+) pages/.exec(text)!;
    expect(imported).toBe(done);
    await expect.poll(() => total(options)).toBe(imported);

    const count = Number(imported.replace(/,/g, ''));
    await importFile(options, 'big.json', 'application/json', file);
    await waitForStatus(options, `Imported ${(12_000 - count).toLocaleString('en-US')} pages. ${imported} were already in the library.`);
    await expect.poll(() => total(options)).toBe('12,000');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => options.locator('#import-notices').isHidden()).toBe(true);
  });

  it('asks before the tab closes during an import, and Cancel stops it after a batch', async () => {
    const options = await openOptions(browser);
    const [chooser] = await Promise.all([options.waitForEvent('filechooser'), options.locator('#import').click()]);
    await chooser.setFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(samplePages(12_000))) });
    await expect.poll(() => transferStatus(options), { timeout: 60_000 }).toMatch(/^Importing [1-9],\d{3} of 12,000…$/);
    await expectNoAxeViolations(options, 'an import running, with its Cancel button');

    const dialog = options.waitForEvent('dialog');
    await options.close({ runBeforeUnload: true });
    const asked = await dialog;
    expect(asked.type()).toBe('beforeunload');
    await asked.dismiss();
    expect(options.isClosed()).toBe(false);

    await options.locator('#import-cancel').click();
    await expect.poll(() => transferStatus(options), { timeout: 60_000 }).toMatch(
      /^Import cancelled after ([\d,]+) of 12,000 records\. Imported \1 pages\. Import the file again to add the rest: pages already imported are recognised and skipped\.$/,
    );
    const done = /after ([\d,]+) of/.exec(await transferStatus(options))![1];
    await expect.poll(() => total(options)).toBe(done);
    await expect.poll(() => options.locator('#import-cancel').isHidden(), { timeout: 30_000 }).toBe(true);

    // Nothing runs any more: the tab closes without asking.
    let askedAgain = false;
    options.on('dialog', (d) => {
      askedAgain = true;
      void d.accept();
    });
    await options.close({ runBeforeUnload: true });
    await expect.poll(() => options.isClosed()).toBe(true);
    expect(askedAgain).toBe(false);
  });
});
