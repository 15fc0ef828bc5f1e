// Import and export files. Export writes the fields a user owns (derived `domain` and `words` are
// rebuilt on import); import accepts such a file or a bare list and checks each record on its own,
// so one bad record is reported with its reason while the good ones are kept.
import { STATUSES, type Page, type Status } from './schema';
import { saveableUrl } from './url';
import { makePage } from './page';
import { normalizeTags } from './tags';

export const EXPORT_FORMAT = 'ramify-reading-list';
export const EXPORT_VERSION = 1;

export type RecordCheck = { ok: true; page: Page } | { ok: false; reason: string };

export interface ExportedPage {
  id: string;
  url: string;
  title: string;
  tags: string[];
  status: Status;
  createdAt: string;
  updatedAt: string;
}

export function exportRecord(page: Page): ExportedPage {
  return {
    id: page.id,
    url: page.url,
    title: page.title,
    tags: [...page.tags],
    status: page.status,
    createdAt: page.createdAt.toISOString(),
    updatedAt: page.updatedAt.toISOString(),
  };
}

/** The text before the records of an export file; records follow, comma-separated, then `EXPORT_END`. */
export function exportStart(exportedAt: Date): string {
  return `{"format":"${EXPORT_FORMAT}","version":${EXPORT_VERSION},"exportedAt":"${exportedAt.toISOString()}","pages":[\n`;
}

export const EXPORT_END = '\n]}\n';

/** The records of an import file: an export file's `pages`, or a bare list. Throws a sentence for the user. */
export function importRecords(text: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`The file is not valid JSON (${(error as Error).message}).`);
  }
  if (Array.isArray(data)) return data;
  if (isObject(data) && Array.isArray(data.pages)) return data.pages;
  throw new Error('The file holds neither a list of pages nor a reading-list export.');
}

export function pageFromRecord(record: unknown, now: Date = new Date()): RecordCheck {
  if (!isObject(record)) return bad(`is ${describe(record)}, not an object`);
  const { id, url, title, tags, status, createdAt, updatedAt } = record;

  if (url === undefined) return bad('has no "url"');
  if (typeof url !== 'string') return bad(`"url" must be text, got ${describe(url)}`);
  const address = saveableUrl(url);
  if (!address) return bad(`"url" ${JSON.stringify(clip(url))} is not an http, https or file address`);

  if (id !== undefined && (typeof id !== 'string' || id.trim() === '')) {
    return bad(`"id" must be non-empty text, got ${describe(id)}`);
  }
  if (title !== undefined && title !== null && typeof title !== 'string') {
    return bad(`"title" must be text, got ${describe(title)}`);
  }
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))) {
    return bad(`"tags" must be a list of text, got ${describe(tags)}`);
  }
  if (status !== undefined && !STATUSES.includes(status as Status)) {
    return bad(`"status" must be one of ${STATUSES.join(', ')}, got ${describe(status)}`);
  }
  const created = dateOf(createdAt);
  if (created === null) return bad(`"createdAt" is not a date: ${describe(createdAt)}`);
  const updated = dateOf(updatedAt);
  if (updated === null) return bad(`"updatedAt" is not a date: ${describe(updatedAt)}`);

  return {
    ok: true,
    page: makePage(
      {
        url: address,
        ...(typeof id === 'string' ? { id } : {}),
        ...(typeof title === 'string' ? { title } : {}),
        tags: normalizeTags((tags as string[] | undefined) ?? []),
        status: (status as Status | undefined) ?? 'unread',
        ...(created ? { createdAt: created } : {}),
        ...(updated ? { updatedAt: updated } : {}),
      },
      now,
    ),
  };
}

/** `undefined` when absent, `null` when present but not a date. */
function dateOf(value: unknown): Date | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function bad(reason: string): RecordCheck {
  return { ok: false, reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(clip(value));
  return String(value);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
