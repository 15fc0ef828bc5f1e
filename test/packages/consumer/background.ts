// The background of a tiny extension: the store, persisted, served to its pages over the
// browser's own runtime (no polyfill).
import { Ramify } from '@ramify-db/core';
import { persist } from '@ramify-db/persistence';
import { serve } from '@ramify-db/bridge';
import { definitions, type NotesSchema } from './notes.js';

const db = new Ramify().createStore<NotesSchema>(definitions);
serve(db, { persistence: persist(db, { name: 'notes' }) });
