import { describe, it, expect } from 'vitest';
import { makePage, withTags } from '../../src/app/page';

const now = new Date('2025-03-01T10:00:00Z');

describe('makePage', () => {
  it('derives domain and words and starts unread', () => {
    const page = makePage({ id: 'p1', url: 'https://www.example.com/deep-dive', title: 'A Deep Dive', tags: ['Go'] }, now);
    expect(page).toEqual({
      id: 'p1',
      url: 'https://www.example.com/deep-dive',
      title: 'A Deep Dive',
      domain: 'example.com',
      tags: ['go'],
      status: 'unread',
      createdAt: now,
      updatedAt: now,
      words: ['a', 'deep', 'dive', 'go', 'example', 'com'],
      titleKey: 'a deep dive',
      urlKey: 'https://www.example.com/deep-dive',
    });
  });

  it('keeps the address as given and keys it without fragment and tracking parameters', () => {
    const page = makePage({ url: 'https://example.com/post?utm_source=mail&id=3#comments', title: 'Chapter 10' }, now);
    expect([page.url, page.urlKey, page.titleKey]).toEqual(['https://example.com/post?utm_source=mail&id=3#comments', 'https://example.com/post?id=3', 'chapter 0210']);
  });

  it('uses the address as title when the title is blank', () => {
    expect(makePage({ url: 'https://example.com/x', title: '   ' }, now).title).toBe('https://example.com/x');
  });

  it('collapses white space in the title', () => {
    expect(makePage({ url: 'https://example.com/', title: ' Two\n\n lines ' }, now).title).toBe('Two lines');
  });

  it('gives each page a fresh id when none is given', () => {
    const a = makePage({ url: 'https://example.com/' }, now);
    const b = makePage({ url: 'https://example.com/' }, now);
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps given dates and status', () => {
    const createdAt = new Date('2020-01-01T00:00:00Z');
    const page = makePage({ url: 'https://example.com/', status: 'archived', createdAt }, now);
    expect([page.status, page.createdAt, page.updatedAt]).toEqual(['archived', createdAt, createdAt]);
  });
});

describe('withTags', () => {
  it('changes the tags and the words search finds them by, and nothing else', () => {
    const page = makePage({ id: 'p1', url: 'https://example.com/deep-dive', title: 'Deep', tags: ['old'] }, now);
    const later = new Date('2025-04-01T00:00:00Z');
    expect(withTags(page, ['New', 'web'], later)).toEqual({ ...page, tags: ['new', 'web'], words: ['deep', 'new', 'web', 'example', 'com', 'dive'], updatedAt: later });
  });
});
