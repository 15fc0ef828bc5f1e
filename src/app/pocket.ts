// Pocket's export: a CSV per 10,000 saves, `title,url,time_added,cursor,tags,status` (the
// `cursor` column only in exports made before 2025), time_added in Unix seconds, tags separated
// by `|`, status `unread` or `archive`.
import { csvSource, hasColumns, quoteCell, type Csv } from './csv';
import type { ImportSource } from './records';
import type { Status } from './schema';
import { unixTime } from './unix-time';

const STATUS = new Map<string, Status>([
  ['unread', 'unread'],
  ['', 'unread'],
  ['archive', 'archived'],
]);

export function isPocketCsv(csv: Csv): boolean {
  return hasColumns(csv, ['title', 'url', 'time_added']);
}

export function pocketSource(csv: Csv): ImportSource {
  return csvSource(csv, 'a Pocket export', (cell) => {
    const createdAt = unixTime(cell('time_added'));
    if (createdAt === null) return `"time_added" is not a Unix time: ${quoteCell(cell('time_added'))}`;
    const status = STATUS.get(cell('status').trim().toLowerCase());
    if (status === undefined) return `"status" must be unread or archive, got ${quoteCell(cell('status'))}`;
    const tags = cell('tags');
    return { url: cell('url') || undefined, title: cell('title'), tags: tags ? tags.split('|') : [], status, createdAt };
  });
}
