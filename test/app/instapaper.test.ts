import { describe, it, expect } from 'vitest';
import { readImportFile } from '../../src/app/import-file';
import { awkwardTitle, csvLines, NOW, pagesOf, reasons } from './import-fixtures';

const read = (text: string) =>
  readImportFile(text, () => {
    throw new Error('not HTML');
  });
const HEADER = ['URL', 'Title', 'Selection', 'Folder', 'Timestamp', 'Tags'];

describe('Instapaper CSV import', () => {
  it('reads URL, Title, Timestamp (seconds) and Tags (a JSON list); Archive is archived', () => {
    const source = read(
      csvLines([
        HEADER,
        ['https://i.com/1', 'One, with a comma', 'a highlight', 'Unread', '1650000000', '["ml","papers"]'],
        ['https://i.com/2', 'Two', '', 'Archive', '1650000001', '[]'],
      ]),
    );
    expect(source.kind).toBe('an Instapaper export');
    expect(pagesOf(source)).toEqual([
      { url: 'https://i.com/1', title: 'One, with a comma', tags: ['ml', 'papers'], status: 'unread', createdAt: '2022-04-15T05:20:00.000Z', updatedAt: '2022-04-15T05:20:00.000Z' },
      { url: 'https://i.com/2', title: 'Two', tags: [], status: 'archived', createdAt: '2022-04-15T05:20:01.000Z', updatedAt: '2022-04-15T05:20:01.000Z' },
    ]);
  });

  it('turns Starred into a tag and a folder of the user into a tag, both unread', () => {
    const source = read(csvLines([HEADER, ['https://i.com/3', 'Three', '', 'Recipes', '1650000002', '["quick"]'], ['https://i.com/4', 'Four', '', 'Starred', '1650000003', '']]));
    expect(pagesOf(source).map((p) => [p.tags, p.status])).toEqual([
      [['recipes', 'quick'], 'unread'],
      [['starred'], 'unread'],
    ]);
  });

  it('reads the older export without Timestamp and Tags', () => {
    const source = read('URL,Title,Selection,Folder\r\nhttps://i.com/old,Old one,,Unread\r\n');
    expect(pagesOf(source)).toEqual([{ url: 'https://i.com/old', title: 'Old one', tags: [], status: 'unread', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() }]);
  });

  it('reports bad rows one by one and keeps the good ones', () => {
    const source = read(
      csvLines([
        HEADER,
        ['https://i.com/1', 'Good', '', 'Unread', '1650000000', '[]'],
        ['https://i.com/2', 'Bad tags', '', 'Unread', '1650000000', '["unclosed'],
        ['https://i.com/3', 'Bad time', '', 'Unread', '-5', '[]'],
        ['https://i.com/4', 'Numbers as tags', '', 'Unread', '1650000000', '[1,2]'],
        ['ftp://i.com/5', 'Not saveable', '', 'Unread', '1650000000', '[]'],
      ]),
    );
    expect(reasons(source)).toEqual([
      'Row 3: "Tags" is not a list of text: "[\\"unclosed"',
      'Row 4: "Timestamp" is not a Unix time: "-5"',
      'Row 5: "Tags" is not a list of text: "[1,2]"',
      'Row 6: "url" "ftp://i.com/5" is not an http, https or file address',
    ]);
  });

  it('reads 10,000 rows with a byte order mark, CRLF, and quotes, commas and line breaks in titles', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`https://i.com/${i}`, awkwardTitle(i), i % 7 ? '' : 'a "quoted", selection\nover lines', i % 4 ? 'Unread' : 'Archive', String(1_650_000_000 + i), i % 2 ? '["x","y"]' : '[]']);
    const pages = pagesOf(read(`\ufeff${csvLines([HEADER, ...rows], '\r\n')}`));
    expect(pages).toHaveLength(10_000);
    expect(pages[0]).toMatchObject({ url: 'https://i.com/0', title: 'He said "hi", then 0', status: 'archived', tags: [] });
    expect(pages[1]).toMatchObject({ title: 'Line one line two, part 1', tags: ['x', 'y'], status: 'unread' });
    expect(pages[9_999].createdAt).toBe(new Date((1_650_000_000 + 9_999) * 1000).toISOString());
  });
});
