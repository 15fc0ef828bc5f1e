// The background: owns the store, persists it to IndexedDB, serves it to the extension's pages,
// keeps the badge current and saves pages from the context menu and the keyboard command.
// Everything that registers a listener runs synchronously at the top level, so a background
// woken by an event (Chrome's service worker, Firefox's event page) has its listeners in place.
import { DATABASE_NAME, DATABASE_VERSION } from '../app/schema';
import { createAppStore } from '../app/store';
import { persist } from '@ramify-db/persistence';
import { serve } from '@ramify-db/bridge';
import { keepBadgeCurrent } from './badge';
import { registerSaving } from './save';
import { upgradeLibrary } from './migrate';

const db = createAppStore((error) => console.error('reading list:', error));

const persistence = persist(db, {
  name: DATABASE_NAME,
  version: DATABASE_VERSION,
  upgrade: upgradeLibrary,
  onError: (error, info) => console.error('reading list: could not write to IndexedDB', info, error),
});

// serve() takes persist()'s promise as it is: its query snapshots answer the popup's list while a
// woken background is still loading the library.
serve(db, { persistence });
registerSaving(db, persistence);

persistence.then(
  () => keepBadgeCurrent(db),
  (error) => console.error('reading list: could not open the database', error),
);
