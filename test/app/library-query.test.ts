import { describe, it, expect } from 'vitest';
import { libraryCountQuery, libraryQuery } from '../../src/app/library-query';
import type { PageClause } from '../../src/app/search';

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

describe('the pages clauses type', () => {
  it('refuses a misspelt path, an unknown status and an argument of the wrong type at compile time', () => {
    const clauses: PageClause[] = [
      { path: 'status', op: 'equals', args: ['unread'] },
      { path: 'createdAt', op: 'above', args: [{ $date: 0 }] },
      // @ts-expect-error: no such path
      { path: 'stauts', op: 'equals', args: ['unread'] },
      // @ts-expect-error: not a status
      { path: 'status', op: 'equals', args: ['unred'] },
      // @ts-expect-error: words hold strings
      { path: 'words', op: 'allOf', args: [[1]] },
    ];
    expect(clauses.map((clause) => clause.path)).toEqual(['status', 'createdAt', 'stauts', 'status', 'words']);
  });
});
