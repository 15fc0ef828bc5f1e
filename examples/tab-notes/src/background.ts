// The background (Chrome's service worker, Firefox's event page): the store, persisted in
// IndexedDB, served to the popup and the notes page. serve() runs synchronously at the top level,
// so the message that woke a stopped worker reaches it; requests wait until the store is hydrated.
import { Ramify } from '@ramify-db/core';
import { persist } from '@ramify-db/persistence';
import { serve } from '@ramify-db/bridge';
import { definitions, type NotesSchema } from './schema';

const db = new Ramify().createStore<NotesSchema>(definitions);
serve(db, { persistence: persist(db, { name: 'tab-notes' }) });
