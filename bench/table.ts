// Printing for every benchmark: durations, ratios, targets and Markdown tables that can be pasted
// into the README as they are.

/** A Markdown table with padded columns; `align` per column, 'left' by default. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string {
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const cell = (text: string, column: number) =>
    align[column] === 'right' ? text.padStart(widths[column]) : text.padEnd(widths[column]);
  const line = (cells: readonly string[]) => `| ${cells.map((text, column) => cell(text ?? '', column)).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Milliseconds as a short human duration: ns, µs, ms or s with three significant digits. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0.001) return `${significant(ms * 1e6)} ns`;
  if (ms < 1) return `${significant(ms * 1e3)} µs`;
  if (ms < 1000) return `${significant(ms)} ms`;
  return `${significant(ms / 1000)} s`;
}

export function formatBytes(bytes: number): string {
  return `${significant(bytes / (1024 * 1024))} MB`;
}

/** A ratio or speed-up factor: `1.23×`, `45.6×`, `1234×`. */
export function formatRatio(ratio: number): string {
  return `${significant(ratio)}×`;
}

function significant(value: number): string {
  if (value >= 100) return Math.round(value).toString();
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export interface Target {
  name: string;
  /** The measured ratio (or factor). */
  measured: number;
  /** The smallest value that meets the target. */
  minimum: number;
}

export function meets(target: Target): boolean {
  return target.measured >= target.minimum;
}

/** One row per target: name, minimum, measured, PASS or MISS. */
export function targetTable(targets: readonly Target[]): string {
  return markdownTable(
    ['target', 'required', 'measured', 'result'],
    targets.map((target) => [target.name, `≥ ${formatRatio(target.minimum)}`, formatRatio(target.measured), meets(target) ? 'PASS' : 'MISS']),
    ['left', 'right', 'right', 'left'],
  );
}
