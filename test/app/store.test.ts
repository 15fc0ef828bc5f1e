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
});
