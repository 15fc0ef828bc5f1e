// Import and export of JSON files, both in pieces so a library of 100k pages never travels in one
// message: import checks and writes batches of records with progress, reporting each bad record
// with its reason and keeping the good ones; export walks the primary key in windows.
import type { Page } from '../app/schema';
import { EXPORT_END, exportRecord, exportStart, importRecords, pageFromRecord } from '../app/records';
import { errorText } from '../app/ui/errors';
import { byId, h, setText } from '../app/ui/dom';
import type { Toaster } from '../app/ui/toast';
import type { RemoteDb } from './db';

const BATCH = 1000;
const SHOWN_PROBLEMS = 200;

interface Problem {
  /** 1-based position of the record in the file. */
  record: number;
  reason: string;
}

export function showTransfer(db: RemoteDb, toaster: Toaster): void {
  const fileInput = byId<HTMLInputElement>('import-file');
  const importButton = byId<HTMLButtonElement>('import');
  const exportButton = byId<HTMLButtonElement>('export');
  const progress = byId<HTMLProgressElement>('transfer-progress');
  const status = byId('transfer-status');
  const problemsBox = byId<HTMLDetailsElement>('import-problems');
  const problemsSummary = byId('import-problems-summary');
  const problemsList = byId('import-problems-list');

  function busy(on: boolean): void {
    importButton.disabled = exportButton.disabled = on;
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
    const items = problems.slice(0, SHOWN_PROBLEMS).map((p) => h('li', { text: `Record ${p.record}: ${p.reason}.` }));
    if (problems.length > SHOWN_PROBLEMS) {
      items.push(h('li', { class: 'muted', text: `…and ${(problems.length - SHOWN_PROBLEMS).toLocaleString('en-US')} more.` }));
    }
    problemsList.replaceChildren(...items);
  }

  async function importText(text: string): Promise<void> {
    const records = importRecords(text);
    const problems: Problem[] = [];
    let added = 0;
    let known = 0;
    const seenUrls = new Map<string, number>();
    const now = new Date();
    advance(0, records.length, 'Importing');

    for (let start = 0; start < records.length; start += BATCH) {
      const candidates: { record: number; page: Page }[] = [];
      records.slice(start, start + BATCH).forEach((raw, i) => {
        const record = start + i + 1;
        const check = pageFromRecord(raw, now);
        if (!check.ok) {
          problems.push({ record, reason: check.reason });
          return;
        }
        const earlier = seenUrls.get(check.page.url);
        if (earlier !== undefined) {
          problems.push({ record, reason: `repeats the url of record ${earlier}` });
          return;
        }
        seenUrls.set(check.page.url, record);
        candidates.push({ record, page: check.page });
      });

      // Pages already in the library are left as they are; a taken id gets a fresh one.
      const existing = await db.pages.where('url').anyOf(candidates.map((c) => c.page.url)).toArray();
      const existingUrls = new Set(existing.map((p: Page) => p.url));
      const fresh = candidates.filter((c) => !existingUrls.has(c.page.url));
      known += candidates.length - fresh.length;
      const takenIds = new Set(await db.pages.where('id').anyOf(fresh.map((c) => c.page.id)).keys());
      const pages = fresh.map((c) => (takenIds.has(c.page.id) ? { ...c.page, id: crypto.randomUUID() } : c.page));

      try {
        await db.pages.bulkAdd(pages);
        added += pages.length;
      } catch {
        // Something in the batch was refused (e.g. saved meanwhile): add one by one to name it.
        for (const [i, page] of pages.entries()) {
          try {
            await db.pages.add(page);
            added += 1;
          } catch (error) {
            problems.push({ record: fresh[i].record, reason: errorText(error).replace(/\.$/, '') });
          }
        }
      }
      advance(Math.min(start + BATCH, records.length), records.length, 'Importing');
    }

    problems.sort((a, b) => a.record - b.record);
    showProblems(problems);
    const parts = [`Imported ${added === 1 ? '1 page' : `${added.toLocaleString('en-US')} pages`}.`];
    if (known > 0) parts.push(`${known.toLocaleString('en-US')} ${known === 1 ? 'was' : 'were'} already in the library.`);
    if (problems.length > 0) parts.push(`${problems.length.toLocaleString('en-US')} rejected (see below).`);
    setText(status, parts.join(' '));
  }

  async function exportAll(): Promise<void> {
    const total = await db.pages.count();
    const parts: string[] = [exportStart(new Date())];
    let done = 0;
    let after: string | undefined;
    advance(0, total, 'Exporting');
    for (;;) {
      // Keyset pages over the primary key: each window is an indexed range, whatever the size.
      const window = after === undefined ? db.pages.sortBy('id') : db.pages.where('id').above(after).sortBy('id');
      const docs: Page[] = await window.limit(BATCH).toArray();
      if (docs.length === 0) break;
      parts.push((done === 0 ? '' : ',\n') + docs.map((doc) => JSON.stringify(exportRecord(doc))).join(',\n'));
      done += docs.length;
      after = docs[docs.length - 1].id;
      advance(done, Math.max(total, done), 'Exporting');
    }
    parts.push(EXPORT_END);
    download(new Blob(parts, { type: 'application/json' }), `reading-list-${new Date().toISOString().slice(0, 10)}.json`);
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

  importButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) run(async () => importText(await file.text()));
  });
  exportButton.addEventListener('click', () => run(exportAll));
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
