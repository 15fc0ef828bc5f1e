// Import and export, both in pieces so a library of 100k pages never travels in one message.
// Import reads JSON, Pocket and Instapaper CSV and bookmarks HTML files (see import-file.ts) and
// writes them in batches with progress (see import-run.ts), reporting each bad record with its
// reason and keeping the good ones. While it runs, closing the tab asks first, Cancel stops it
// after the batch being written, and a journal in the store lets the next options page say what
// an import cut short did. Export walks the primary key in windows, to JSON or bookmarks HTML.
import type { ImportJournal, Page } from '../app/schema';
import { EXPORT_END, exportRecord, exportStart } from '../app/records';
import { bookmarkLine, bookmarksStart, BOOKMARKS_END } from '../app/bookmarks';
import { checkFileSize, readImportFile } from '../app/import-file';
import { errorText } from '../app/ui/errors';
import { byId, h, setText } from '../app/ui/dom';
import type { Toaster } from '../app/ui/toast';
import type { RemoteDb } from './db';
import { runImport, BATCH, type Problem } from './import-run';
import { importSummary } from './import-report';
import { holdImportLock, interruptedNotice, runningImports, runningNotice } from './import-journal';

const SHOWN_PROBLEMS = 200;

interface ExportFormat {
  start(now: Date): string;
  record(page: Page, first: boolean): string;
  end: string;
  type: string;
  extension: string;
}

const JSON_EXPORT: ExportFormat = {
  start: exportStart,
  record: (page, first) => (first ? '' : ',\n') + JSON.stringify(exportRecord(page)),
  end: EXPORT_END,
  type: 'application/json',
  extension: 'json',
};

const BOOKMARKS_EXPORT: ExportFormat = {
  start: bookmarksStart,
  record: bookmarkLine,
  end: BOOKMARKS_END,
  type: 'text/html',
  extension: 'html',
};

