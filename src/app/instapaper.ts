// Instapaper's export: `URL,Title,Selection,Folder,Timestamp,Tags` (Timestamp and Tags only in
// exports made since 2024). Folder is Unread, Archive, Starred or a folder of the user's, which
// becomes a tag; Timestamp is Unix seconds; Tags is a JSON list (`["a","b"]`). Selection (a
// highlight) has no place in a reading list and is left out.
import { csvSource, hasColumns, quoteCell, type Csv } from './csv';
import type { ImportSource } from './records';
import { unixTime } from './unix-time';

export function isInstapaperCsv(csv: Csv): boolean {
  return hasColumns(csv, ['url', 'title', 'folder']);
}

export function instapaperSource(csv: Csv): ImportSource {
  return csvSource(csv, 'an Instapaper export', (cell) => {
    const createdAt = unixTime(cell('timestamp'));
    if (createdAt === null) return `"Timestamp" is not a Unix time: ${quoteCell(cell('timestamp'))}`;
    const tags = tagList(cell('tags'));
    if (typeof tags === 'string') return tags;
    const folder = cell('folder').trim();
    const kind = folder.toLowerCase();
    if (kind === 'starred') tags.push('starred');
    else if (kind !== 'unread' && kind !== 'archive' && folder !== '') tags.unshift(folder);
    return { url: cell('url') || undefined, title: cell('title'), tags, status: kind === 'archive' ? 'archived' : 'unread', createdAt };
  });
}

/** The Tags cell: a JSON list of text, or (as some tools write it) text separated by commas. */
function tagList(text: string): string[] | string {
  const value = text.trim();
  if (value === '') return [];
  if (!value.startsWith('[')) return value.split(',');
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list) || !list.every((tag) => typeof tag === 'string')) return `"Tags" is not a list of text: ${quoteCell(value)}`;
  return list;
}
