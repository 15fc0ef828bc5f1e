// Import files shaped like the real exports, for the unit tests of each format.
import type { ImportSource, RecordCheck } from '../../src/app/records';

export const NOW = new Date('2025-03-01T10:00:00Z');

/** Every record of a source, checked. */
export function checkAll(source: ImportSource): RecordCheck[] {
  return Array.from({ length: source.count }, (_, i) => source.check(i, NOW));
}

export function pagesOf(source: ImportSource) {
  return checkAll(source).map((check) => {
    if (!check.ok) throw new Error(`unexpected rejection: ${check.reason}`);
    const { url, title, tags, status, createdAt, updatedAt } = check.page;
    return { url, title, tags, status, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
  });
}

export function reasons(source: ImportSource): string[] {
  return checkAll(source).flatMap((check, i) => (check.ok ? [] : [`${source.label(i)}: ${check.reason}`]));
}

/** A CSV cell as a spreadsheet writes it: quoted when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLines(rows: readonly (readonly string[])[], newline = '\n'): string {
  return rows.map((row) => row.map(csvCell).join(',')).join(newline) + newline;
}

/** A title with what breaks naive CSV parsers: quotes, commas and line breaks. */
export function awkwardTitle(i: number): string {
  return i % 3 === 0 ? `He said "hi", then ${i}` : i % 3 === 1 ? `Line one\nline two, part ${i}` : `Plain title ${i}`;
}