export function showTransfer(db: RemoteDb, toaster: Toaster): void {
  const fileInput = byId<HTMLInputElement>('import-file');
  const importButton = byId<HTMLButtonElement>('import');
  const cancelButton = byId<HTMLButtonElement>('import-cancel');
  const exportButtons = [byId<HTMLButtonElement>('export'), byId<HTMLButtonElement>('export-html')];
  const progress = byId<HTMLProgressElement>('transfer-progress');
  const status = byId('transfer-status');
  const notices = byId('import-notices');
  const problemsBox = byId<HTMLDetailsElement>('import-problems');
  const problemsSummary = byId('import-problems-summary');
  const problemsList = byId('import-problems-list');
  /** The import this page runs, if any: its journal entry is not a notice here. */
  let ownImport: string | undefined;
  let cancelled = false;

  function busy(on: boolean): void {
    importButton.disabled = on;
    for (const button of exportButtons) button.disabled = on;
    progress.hidden = !on;
  }

  function advance(done: number, total: number, verb: string): void {
    progress.max = Math.max(total, 1);
    progress.value = done;
    setText(status, `${verb} ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}…`);
  }

  function showProblems(problems: readonly Problem[]): void {
    problemsBox.hidden = problems.length === 0;
    problemsBox.open = problems.length > 0 && problems.length <= 20;
    setText(problemsSummary, `${problems.length === 1 ? '1 record was' : `${problems.length.toLocaleString('en-US')} records were`} rejected`);
    const shown = [...problems].sort((a, b) => a.index - b.index).slice(0, SHOWN_PROBLEMS);
    const items = shown.map((p) => h('li', { text: `${p.label}: ${p.reason}.` }));
    if (problems.length > SHOWN_PROBLEMS) {
      items.push(h('li', { class: 'muted', text: `…and ${(problems.length - SHOWN_PROBLEMS).toLocaleString('en-US')} more.` }));
    }
    problemsList.replaceChildren(...items);
  }

  /** Closing the tab mid-import asks first (the browser shows its own question). */
  const warn = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    event.returnValue = '';
  };

  async function importFile(file: File): Promise<void> {
    checkFileSize(file.size);
    const source = readImportFile(await file.text(), (html) => new DOMParser().parseFromString(html, 'text/html'));
    const startedAt = new Date();
    const journal: ImportJournal = { id: crypto.randomUUID(), file: file.name.slice(0, 200), startedAt, updatedAt: startedAt, total: source.count, done: 0, added: 0, known: 0, rejected: 0, writing: null };
    // The lock before the journal entry: whoever sees the entry can trust a missing lock.
    const release = await holdImportLock(journal.id);
    ownImport = journal.id;
    cancelled = false;
    cancelButton.hidden = false;
    cancelButton.disabled = false;
    window.addEventListener('beforeunload', warn);
    try {
      advance(0, source.count, 'Importing');
      const { progress: result, end } = await runImport(db.pages, source, {
        beforeWrite: (p, writing) =>
          db.imports.put({ ...journal, updatedAt: new Date(), done: p.done, added: p.added, known: p.known, rejected: p.problems.length, writing }).then(() => undefined),
        onProgress: (p) => advance(p.done, p.total, 'Importing'),
        isCancelled: () => cancelled,
      });
      showProblems(result.problems);
      setText(status, importSummary(result, end));
      // The page says what happened; the journal is only for a page that can no longer say it.
      await db.imports.delete(journal.id).catch(() => undefined);
    } finally {
      window.removeEventListener('beforeunload', warn);
      cancelButton.hidden = true;
      ownImport = undefined;
      release();
    }
  }

  async function exportAll(format: ExportFormat): Promise<void> {
    const total = await db.pages.count();
    const now = new Date();
    const parts: string[] = [format.start(now)];
    let done = 0;
    let after: string | undefined;
    advance(0, total, 'Exporting');
    for (;;) {
      // Keyset pages over the primary key: each window is an indexed range, whatever the size.
      const window = after === undefined ? db.pages.sortBy('id') : db.pages.where('id').above(after).sortBy('id');
      const docs: Page[] = await window.limit(BATCH).toArray();
      if (docs.length === 0) break;
      parts.push(docs.map((doc, i) => format.record(doc, done + i === 0)).join(''));
      done += docs.length;
      after = docs[docs.length - 1].id;
      advance(done, Math.max(total, done), 'Exporting');
    }
    parts.push(format.end);
    download(new Blob(parts, { type: format.type }), `reading-list-${now.toISOString().slice(0, 10)}.${format.extension}`);
    setText(status, `Exported ${done === 1 ? '1 page' : `${done.toLocaleString('en-US')} pages`}.`);
  }

  function run(task: () => Promise<void>): void {
    busy(true);
    problemsBox.hidden = true;
    task()
      .catch((error) => {
        setText(status, errorText(error));
        toaster.error(error);
      })
      .finally(() => busy(false));
  }

  let shownJournal = 0;
  async function showNotices(journals: readonly ImportJournal[]): Promise<void> {
    const turn = ++shownJournal;
    const others = journals.filter((journal) => journal.id !== ownImport);
    const running = others.length > 0 ? await runningImports() : new Set<string>();
    const texts = await Promise.all(others.map(async (journal) => ({ journal, live: running.has(journal.id), text: running.has(journal.id) ? runningNotice(journal) : await interruptedNotice(db.pages, journal) })));
    if (turn !== shownJournal) return;
    notices.replaceChildren(
      ...texts.map(({ journal, live, text }) =>
        h(
          'div',
          { class: 'import-notice', dataset: { state: live ? 'running' : 'interrupted' } },
          h('p', { text }),
          live ? null : h('button', { text: 'Dismiss', attrs: { type: 'button' }, on: { click: () => void db.imports.delete(journal.id).catch((error: unknown) => toaster.error(error)) } }),
        ),
      ),
    );
    notices.hidden = texts.length === 0;
  }

  importButton.addEventListener('click', () => fileInput.click());
  cancelButton.addEventListener('click', () => {
    cancelled = true;
    cancelButton.disabled = true;
    setText(status, 'Cancelling after the batch being written…');
  });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) run(() => importFile(file));
  });
  exportButtons[0].addEventListener('click', () => run(() => exportAll(JSON_EXPORT)));
  exportButtons[1].addEventListener('click', () => run(() => exportAll(BOOKMARKS_EXPORT)));
  db.imports.sortBy('id').observe((journals: readonly ImportJournal[]) => void showNotices(journals), (error) => toaster.error(error));
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
