// @vitest-environment jsdom
import { describe, it, expect } from 'vitest';
import { readImportFile } from '../../src/app/import-file';
import { bookmarkLine, bookmarksStart, BOOKMARKS_END, escapeHtml } from '../../src/app/bookmarks';
import { makePage } from '../../src/app/page';
import { saveableUrl } from '../../src/app/url';
import { NOW, pagesOf, reasons } from './import-fixtures';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const read = (html: string) => readImportFile(html, parse);

// As Chrome writes it (Firefox's is the same with TAGS on bookmarks and an H1 root).
const CHROME_EXPORT = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000" LAST_MODIFIED="1700000100" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://a.example/" ADD_DATE="1700000001" ICON="data:image/png;base64,AAAA">On the bar</A>
        <DT><H3 ADD_DATE="1700000002">Tech</H3>
        <DL><p>
            <DT><H3 ADD_DATE="1700000003">Rust</H3>
            <DL><p>
                <DT><A HREF="https://b.example/async?x=1&amp;y=2" ADD_DATE="1700000004" LAST_MODIFIED="1700000500" TAGS="async,tokio">Async &amp; you &lt;3</A>
            </DL><p>
        </DL><p>
    </DL><p>
    <DT><H3 ADD_DATE="1700000005" UNFILED_BOOKMARKS_FOLDER="true">Other bookmarks</H3>
    <DL><p>
        <DT><A HREF="https://c.example/">Undated</A>
        <DD>A description that is not a title
    </DL><p>
</DL><p>
`;

describe('bookmarks HTML import', () => {
  it('reads address, title, ADD_DATE and LAST_MODIFIED; folders and TAGS become tags', () => {
    const source = read(CHROME_EXPORT);
    expect(source.kind).toBe('a bookmarks file');
    expect(pagesOf(source)).toEqual([
      { url: 'https://a.example/', title: 'On the bar', tags: [], status: 'unread', createdAt: '2023-11-14T22:13:21.000Z', updatedAt: '2023-11-14T22:13:21.000Z' },
      {
        url: 'https://b.example/async?x=1&y=2',
        title: 'Async & you <3',
        tags: ['tech', 'rust', 'async', 'tokio'],
        status: 'unread',
        createdAt: '2023-11-14T22:13:24.000Z',
        updatedAt: '2023-11-14T22:21:40.000Z',
      },
      { url: 'https://c.example/', title: 'Undated', tags: [], status: 'unread', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() },
    ]);
  });

  it('reports links that cannot be saved, and bad dates, one by one', () => {
    const source = read(`<DL><p>
      <DT><A HREF="place:sort=8&maxResults=10">Most Visited</A>
      <DT><A HREF="javascript:void(0)">Bookmarklet</A>
      <DT><A NAME="x">No address</A>
      <DT><A HREF="https://ok.example/" ADD_DATE="soon">Bad date</A>
      <DT><A HREF="https://ok.example/2">Fine</A>
    </DL>`);
    expect(reasons(source)).toEqual([
      'Bookmark 1: "url" "place:sort=8&maxResults=10" is not an http, https or file address',
      'Bookmark 2: "url" "javascript:void(0)" is not an http, https or file address',
      'Bookmark 3: has no "url"',
      'Bookmark 4: "ADD_DATE" is not a Unix time: "soon"',
    ]);
    expect(source.count).toBe(5);
  });

  it('walks up any depth of folders without recursion, taking the 10 innermost as tags', () => {
    const depth = 300;
    const html = `${Array.from({ length: depth }, (_, i) => `<DL><p><DT><H3>f${i}</H3>`).join('')}<DL><p><DT><A HREF="https://deep.example/">Deep</A>${'</DL>'.repeat(depth + 1)}`;
    const [page] = pagesOf(read(html));
    expect(page.url).toBe('https://deep.example/');
    expect(page.tags).toEqual(Array.from({ length: 10 }, (_, i) => `f${depth - 10 + i}`));
  });

  it('reads 10,000 bookmarks from a file with a byte order mark and CRLF line ends', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `<DT><A HREF="https://e.com/${i}" ADD_DATE="${1_700_000_000 + i}">Title &quot;${i}&quot;, with a comma</A>`);
    const pages = pagesOf(read(`\ufeff<!DOCTYPE NETSCAPE-Bookmark-file-1>\r\n<DL><p>\r\n${lines.join('\r\n')}\r\n</DL><p>`));
    expect(pages).toHaveLength(10_000);
    expect(pages[9_999]).toMatchObject({ url: 'https://e.com/9999', title: 'Title "9999", with a comma' });
  });

  it('says so when an HTML file holds no link', () => {
    expect(() => read('<html><body><p>Hello</p></body></html>')).toThrow('The HTML file holds no bookmarks (no links).');
  });
});

describe('bookmarks HTML export', () => {
  it('escapes every text and attribute', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('writes a file that browsers and this import read back to the same pages, hostile titles included', () => {
    const pages = [
      makePage({ url: saveableUrl('https://e.com/a?x=1&y="2"&z=<3>')!, title: '</A><script>alert(1)</script> & "quotes"', tags: ['one', 'two'], createdAt: new Date('2024-01-01T00:00:00Z') }, NOW),
      makePage({ url: saveableUrl("https://e.com/b'c")!, title: 'Plain', createdAt: new Date('2024-02-01T00:00:00Z'), updatedAt: new Date('2024-03-01T00:00:00Z') }, NOW),
    ];
    const html = bookmarksStart() + pages.map(bookmarkLine).join('') + BOOKMARKS_END;
    const document = parse(html);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(pagesOf(readImportFile(html, parse))).toEqual(
      pages.map(({ url, title, tags, status, createdAt, updatedAt }) => ({ url, title, tags, status, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() })),
    );
  });
});
