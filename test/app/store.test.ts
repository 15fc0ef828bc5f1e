import { describe, it, expect } from 'vitest';
import { createAppStore } from '../../src/app/store';
import { makePage } from '../../src/app/page';
import { libraryCountQuery, libraryQuery } from '../../src/app/library-query';
import { parseSearch } from '../../src/app/search';

const t0 = Date.UTC(2025, 0, 1);

function library() {
  const db = createAppStore();
  db.pages.bulkAdd([
    makePage({ id: 'a', url: 'https://rust-lang.org/async', title: 'Async Rust', tags: ['rust'], createdAt: new Date(t0 + 1) }),
    makePage({ id: 'b', url: 'https://example.com/rust', title: 'Rust servers', tags: ['rust', 'web'], createdAt: new Date(t0 + 2), status: 'read' }),
    makePage({ id: 'c', url: 'https://example.com/go', title: 'Go servers', tags: ['web'], createdAt: new Date(t0 + 3) }),
  ]);
  return db;
}

const ids = (docs: readonly { id: string }[]) => docs.map((d) => d.id);

describe('the app store', () => {
  it('refuses a second page with the same url', () => {
    const db = library();
    expect(() => db.pages.add(makePage({ url: 'https://example.com/go' }))).toThrow(expect.objectContaining({ code: 'UNIQUE_VIOLATION' }));
  });

  it('answers the library table query newest first with a window', () => {
    const db = library();
    const json = libraryQuery({}, { column: 'createdAt', descending: true }, 1, 1);
    expect(ids(db.pages.query(json).toArray())).toEqual(['b']);
  });

  it('combines search, tag and status filters in one query', () => {
    const db = library();
    const filter = { search: parseSearch('serv'), tag: 'web', status: 'unread' as const };
    expect(ids(db.pages.query(libraryQuery(filter, { column: 'title', descending: false }, 0, 50)).toArray())).toEqual(['c']);
    expect(db.pages.query(libraryCountQuery({ search: parseSearch('rust ') })).count()).toBe(2);
  });

  it('sorts by title', () => {
    const db = library();
    expect(ids(db.pages.query(libraryQuery({}, { column: 'title', descending: false }, 0, 50)).toArray())).toEqual(['a', 'c', 'b']);
  });

  it('sorts titles in a human order, a window at a time', () => {
    const db = createAppStore();
    const titles = ['Chapter 10', 'chapter 2', 'Chapter 1', 'Éclair', 'eclair 2', 'Zebra', 'apple'];
    db.pages.bulkAdd(titles.map((title, i) => makePage({ id: `p${i}`, url: `https://example.com/${i}`, title })));
    const sorted = (offset: number, limit: number) =>
      db.pages.query(libraryQuery({}, { column: 'title', descending: false }, offset, limit)).toArray().map((p) => p.title);
    expect(sorted(0, 50)).toEqual(['apple', 'Chapter 1', 'chapter 2', 'Chapter 10', 'Éclair', 'eclair 2', 'Zebra']);
    expect(sorted(2, 3)).toEqual(['chapter 2', 'Chapter 10', 'Éclair']);
  });

  it('finds pages by their tags, by words of any script and by emoji', () => {
    const db = library();
    db.pages.bulkAdd([
      makePage({ id: 'j', url: 'https://example.jp/a', title: '日本語のタイトル' }),
      makePage({ id: 'e', url: 'https://example.com/crab', title: 'Ferris 🦀 day' }),
    ]);
    const found = (input: string) => ids(db.pages.query(libraryQuery({ search: parseSearch(input) }, { column: 'title', descending: false }, 0, 50)).toArray());
    expect(found('web ')).toEqual(['c', 'b']);
    expect(found('タイトル')).toEqual(['j']);
    expect(found('日本語 ')).toEqual(['j']);
    expect(found('🦀')).toEqual(['e']);
    expect(found('🐙')).toEqual([]);
  });

  it('keeps two pages whose addresses have one duplicate key', () => {
    const db = createAppStore();
    db.pages.bulkAdd([makePage({ url: 'https://example.com/a#one' }), makePage({ url: 'https://example.com/a?utm_source=x' })]);
    expect(db.pages.where('urlKey').equals('https://example.com/a').count()).toBe(2);
  });
});
