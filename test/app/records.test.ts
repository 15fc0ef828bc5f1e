import { describe, it, expect } from 'vitest';
import { EXPORT_END, exportRecord, exportStart, importRecords, pageFromRecord } from '../../src/app/records';
import { makePage } from '../../src/app/page';

const now = new Date('2025-03-01T10:00:00Z');

function reason(record: unknown): string | undefined {
  const check = pageFromRecord(record, now);
  return check.ok ? undefined : check.reason;
}

describe('pageFromRecord', () => {
  it('builds a page from a full record', () => {
    const check = pageFromRecord(
      {
        id: 'a1',
        url: 'https://example.com/post',
        title: 'Post',
        tags: ['X'],
        status: 'read',
        createdAt: '2024-01-02T03:04:05.000Z',
        updatedAt: '2024-02-02T03:04:05.000Z',
      },
      now,
    );
    expect(check).toEqual({
      ok: true,
      page: {
        id: 'a1',
        url: 'https://example.com/post',
        title: 'Post',
        domain: 'example.com',
        tags: ['x'],
        status: 'read',
        createdAt: new Date('2024-01-02T03:04:05.000Z'),
        updatedAt: new Date('2024-02-02T03:04:05.000Z'),
        words: ['post', 'x', 'example', 'com'],
        titleKey: 'post',
        urlKey: 'https://example.com/post',
      },
    });
  });

  it('fills defaults for a record with only a url', () => {
    const check = pageFromRecord({ url: 'https://example.com/' }, now);
    expect(check.ok && [check.page.title, check.page.status, check.page.tags, check.page.createdAt]).toEqual([
      'https://example.com/',
      'unread',
      [],
      now,
    ]);
  });

  it('accepts dates as milliseconds', () => {
    const check = pageFromRecord({ url: 'https://example.com/', createdAt: 0 }, now);
    expect(check.ok && check.page.createdAt).toEqual(new Date(0));
  });

  it('ignores domain and words in the file and derives them again', () => {
    const check = pageFromRecord({ url: 'https://a.org/b', title: 'T', domain: 'evil', words: ['x'] }, now);
    expect(check.ok && [check.page.domain, check.page.words]).toEqual(['a.org', ['t', 'a', 'org', 'b']]);
  });

  it('rejects what is not an object', () => {
    expect([reason(null), reason([1]), reason('x')]).toEqual([
      'is null, not an object',
      'is a list, not an object',
      'is "x", not an object',
    ]);
  });

  it('rejects a record without url', () => {
    expect(reason({ title: 'x' })).toBe('has no "url"');
  });

  it('rejects a url that is not text', () => {
    expect(reason({ url: 42 })).toBe('"url" must be text, got 42');
  });

  it('rejects an address that cannot be saved', () => {
    expect(reason({ url: 'javascript:alert(1)' })).toBe('"url" "javascript:alert(1)" is not an http, https or file address');
  });

  it('rejects a bad status and names the allowed ones', () => {
    expect(reason({ url: 'https://e.com/', status: 'done' })).toBe('"status" must be one of unread, read, archived, got "done"');
  });

  it('rejects tags that are not a list of text', () => {
    expect(reason({ url: 'https://e.com/', tags: 'a,b' })).toBe('"tags" must be a list of text, got "a,b"');
    expect(reason({ url: 'https://e.com/', tags: [1] })).toBe('"tags" must be a list of text, got a list');
  });

  it('rejects dates that do not parse', () => {
    expect(reason({ url: 'https://e.com/', createdAt: 'yesterday' })).toBe('"createdAt" is not a date: "yesterday"');
    expect(reason({ url: 'https://e.com/', updatedAt: {} })).toBe('"updatedAt" is not a date: an object');
  });

  it('rejects an empty or non-text id', () => {
    expect(reason({ url: 'https://e.com/', id: '' })).toBe('"id" must be non-empty text, got ""');
    expect(reason({ url: 'https://e.com/', id: 7 })).toBe('"id" must be non-empty text, got 7');
  });

  it('rejects a title that is not text', () => {
    expect(reason({ url: 'https://e.com/', title: ['t'] })).toBe('"title" must be text, got a list');
  });
});

