// The notes page: every site's note, newest first, searchable, live (a note saved in a popup
// appears here without a reload), and deleted with a chance to undo.
import { useEffect, useMemo, useRef, useState } from 'react';
import { isRamifyError, type Doc } from '@ramify-db/core';
import { useCount, useLiveQuery } from '@ramify-db/react';
import { db } from './db';
import { describeError } from './failure';
import { mount } from './mount';
import type { Note } from './schema';
import { matches, searchWords } from './search';
import { siteLabel } from './site';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The message under the list, and the note its Undo would bring back. */
interface Notice {
  text: string;
  undo?: Doc<Note>;
}

const plural = (n: number) => `${n} ${n === 1 ? 'note' : 'notes'}`;

function NoteItem({ note, onDelete }: { note: Doc<Note>; onDelete(note: Doc<Note>): void }) {
  const label = siteLabel(note.origin);
  return (
    <li className="note">
      <article aria-labelledby={`site-${note.origin}`}>
        <h3 id={`site-${note.origin}`}>
          <a href={note.origin} target="_blank" rel="noreferrer">
            {label}
          </a>
        </h3>
        <p className="text">{note.text}</p>
        <p className="muted">
          Updated <time dateTime={note.updatedAt.toISOString()}>{when.format(note.updatedAt)}</time>
        </p>
        <button type="button" onClick={() => onDelete(note)} aria-label={`Delete the note for ${label}`}>
          Delete
        </button>
      </article>
    </li>
  );
}

function NotesPage() {
  const [typed, setTyped] = useState('');
  const words = useMemo(() => searchWords(typed), [typed]);
  const notes = useLiveQuery(() => db.notes.sortBy('updatedAt').reverse(), []);
  const total = useCount(db.notes);
  const [notice, setNotice] = useState<Notice>({ text: '' });
  const undoButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The error state keeps the last result: the list stays on screen above the alert.
  const shown = useMemo(() => notes.data?.filter((note) => matches(note, words)), [notes.data, words]);
  // The button that had focus is gone with its note; Undo is where the keyboard goes next. An
  // effect runs once the Undo button is in the page, which a timer or frame does not promise.
  useEffect(() => {
    if (notice.undo !== undefined) undoButton.current?.focus();
  }, [notice]);

  async function remove(note: Doc<Note>) {
    try {
      await db.notes.delete(note.origin);
      setNotice({ text: `Deleted the note for ${siteLabel(note.origin)}.`, undo: note });
    } catch (error) {
      setNotice({ text: `Not deleted: ${describeError(error)}` });
    }
  }

  async function undo(note: Doc<Note>) {
    const label = siteLabel(note.origin);
    try {
      // add, not put: a note written for the site since the delete is newer, and is kept.
      await db.notes.add({ origin: note.origin, text: note.text, updatedAt: new Date(note.updatedAt.getTime()) });
      setNotice({ text: `Restored the note for ${label}.` });
    } catch (error) {
      const newer = isRamifyError(error) && error.code === 'DUPLICATE_KEY';
      setNotice({ text: newer ? `Not restored: ${label} has a newer note.` : `Not restored: ${describeError(error)}` });
    }
    heading.current?.focus();
  }

  const restorable = notice.undo;
  return (
    <>
      <header className="top">
        <h1>Tab notes</h1>
        <p className="muted count" id="count">
          {total.status === 'ready' ? plural(total.data) : ''}
        </p>
      </header>
      <main className="main wide">
        <div role="search" className="search">
          <label htmlFor="search">Search notes</label>
          <input id="search" type="search" value={typed} autoComplete="off" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
        </div>
        <section aria-labelledby="list-heading" aria-busy={notes.status === 'loading'}>
          <h2 id="list-heading" ref={heading} tabIndex={-1}>
            {words.length > 0 && shown !== undefined ? `${plural(shown.length)} found` : 'All notes'}
          </h2>
          {notes.status === 'loading' && <p role="status" className="message">Loading notes…</p>}
          {notes.status === 'error' && <p role="alert" className="error">Cannot list the notes: {describeError(notes.error)}</p>}
          {notes.data?.length === 0 && <p className="message">No notes yet. Open Tab notes from the toolbar on a site to write its note.</p>}
          {notes.data !== undefined && notes.data.length > 0 && shown?.length === 0 && <p className="message">No note matches “{typed.trim()}”.</p>}
          {shown !== undefined && shown.length > 0 && (
            <ul className="notes" aria-labelledby="list-heading">
              {shown.map((note) => (
                <NoteItem key={note.origin} note={note} onDelete={remove} />
              ))}
            </ul>
          )}
        </section>
        <div className="toast" role="status">
          {notice.text}
          {restorable !== undefined && (
            <button type="button" ref={undoButton} onClick={() => undo(restorable)}>
              Undo
            </button>
          )}
        </div>
      </main>
    </>
  );
}

mount(<NotesPage />);
