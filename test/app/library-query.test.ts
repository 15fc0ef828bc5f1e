import { describe, it, expect } from 'vitest';
import { libraryCountQuery, libraryQuery } from '../../src/app/library-query';

describe('libraryQuery', () => {
  it('is the whole library in the given order when nothing filters', () => {
    expect(libraryQuery({}, { column: 'createdAt', descending: true }, 100, 50)).toEqual({
      collection: 'pages',
      where: [],
      sortBy: 'createdAt',
      reverse: true,
      offset: 100,
      limit: 50,
    });
  });

  it('combines every filter as a clause of one query', () => {
    expect(
      libraryQuery(
        { status: 'read', tag: 'go', domain: 'example.com', search: { whole: ['fast'], prefix: 'ser' } },
        { column: 'title', descending: false },
        0,
        50,
      ).where,
    ).toEqual([
      { path: 'words', op: 'allOf', args: [['fast']] },
      { path: 'words', op: 'startsWith', args: ['ser'] },
      { path: 'tags', op: 'equals', args: ['go'] },
      { path: 'domain', op: 'equals', args: ['example.com'] },
      { path: 'status', op: 'equals', args: ['read'] },
    ]);
  });
});

describe('libraryCountQuery', () => {
  it('has the clauses without order or window', () => {
    expect(libraryCountQuery({ status: 'unread' })).toEqual({
      collection: 'pages',
      where: [{ path: 'status', op: 'equals', args: ['unread'] }],
    });
  });
});
