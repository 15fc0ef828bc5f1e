// The toolbar popup: the note for the site of the current tab, read live (an edit made in another
// window shows here at once) and written with Save (or Ctrl+Enter).
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useDocument } from '@ramify-db/react';
import { currentSite } from './current-site';
import { db } from './db';
import { describeError } from './failure';
import { mount } from './mount';
import { siteLabel } from './site';

type Site = { status: 'finding' } | { status: 'found'; origin: string } | { status: 'none' };

/** What is typed and not yet shown by the store: `base` is the note it started from. */
interface Draft {
  text: string;
  base: string;
  saving: boolean;
  saved: boolean;
}

/** A note of only spaces is no note: saving it deletes the note. */
const noteText = (text: string) => (text.trim() === '' ? '' : text);

function NoteEditor({ origin }: { origin: string }) {
  const note = useDocument(db.notes, origin);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState('');
  const stored = note.data?.text ?? '';

  // A saved draft gives way once the store shows a different note than it started from (this
  // save's, or a later one). An unsaved draft is never replaced: typing is not lost to another window.
  useEffect(() => {
    if (draft?.saved && stored !== draft.base) setDraft(null);
  }, [draft, stored]);

  if (note.status === 'loading') {
    return <p role="status" className="message">Loading the note for {siteLabel(origin)}…</p>;
  }

  const text = draft?.text ?? stored;
  const changed = draft !== null && !draft.saved && noteText(draft.text) !== stored;
  const changedElsewhere = draft !== null && !draft.saved && stored !== draft.base;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (draft === null || !changed || draft.saving) return;
    const next = noteText(draft.text);
    setDraft({ ...draft, saving: true });
    setFailure('');
    try {
      if (next === '') await db.notes.delete(origin);
      else await db.notes.put({ origin, text: next, updatedAt: new Date() });
      setDraft({ ...draft, saving: false, saved: true });
      setMessage(next === '' ? 'Note deleted.' : 'Saved.');
    } catch (error) {
      setDraft({ ...draft, saving: false });
      setFailure(`Not saved: ${describeError(error)}`);
    }
  }

  function saveOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
  }

  return (
    <form className="editor" onSubmit={save}>
      <label htmlFor="note">
        Note for <strong>{siteLabel(origin)}</strong>
      </label>
      <textarea
        id="note"
        value={text}
        rows={8}
        readOnly={draft?.saving === true}
        aria-describedby="note-help"
        onChange={(event) => {
          setMessage('');
          setDraft({ text: event.target.value, base: draft?.base ?? stored, saving: false, saved: false });
        }}
        onKeyDown={saveOnCtrlEnter}
      />
      <p id="note-help" className="muted">
        Saved on this device. Ctrl+Enter saves; an empty note is deleted.
      </p>
      {changedElsewhere && <p className="warning">This note was changed in another window; saving replaces that version.</p>}
      {note.status === 'error' && <p role="alert" className="error">Cannot read the note: {describeError(note.error)}</p>}
      {failure !== '' && <p role="alert" className="error">{failure}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={!changed || draft?.saving === true}>
          {draft?.saving ? 'Saving…' : 'Save'}
        </button>
        <p role="status" className="muted">{message}</p>
      </div>
    </form>
  );
}

function Popup() {
  const [site, setSite] = useState<Site>({ status: 'finding' });
  useEffect(() => {
    currentSite().then(
      (origin) => setSite(origin === undefined ? { status: 'none' } : { status: 'found', origin }),
      () => setSite({ status: 'none' }),
    );
  }, []);
  return (
    <>
      <header className="top">
        <h1>Tab notes</h1>
        <a className="button" href="notes.html" target="_blank">
          All notes
        </a>
      </header>
      <main className="main">
        {site.status === 'finding' && <p role="status" className="message">Finding this tab’s site…</p>}
        {site.status === 'none' && <p className="message">Notes are kept per web site, and this tab is not showing one.</p>}
        {site.status === 'found' && <NoteEditor origin={site.origin} />}
      </main>
    </>
  );
}

mount(<Popup />);
