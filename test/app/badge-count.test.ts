import { describe, it, expect } from 'vitest';
import { createAppStore } from '../../src/app/store';
import { makePage } from '../../src/app/page';
import { badgeCount } from '../../src/background/badge-count';

function library() {
  const db = createAppStore();
  db.pages.bulkAdd([
    makePage({ url: 'https://e.com/1' }),
    makePage({ url: 'https://e.com/2' }),
    makePage({ url: 'https://e.com/3', status: 'read' }),
  ]);
  return db;
}

describe('badgeCount', () => {
  it('counts unread pages by default', () => {
    expect(badgeCount(library())).toBe(2);
  });

  it('counts every page when the setting says all', () => {
    const db = library();
    db.settings.put({ id: 'preferences', theme: 'system', badge: 'all' });
    expect(badgeCount(db)).toBe(3);
  });

  it('counts nothing when the setting says none', () => {
    const db = library();
    db.settings.put({ id: 'preferences', theme: 'system', badge: 'none' });
    expect(badgeCount(db)).toBe(0);
  });
});
