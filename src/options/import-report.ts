// What an import did, in sentences for the user: the counts, and when it did not finish, why,
// where it stopped, and what happened to the batch that was being written.
import { formatCount } from '../app/format';
import { errorText } from '../app/ui/errors';
import type { ImportEnd, ImportProgress } from './import-run';

const n = (count: number) => count.toLocaleString('en-US');

/** "Imported 3 pages. 1 was already in the library. 2 rejected (see below)." */
export function importCounts(added: number, known: number, rejected: number, listed = true): string {
  const parts = [`Imported ${formatCount(added, 'page', 'pages')}.`];
  if (known > 0) parts.push(`${n(known)} ${known === 1 ? 'was' : 'were'} already in the library.`);
  if (rejected > 0) parts.push(`${n(rejected)} rejected${listed ? ' (see below)' : ''}.`);
  return parts.join(' ');
}

const AGAIN = 'Import the file again to add the rest: pages already imported are recognised and skipped.';

export function importSummary(progress: Readonly<ImportProgress>, end: ImportEnd): string {
  const counts = importCounts(progress.added, progress.known, progress.problems.length);
  if (end.kind === 'finished') return counts;
  if (end.kind === 'cancelled') return `Import cancelled after ${n(progress.done)} of ${formatCount(progress.total, 'record', 'records')}. ${counts} ${AGAIN}`;

  const at = end.written === 'all' ? progress.done - end.batch : progress.done;
  const from = at + 1;
  const range = `records ${n(from)} to ${n(from + end.batch - 1)}`;
  const batch =
    end.written === 'all'
      ? codeOf(end.error) === 'PERSISTENCE_FAILED'
        ? `Those include ${range}: they are in the library but not yet saved to disk, and the reading list keeps trying to save them.`
        : `Those include ${range}, written although the reading list did not confirm it.`
      : end.written === 'none'
        ? `${capitalised(range)} were not imported.`
        : `Whether ${range} were imported could not be checked${end.checkError === undefined ? '' : ` (${failure(end.checkError)})`}: the table shows what is there.`;
  return `The import stopped after ${n(at)} of ${formatCount(progress.total, 'record', 'records')}: ${failure(end.error)}. ${counts} ${batch} ${AGAIN}`;
}

/** The real error, not a guess: what kind of failure, and the background's own words. */
export function failure(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  switch (codeOf(error)) {
    case 'PERSISTENCE_FAILED':
      return `the reading list could not save to disk (${message})`;
    case 'TIMEOUT':
      return 'the reading list did not answer in time';
    case 'DISCONNECTED':
      return `the connection to the reading list was lost (${message})`;
    default:
      return errorText(error).replace(/\.$/, '');
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
