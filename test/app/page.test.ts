import { describe, it, expect } from 'vitest';
import { makePage } from '../../src/app/page';

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
      words: ['a', 'deep', 'dive', 'example', 'com'],
    });
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
