import { describe, it, expect } from 'vitest';
import { readImportFile } from '../../src/app/import-file';
import { awkwardTitle, csvLines, NOW, pagesOf, reasons } from './import-fixtures';

const noHtml = (): Document => {
  throw new Error('not HTML');
};
const read = (text: string) => readImportFile(text, noHtml);

const HEADER = ['title', 'url', 'time_added', 'tags', 'status'];

describe('Pocket CSV import', () => {
  it('reads title, url, time_added (seconds), tags split on | and status', () => {
    const source = read(
      csvLines([
        HEADER,
        ['Hoarder App', 'https://github.com/hoarder-app', '1728576752', '', 'unread'],
        ['A self-hostable app, with "AI"', 'https://github.com/hoarder-app/hoarder', '1728576753', 'opensource|withÄumlaut|with space', 'archive'],
      ]),
    );
    expect(source.kind).toBe('a Pocket export');
    expect(pagesOf(source)).toEqual([
      { url: 'https://github.com/hoarder-app', title: 'Hoarder App', tags: [], status: 'unread', createdAt: '2024-10-10T16:12:32.000Z', updatedAt: '2024-10-10T16:12:32.000Z' },
      {
        url: 'https://github.com/hoarder-app/hoarder',
        title: 'A self-hostable app, with "AI"',
        tags: ['opensource', 'withäumlaut', 'with space'],
        status: 'archived',
        createdAt: '2024-10-10T16:12:33.000Z',
        updatedAt: '2024-10-10T16:12:33.000Z',
      },
    ]);
  });

  it('reads the older export with its cursor column, columns found by name', () => {
    const source = read('title,url,time_added,cursor,tags,status\r\nOld,https://e.com/old,1500000000,7187623980,history,archive\r\n');
    expect(pagesOf(source)).toEqual([
      { url: 'https://e.com/old', title: 'Old', tags: ['history'], status: 'archived', createdAt: '2017-07-14T02:40:00.000Z', updatedAt: '2017-07-14T02:40:00.000Z' },
    ]);
  });

  it('reads a file with a byte order mark and CRLF line ends, and a url with commas in quotes', () => {
    const source = read('\ufefftitle,url,time_added,tags,status\r\nSome Website,"https://e.com/with,commas,in,the,url",1728576752,,unread\r\n');
    expect(pagesOf(source).map((p) => p.url)).toEqual(['https://e.com/with,commas,in,the,url']);
  });

  it('fills what is missing: no title, no date, no status, a short row', () => {
    const source = read('title,url,time_added,tags,status\n,https://e.com/a,,,\n"",https://e.com/b\n');
    expect(pagesOf(source)).toEqual([
      { url: 'https://e.com/a', title: 'https://e.com/a', tags: [], status: 'unread', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() },
      { url: 'https://e.com/b', title: 'https://e.com/b', tags: [], status: 'unread', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() },
    ]);
  });

  it('reports each bad row by its spreadsheet row number and keeps the good ones', () => {
    const source = read(
      csvLines([
        HEADER,
        ['Good', 'https://e.com/1', '1700000000', '', 'unread'],
        ['No address', '', '1700000000', '', 'unread'],
        ['Bad time', 'https://e.com/3', 'yesterday', '', 'unread'],
        ['Bad status', 'https://e.com/4', '1700000000', '', 'favourite'],
        ['Script', 'javascript:alert(1)', '1700000000', '', 'unread'],
        ['Good too', 'https://e.com/6', '1700000000', '', 'archive'],
      ]),
    );
    expect(reasons(source)).toEqual([
      'Row 3: has no "url"',
      'Row 4: "time_added" is not a Unix time: "yesterday"',
      'Row 5: "status" must be unread or archive, got "favourite"',
      'Row 6: "url" "javascript:alert(1)" is not an http, https or file address',
    ]);
    expect(source.count).toBe(6);
  });

  it('reports a row whose quote is never closed', () => {
    const source = read('title,url,time_added,tags,status\nGood,https://e.com/1,1,,unread\n"Broken,https://e.com/2,1,,unread\n');
    expect(reasons(source)).toEqual([expect.stringMatching(/^Row 3: has a quote that is never closed/)]);
    expect(pagesOf({ ...source, count: 1 }).map((p) => p.url)).toEqual(['https://e.com/1']);
  });

  it('reads 10,000 rows with quotes, commas and line breaks in titles', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [awkwardTitle(i), `https://e.com/${i}`, String(1_600_000_000 + i), i % 2 ? 'a|b' : '', i % 5 ? 'unread' : 'archive']);
    const source = read(csvLines([HEADER, ...rows], '\r\n'));
    const pages = pagesOf(source);
    expect(pages).toHaveLength(10_000);
    expect(pages[0]).toMatchObject({ title: 'He said "hi", then 0', status: 'archived', tags: [] });
    expect(pages[1]).toMatchObject({ title: 'Line one line two, part 1', tags: ['a', 'b'], url: 'https://e.com/1' });
    expect(pages[9_999]).toMatchObject({ url: 'https://e.com/9999', createdAt: new Date((1_600_000_000 + 9_999) * 1000).toISOString() });
  });

  it('never lets a column name reach an object prototype', () => {
    const source = read('title,url,time_added,__proto__,constructor\nT,https://e.com/x,1,{"polluted":1},x\n');
    expect(pagesOf(source)).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
