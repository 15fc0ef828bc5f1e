// Stands in for the background of version 1 of the extension in the upgrade test: it stores a
// library as that version did (through the persistence layer, with no database version), then
// does nothing else.
import { Ramify } from '@ramify-db/core';
import { persist } from '@ramify-db/persistence';
import { version1Schema, type Version1Page } from '../app/version1-library';

(globalThis as unknown as { seedOldLibrary(pages: Version1Page[]): Promise<number> }).seedOldLibrary = async (pages) => {
  const db = new Ramify().createStore(version1Schema);
  const persistence = await persist(db, { name: 'ramify-reading-list' });
  db.pages.bulkAdd(pages);
  await persistence.close();
  const open = indexedDB.open('ramify-reading-list');
  const version = await new Promise<number>((done) => (open.onsuccess = () => done(open.result.version)));
  open.result.close();
  return version;
};
