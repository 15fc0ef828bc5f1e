// Writing an import into the library in batches of 1,000, over the remote store. A record is
// refused with its reason (bad, or the same page as an earlier record of the file); a page
// already in the library (same `urlKey`) is left as it is and counted as known; an id taken in
// the library or earlier in the file is replaced by a fresh one. A failed write is never
// mistaken for duplicates: only an error about one record (with its index) is put on that
// record; any other (PERSISTENCE_FAILED, TIMEOUT, DISCONNECTED...) stops the import, after
// reading back whether the batch was written, and says so.
import type { Page } from '../app/schema';
import type { ImportSource } from '../app/records';

export const BATCH = 1000;
/** A batch refused because a page was saved meanwhile is checked again this many times. */
const CONFLICT_RETRIES = 3;

/** The remote collection's calls an import makes (a `RemoteCollection<Page>` has them). */
export interface PagesTarget {
  where(path: 'urlKey' | 'id'): { anyOf(values: string[]): { toArray(): Promise<readonly Page[]>; keys(): Promise<readonly string[]> } };
  bulkAdd(docs: Page[]): Promise<unknown>;
  bulkGet(keys: string[]): Promise<readonly (Page | undefined)[]>;
}

export interface Problem {
  /** 0-based position in the file, for sorting. */
  index: number;
  /** "Record 3", "Row 4", "Bookmark 5". */
  label: string;
  reason: string;
}

export interface ImportProgress {
  total: number;
  /** Records handled by the batches known to be written. */
  done: number;
  added: number;
  known: number;
  problems: Problem[];
}

/** The batch about to be written, as the journal records it. */
export interface Writing {
  ids: string[];
  end: number;
  known: number;
  rejected: number;
}

export type ImportEnd =
  | { kind: 'finished' }
  | { kind: 'cancelled' }
  /** `written`: how much of the failed batch is in the library, as read back after the error. */
  | { kind: 'stopped'; error: unknown; batch: number; written: 'all' | 'none' | 'unknown'; checkError?: unknown };

export interface ImportHooks {
  /** Before each batch is written (the journal). If it fails, the import stops there. */
  beforeWrite?(progress: Readonly<ImportProgress>, writing: Writing): Promise<void>;
  onProgress?(progress: Readonly<ImportProgress>): void;
  isCancelled?(): boolean;
  now?: Date;
}

interface Candidate {
  index: number;
  page: Page;
}

export async function runImport(pages: PagesTarget, source: ImportSource, hooks: ImportHooks = {}): Promise<{ progress: ImportProgress; end: ImportEnd }> {
  const now = hooks.now ?? new Date();
  const progress: ImportProgress = { total: source.count, done: 0, added: 0, known: 0, problems: [] };
  const firstOfKey = new Map<string, { index: number; url: string }>();
  const idsInFile = new Set<string>();
  const refuse = (index: number, reason: string) => progress.problems.push({ index, label: source.label(index), reason });

  for (let start = 0; start < source.count; start += BATCH) {
    if (hooks.isCancelled?.()) return { progress, end: { kind: 'cancelled' } };
    const end = Math.min(start + BATCH, source.count);
    const rejectedBefore = progress.problems.length;
    let candidates: Candidate[] = [];
    for (let index = start; index < end; index++) {
      const check = source.check(index, now);
      if (!check.ok) {
        refuse(index, check.reason);
        continue;
      }
      let page = check.page;
      const earlier = firstOfKey.get(page.urlKey);
      if (earlier !== undefined) {
        const other = source.label(earlier.index).toLowerCase();
        refuse(index, earlier.url === page.url ? `repeats the url of ${other}` : `is the same page as ${other} (the addresses differ only by #fragment or tracking parameters)`);
        continue;
      }
      firstOfKey.set(page.urlKey, { index, url: page.url });
      // Two records with one id are two pages: the later one gets a fresh id.
      if (idsInFile.has(page.id)) page = { ...page, id: crypto.randomUUID() };
      idsInFile.add(page.id);
      candidates.push({ index, page });
    }
    const rejected = progress.problems.length - rejectedBefore;

    for (let attempt = 0; ; attempt++) {
      let fresh: Candidate[] = [];
      let known = 0;
      let sent = false;
      try {
        ({ fresh, known } = await partition(pages, candidates));
        await hooks.beforeWrite?.(progress, { ids: fresh.map((c) => c.page.id), end, known, rejected });
        sent = true;
        if (fresh.length > 0) await pages.bulkAdd(fresh.map((c) => c.page));
        progress.added += fresh.length;
        progress.known += known;
        progress.done = end;
        break;
      } catch (error) {
        const item = recordOf(error, fresh);
        if (sent && item !== undefined) {
          if (isConflict(error) && attempt < CONFLICT_RETRIES) continue; // Saved meanwhile: check the batch again.
          if (!isConflict(error)) {
            refuse(item.index, reasonOf(error));
            candidates = candidates.filter((c) => c.index !== item.index);
            continue;
          }
        }
        const stopped = { kind: 'stopped' as const, error, batch: end - start };
        if (!sent) return { progress, end: { ...stopped, written: 'none' } };
        const readBack = await writtenPages(pages, fresh);
        if (readBack.written === 'all') {
          progress.added += fresh.length;
          progress.known += known;
          progress.done = end;
        }
        return { progress, end: { ...stopped, ...readBack } };
      } finally {
        hooks.onProgress?.(progress);
      }
    }
  }
  return { progress, end: { kind: 'finished' } };
}

/** Splits a batch into pages to add and pages already in the library; taken ids get fresh ones. */
async function partition(pages: PagesTarget, candidates: readonly Candidate[]): Promise<{ fresh: Candidate[]; known: number }> {
  if (candidates.length === 0) return { fresh: [], known: 0 };
  const existing = await pages.where('urlKey').anyOf(candidates.map((c) => c.page.urlKey)).toArray();
  const keys = new Set(existing.map((p) => p.urlKey));
  const fresh = candidates.filter((c) => !keys.has(c.page.urlKey));
  const taken = new Set(await pages.where('id').anyOf(fresh.map((c) => c.page.id)).keys());
  return {
    fresh: fresh.map((c) => (taken.has(c.page.id) ? { ...c, page: { ...c.page, id: crypto.randomUUID() } } : c)),
    known: candidates.length - fresh.length,
  };
}

/** The batch's pages found in the library after a failed write: all, none, or unknown (the check failed too). */
async function writtenPages(pages: PagesTarget, fresh: readonly Candidate[]): Promise<{ written: 'all' | 'none' | 'unknown'; checkError?: unknown }> {
  try {
    const found = await pages.bulkGet(fresh.map((c) => c.page.id));
    const present = found.filter((doc, i) => doc !== undefined && doc.url === fresh[i].page.url).length;
    return { written: present === fresh.length ? 'all' : present === 0 ? 'none' : 'unknown' };
  } catch (checkError) {
    return { written: 'unknown', checkError };
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function isConflict(error: unknown): boolean {
  return codeOf(error) === 'UNIQUE_VIOLATION' || codeOf(error) === 'DUPLICATE_KEY';
}

/** The record a bulk error is about: the core names it by its index in the batch. */
function recordOf(error: unknown, batch: readonly Candidate[]): Candidate | undefined {
  const index = (error as { index?: unknown } | null)?.index;
  return typeof index === 'number' && Number.isInteger(index) ? batch[index] : undefined;
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
