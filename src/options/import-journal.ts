// The journal of imports (the `imports` collection): written before each batch, deleted when the
// import ends. An import whose page closed leaves its entry behind, and the next options page to
// open tells what it did. Whether an entry's import is still running in another tab is told by a
// Web Lock its page holds while it runs: the browser releases it when the page goes, however it
// goes, so no timeout has to guess.
import type { ImportJournal } from '../app/schema';
import { formatCount, shortDate } from '../app/format';
import { importCounts } from './import-report';
import type { PagesTarget } from './import-run';

const LOCK_PREFIX = 'reading-list-import:';

/** Takes the import's lock; resolves with the function that releases it. */
export function holdImportLock(id: string): Promise<() => void> {
  return new Promise((granted) => {
    void navigator.locks.request(LOCK_PREFIX + id, () => new Promise<void>((release) => granted(() => release())));
  });
}

/** The ids of the imports running in some page now. */
export async function runningImports(): Promise<Set<string>> {
  const { held = [] } = await navigator.locks.query();
  return new Set(held.flatMap(({ name }) => (name?.startsWith(LOCK_PREFIX) ? [name.slice(LOCK_PREFIX.length)] : [])));
}

const n = (count: number) => count.toLocaleString('en-US');

function started(journal: ImportJournal): string {
  return `The import of “${journal.file}” started ${shortDate(journal.startedAt)} at ${journal.startedAt.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}`;
}

export function runningNotice(journal: ImportJournal): string {
  return `${started(journal)} is running in another tab: ${n(journal.done)} of ${formatCount(journal.total, 'record', 'records')} so far.`;
}

/** What an import cut short did: the journal, and its last batch read back from the library. */
export async function interruptedNotice(pages: Pick<PagesTarget, 'bulkGet'>, journal: ImportJournal): Promise<string> {
  let { done, added, known, rejected } = journal;
  let unknown = '';
  const writing = journal.writing;
  if (writing !== null) {
    const range = `records ${n(done + 1)} to ${n(writing.end)}`;
    try {
      const found = writing.ids.length === 0 ? [] : await pages.bulkGet(writing.ids);
      const present = found.filter((doc) => doc !== undefined).length;
      if (present === writing.ids.length) {
        ({ done, added, known, rejected } = { done: writing.end, added: added + present, known: known + writing.known, rejected: rejected + writing.rejected });
      } else if (present > 0) {
        unknown = ` ${present} of the ${n(writing.ids.length)} new pages of ${range} ${present === 1 ? 'is' : 'are'} in the library.`;
      }
    } catch {
      unknown = ` Whether ${range} were imported could not be checked.`;
    }
  }
  // The list of rejected records went with the page that closed.
  const counts = importCounts(added, known, rejected, false);
  return `${started(journal)} was interrupted when its page closed, after ${n(done)} of ${formatCount(journal.total, 'record', 'records')}. ${counts}${unknown} Import the file again to add the rest: pages already imported are recognised and skipped.`;
}
