import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, it, expect } from 'vitest';
import { Ramify } from '@ramify-db/core';
import { persist } from '@ramify-db/persistence';
import { createAppStore } from '../../src/app/store';
import { DATABASE_VERSION } from '../../src/app/schema';
import { parseSearch } from '../../src/app/search';
import { libraryQuery } from '../../src/app/library-query';
import { derivedAgain, upgradeLibrary } from '../../src/background/migrate';
import { VERSION1_PAGES, version1Schema } from './version1-library';

async function oldLibrary(indexedDB: IDBFactory, layout: 'chunks' | 'records'): Promise<void> {
  const db = new Ramify().createStore(version1Schema);
  const p = await persist(db, { name: 'library', indexedDB, layout });
  db.pages.bulkAdd(VERSION1_PAGES);
  // A later small change goes to a delta record in the chunks layout: it must be migrated too.
  db.pages.update('c2', { status: 'read' });
  await p.close();
}

describe('the upgrade to version 2', () => {
  for (const layout of ['chunks', 'records'] as const) {
    it(`derives titleKey, urlKey and words again for every stored page (${layout})`, async () => {
      const indexedDB = new IDBFactory();
      await oldLibrary(indexedDB, layout);
      const db = createAppStore();
      const errors: unknown[] = [];
      await persist(db, { name: 'library', indexedDB, layout, version: DATABASE_VERSION, upgrade: upgradeLibrary, onError: (e) => errors.push(e) });

      expect(errors).toEqual([]);
      expect(db.pages.count()).toBe(6);
      expect(db.pages.get('c2')).toMatchObject({ status: 'read', titleKey: 'chapter 012', urlKey: 'https://example.com/c2' });
      const found = (input: string) => db.pages.query(libraryQuery({ search: parseSearch(input) }, { column: 'title', descending: false }, 0, 50)).keys();
      expect(found('タイトル')).toEqual(['jp']);
      expect(found('web ')).toEqual(['tagged']);
      expect(db.pages.query(libraryQuery({}, { column: 'title', descending: false }, 0, 3)).keys()).toEqual(['c2', 'c10', 'twin1']);
      expect(db.pages.where('urlKey').equals('https://example.com/post').keys().sort()).toEqual(['twin1', 'twin2']);
    });
  }

  it('leaves a new database alone and runs once', async () => {
    const indexedDB = new IDBFactory();
    const seen: number[] = [];
    const upgrade: typeof upgradeLibrary = (...args) => {
      seen.push(args[1]);
      return upgradeLibrary(...args);
    };
    const first = createAppStore();
    const p = await persist(first, { name: 'fresh', indexedDB, version: DATABASE_VERSION, upgrade });
    await p.close();
    await (await persist(createAppStore(), { name: 'fresh', indexedDB, version: DATABASE_VERSION, upgrade })).close();
    expect(seen).toEqual([0]);
  });
});

describe('derivedAgain', () => {
  it('leaves a document it does not understand as it was', () => {
    const odd = { id: 'x', url: 42, title: 'T', tags: [] };
    expect(derivedAgain(odd)).toBe(odd);
    const badUrl = { id: 'y', url: 'not a url', title: 'T', tags: [] };
    expect(derivedAgain(badUrl)).toBe(badUrl);
  });
});
