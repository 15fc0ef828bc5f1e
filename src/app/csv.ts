// CSV import files (Pocket, Instapaper), parsed with Papa Parse: quotes, commas and line breaks
// inside fields, CRLF, a byte order mark. Rows are read as lists and columns found by header
// name, so a file's header can never name an object's prototype, and a column may move or be
// missing (empty).
import Papa from 'papaparse';
import { checkCount, pageFromRecord, type ImportSource } from './records';

export interface Csv {
  /** Column names, trimmed and lower-cased. */
  header: string[];
  rows: string[][];
  /** Rows Papa Parse could not read, by index in `rows`, with the reason. */
  broken: Map<number, string>;
}

export function readCsv(text: string): Csv {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { header: false, delimiter: ',', skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = result.data;
  checkCount(rows.length, 'row');
  const broken = new Map<number, string>();
  for (const error of result.errors) {
    // Too few or too many fields are read as they are; a broken quote swallows what follows it.
    if (error.type !== 'Quotes' || error.row === undefined || error.row < 1) continue;
    broken.set(error.row - 1, `has a quote that is never closed (${error.message})`);
  }
  return { header: header.map((name) => name.trim().toLowerCase()), rows, broken };
}

export function hasColumns(csv: Csv, names: readonly string[]): boolean {
  return names.every((name) => csv.header.includes(name));
}

/**
 * A CSV file as an import source. `toRecord` reads a row's cells by column name and gives the
 * record to check (see `pageFromRecord`), or the reason the row is refused.
 */
export function csvSource(csv: Csv, kind: string, toRecord: (cell: (column: string) => string) => object | string): ImportSource {
  const columns = new Map<string, number>();
  csv.header.forEach((name, i) => columns.has(name) || columns.set(name, i));
  return {
    kind,
    count: csv.rows.length,
    // The header is row 1, as a spreadsheet numbers them.
    label: (i) => `Row ${i + 2}`,
    check(i, now) {
      const broken = csv.broken.get(i);
      if (broken !== undefined) return { ok: false, reason: broken };
      const row = csv.rows[i];
      const cell = (column: string) => {
        const at = columns.get(column);
        return at === undefined ? '' : (row[at] ?? '');
      };
      const record = toRecord(cell);
      return typeof record === 'string' ? { ok: false, reason: record } : pageFromRecord(record, now);
    },
  };
}

/** A cell as the user would recognise it in a reason. */
export function quoteCell(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}
