// A page of the tiny extension: the notes of one site, live, through the bridge, with the
// runtime of webextension-polyfill passed in.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import browser from 'webextension-polyfill';
import { connect } from '@ramify-db/bridge';
import { useCount, useLiveQuery } from '@ramify-db/react';
import type { NotesSchema } from './notes.js';

const db = connect<NotesSchema>({ runtime: browser.runtime });

function Notes({ site }: { site: string }) {
  const notes = useLiveQuery(() => db.notes.where('site').equals(site).sortBy('createdAt').reverse(), [site]);
  const todo = useCount(db.notes, (all) => all.where('tags').equals('todo'), []);
  if (notes.status === 'loading') return createElement('p', null, 'Loading…');
  if (notes.status === 'error') return createElement('p', { role: 'alert' }, notes.error.code);
  return createElement(
    'section',
    null,
    createElement('h1', null, `${todo.data ?? '…'} to do`),
    createElement('ul', null, notes.data.map((note) => createElement('li', { key: note.id }, note.text))),
  );
}

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(createElement(Notes, { site: new URL(location.href).searchParams.get('site') ?? '' }));
