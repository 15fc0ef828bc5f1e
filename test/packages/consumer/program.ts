// A program of an app that installed @ramify-db/core and @ramify-db/persistence: it writes, closes,
// opens the database again and prints what came back, and what a refused write said.
import 'fake-indexeddb/auto'; // IndexedDB in Node: idb needs its classes as globals, not only a factory
import { isRamifyError, Ramify, type Doc } from '@ramify-db/core';
import { persist } from '@ramify-db/persistence';
import { definitions, type Note, type NotesSchema } from './notes.js';

async function open() {
  const db = new Ramify().createStore<NotesSchema>(definitions);
  const persistence = await persist(db, { name: 'notes' });
  return { db, persistence };
}

const day = (n: number) => new Date(Date.UTC(2024, 0, n));
const first = await open();
first.db.notes.bulkAdd([
  { id: 'n1', site: 'a.example', text: 'first', tags: ['todo'], createdAt: day(3) },
  { id: 'n2', site: 'a.example', text: 'second', tags: [], createdAt: day(1) },
  { id: 'n3', site: 'b.example', text: 'third', tags: ['todo', 'later'], createdAt: day(2) },
]);
first.db.notes.update('n2', { text: 'second, edited', tags: ['todo'] });
first.db.notes.delete('n3');
try {
  first.db.notes.add({ id: 'n1', site: 'c.example', text: 'again', tags: [], createdAt: day(4) });
} catch (error) {
  console.log(isRamifyError(error) ? `refused: ${error.code}` : 'refused without a code');
}
await first.persistence.close();

const second = await open();
const bySite: Doc<Note>[] = second.db.notes.where('site').equals('a.example').sortBy('createdAt').toArray();
console.log(bySite.map((note) => `${note.id} ${note.text} ${note.createdAt.toISOString().slice(0, 10)}`).join('; '));
console.log(`todo: ${second.db.notes.where('tags').equals('todo').count()}, all: ${second.db.notes.count()}`);
await second.persistence.close();
