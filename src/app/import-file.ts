// Which kind of import file the user chose, told from its content (a name can lie or be missing):
// JSON (this extension's export, or a list of records), a bookmarks HTML file, or a CSV export
// of Pocket or Instapaper, told apart by its header.
import { readCsv } from './csv';
import { bookmarksSource } from './bookmarks';
import { instapaperSource, isInstapaperCsv } from './instapaper';
import { isPocketCsv, pocketSource } from './pocket';
import { jsonSource, LIMITS, type ImportSource } from './records';
import { formatBytes } from './format';

/** Refuses a file too large to read before reading it. */
export function checkFileSize(bytes: number): void {
  if (bytes > LIMITS.fileBytes) {
    throw new Error(`The file is ${formatBytes(bytes)}; an import reads at most ${formatBytes(LIMITS.fileBytes)}. Split it into smaller files.`);
  }
}

/** `parseHtml` is the page's DOMParser (a parameter, so tests can give another). Throws a sentence for the user. */
export function readImportFile(text: string, parseHtml: (html: string) => Document): ImportSource {
  checkFileSize(text.length);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return jsonSource(body);
  if (start.startsWith('<')) {
    const source = bookmarksSource(parseHtml(body));
    if (source.count === 0) throw new Error('The HTML file holds no bookmarks (no links).');
    return source;
  }
  const csv = readCsv(body);
  if (isPocketCsv(csv)) return pocketSource(csv);
  if (isInstapaperCsv(csv)) return instapaperSource(csv);
  const columns = csv.header.slice(0, 10).join(', ') || 'none';
  throw new Error(
    `The file is neither JSON, a bookmarks HTML file, nor a Pocket or Instapaper CSV export (its first line has the columns: ${columns.slice(0, 200)}).`,
  );
}