describe('pageFromRecord on hostile records', () => {
  it('reads fields as own properties only, never through the prototype', () => {
    const inherited = Object.create({ url: 'https://inherited.example/' });
    expect(reason(inherited)).toBe('has no "url"');
    const parsed = JSON.parse('{"__proto__": {"url": "https://proto.example/"}, "constructor": {"prototype": {"url": 1}}}');
    expect(reason(parsed)).toBe('has no "url"');
    const check = pageFromRecord(JSON.parse('{"url": "https://e.com/", "__proto__": {"status": "read"}, "tags": ["a"]}'), now);
    expect(check.ok && [check.page.status, check.page.tags]).toEqual(['unread', ['a']]);
    expect(({} as Record<string, unknown>).url).toBeUndefined();
  });

  it('bounds every field', () => {
    expect(reason({ url: `https://e.com/${'a'.repeat(8_200)}` })).toBe('"url" is longer than 8,192 characters');
    expect(reason({ url: 'https://e.com/', title: 't'.repeat(10_001) })).toBe('"title" is longer than 10,000 characters');
    expect(reason({ url: 'https://e.com/', id: 'i'.repeat(201) })).toBe('"id" is longer than 200 characters');
    expect(reason({ url: 'https://e.com/', tags: Array.from({ length: 101 }, (_, i) => `t${i}`) })).toBe('"tags" has 101 entries; at most 100 are read');
    expect(reason({ url: 'https://e.com/', tags: ['x'.repeat(1_001)] })).toBe('a tag is longer than 1,000 characters');
  });

  it('keeps a long title within the bound, with bounded words and sort key', () => {
    const check = pageFromRecord({ url: 'https://e.com/', title: 'word '.repeat(2_000) }, now);
    expect(check.ok && [check.page.title.length, check.page.words, check.page.titleKey.length]).toEqual([9_999, ['word', 'e', 'com'], 200]);
  });
});

describe('importRecords', () => {
  it('reads a bare list', () => {
    expect(importRecords('[{"url":"https://e.com/"}]')).toEqual([{ url: 'https://e.com/' }]);
  });

  it('reads the pages of an export file', () => {
    expect(importRecords('{"format":"ramify-reading-list","pages":[1,2]}')).toEqual([1, 2]);
  });

  it('explains a file that is not JSON', () => {
    expect(() => importRecords('{nope')).toThrow(/^The file is not valid JSON \(/);
  });

  it('explains JSON that holds no pages', () => {
    expect(() => importRecords('{"a":1}')).toThrow('The file holds neither a list of pages nor a reading-list export.');
  });

  it('takes pages only from an own property', () => {
    expect(() => importRecords('{"__proto__":{"pages":[1]}}')).toThrow('The file holds neither a list of pages nor a reading-list export.');
  });

  it('refuses more records than an import takes', () => {
    expect(() => importRecords(`[${'0,'.repeat(200_000)}0]`)).toThrow('The file holds 200,001 records; an import takes at most 200,000. Split it into smaller files.');
  });
});

describe('export', () => {
  it('writes the fields a user owns, dates as ISO text', () => {
    const page = makePage({ id: 'p', url: 'https://e.com/', title: 'E', tags: ['t'] }, now);
    expect(exportRecord(page)).toEqual({
      id: 'p',
      url: 'https://e.com/',
      title: 'E',
      tags: ['t'],
      status: 'unread',
      createdAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('produces a file that imports back to the same pages', () => {
    const pages = [
      makePage({ id: 'a', url: 'https://a.com/x', title: 'A', tags: ['one'], status: 'read' }, now),
      makePage({ id: 'b', url: 'https://b.com/y', title: 'B' }, now),
    ];
    const text = exportStart(now) + pages.map((p) => JSON.stringify(exportRecord(p))).join(',\n') + EXPORT_END;
    const back = importRecords(text).map((r) => pageFromRecord(r, new Date()));
    expect(back).toEqual(pages.map((page) => ({ ok: true, page })));
  });
});
