// JSON import and export files, and the check every imported record goes through, whatever the
// format it came in. Export writes the fields a user owns (derived fields are rebuilt on import);
// import accepts such a file or a bare list and checks each record on its own, so one bad record
// is reported with its reason while the good ones are kept. A file is hostile until checked:
// fields are read as own properties only, and every size is bounded.
import { STATUSES, type Page, type Status } from './schema';
import { saveableUrl } from './url';
import { makePage } from './page';
import { normalizeTags } from './tags';
import { formatCount } from './format';

export const EXPORT_FORMAT = 'ramify-reading-list';
export const EXPORT_VERSION = 1;

/** Bounds of an import file and of each record in it. */
export const LIMITS = {
  fileBytes: 100_000_000,
  records: 200_000,
  urlLength: 8_192,
  titleLength: 10_000,
  idLength: 200,
  /** Tags given; a page keeps the first 20 of them (see `normalizeTags`). */
  tags: 100,
  tagLength: 1_000,
} as const;

export type RecordCheck = { ok: true; page: Page } | { ok: false; reason: string };

/** An import file read into records, each checked on its own when its batch comes. */
export interface ImportSource {
  /** What the file holds, for the user: "a JSON export", "a Pocket export"... */
  kind: string;
  count: number;
  /** How problems name record `index` (0-based): "Record 3", "Row 4", "Bookmark 5". */
  label(index: number): string;
  check(index: number, now: Date): RecordCheck;
}

/** The value of an own property: a file's `__proto__` or `constructor` is data, never a path. */
export function own(record: object, key: string): unknown {
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/** Refuses a file with more records than an import takes. */
export function checkCount(count: number, what: string): void {
  if (count > LIMITS.records) {
    throw new Error(`The file holds ${formatCount(count, what, `${what}s`)}; an import takes at most ${LIMITS.records.toLocaleString('en-US')}. Split it into smaller files.`);
  }
}

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
  const records = Array.isArray(data) ? data : isObject(data) ? own(data, 'pages') : undefined;
  if (!Array.isArray(records)) throw new Error('The file holds neither a list of pages nor a reading-list export.');
  checkCount(records.length, 'record');
  return records;
}

/** A JSON import file as an import source. */
export function jsonSource(text: string): ImportSource {
  const records = importRecords(text);
  return { kind: 'a JSON file', count: records.length, label: (i) => `Record ${i + 1}`, check: (i, now) => pageFromRecord(records[i], now) };
}

export function pageFromRecord(record: unknown, now: Date = new Date()): RecordCheck {
  if (!isObject(record)) return bad(`is ${describe(record)}, not an object`);
  const [id, url, title, tags, status, createdAt, updatedAt] = ['id', 'url', 'title', 'tags', 'status', 'createdAt', 'updatedAt'].map((key) => own(record, key));

  if (url === undefined) return bad('has no "url"');
  if (typeof url !== 'string') return bad(`"url" must be text, got ${describe(url)}`);
  if (url.length > LIMITS.urlLength) return bad(tooLong('url', LIMITS.urlLength));
  const address = saveableUrl(url);
  if (!address) return bad(`"url" ${JSON.stringify(clip(url))} is not an http, https or file address`);

  if (id !== undefined && (typeof id !== 'string' || id.trim() === '')) {
    return bad(`"id" must be non-empty text, got ${describe(id)}`);
  }
  if (typeof id === 'string' && id.length > LIMITS.idLength) return bad(tooLong('id', LIMITS.idLength));
  if (title !== undefined && title !== null && typeof title !== 'string') {
    return bad(`"title" must be text, got ${describe(title)}`);
  }
  if (typeof title === 'string' && title.length > LIMITS.titleLength) return bad(tooLong('title', LIMITS.titleLength));
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))) {
    return bad(`"tags" must be a list of text, got ${describe(tags)}`);
  }
  if (Array.isArray(tags) && tags.length > LIMITS.tags) return bad(`"tags" has ${tags.length.toLocaleString('en-US')} entries; at most ${LIMITS.tags} are read`);
  if (Array.isArray(tags) && tags.some((tag: string) => tag.length > LIMITS.tagLength)) return bad(`a tag is longer than ${LIMITS.tagLength.toLocaleString('en-US')} characters`);
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

function tooLong(field: string, limit: number): string {
  return `"${field}" is longer than ${limit.toLocaleString('en-US')} characters`;
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
