// Stands in for the background of version 1 of the extension in the upgrade test: it stores a
// library as that version did (the persistence layer, no database version, pages without
// titleKey and urlKey, words from title and address only), then does nothing else.
import { Ramify, type Schema } from '@ramify-db/core';
import { persist } from '../../src/persistence';

export interface OldPage {
  id: string;
  url: string;
  title: string;
  domain: string;
  tags: string[];
  status: 'unread' | 'read' | 'archived';
  createdAt: string;
  updatedAt: string;
  words: string[];
}

type Stored = Omit<OldPage, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

const schema: { pages: Schema<Stored, 'id'>; settings: Schema<{ id: string; theme: string; badge: string }, 'id'> } = {
  pages: { primaryKey: 'id', indexes: ['title', 'domain', 'status', 'createdAt'], multiEntry: ['tags', 'words'], unique: ['url'] },
  settings: { primaryKey: 'id' },
};

(globalThis as unknown as { seedOldLibrary(pages: OldPage[]): Promise<number> }).seedOldLibrary = async (pages) => {
  const db = new Ramify().createStore(schema);
  const persistence = await persist(db, { name: 'ramify-reading-list' });
  db.pages.bulkAdd(pages.map((p) => ({ ...p, createdAt: new Date(p.createdAt), updatedAt: new Date(p.updatedAt) })));
  await persistence.close();
  const open = indexedDB.open('ramify-reading-list');
  const version = await new Promise<number>((done) => (open.onsuccess = () => done(open.result.version)));
  open.result.close();
  return version;
};
