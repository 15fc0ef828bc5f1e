// The code blocks of the READMEs, as the readme test runs them: where each starts, what it prints.
//
// The rule for results: a line holding `console.log(...)` ends with `// → <text>`, the text that
// line prints, as console.log prints it (strings as they are, anything else as `util.inspect` shows
// it, on one line). A line that prints more than once lists each in order: `// → 1; then 2`.
// A `console.log` without `// →` is refused: every value a README prints is checked.

export interface Block {
  /** The README, relative to the repository (`packages/core/README.md`). */
  readme: string;
  /** The README's line number of the block's first line of code (the line after the fence). */
  line: number;
  lang: 'ts' | 'tsx';
  code: string;
}

export interface Printed {
  /** The README line that prints. */
  line: number;
  texts: string[];
}

const ANNOTATION = /\/\/ → (.*)$/;

/** Every ```ts and ```tsx block of `text`, with its first line's number. Other languages are not code to run. */
export function codeBlocks(readme: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (fence === null) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`${readme}:${i + 1}: a code block that never ends`);
    const lang = fence[1];
    if (lang === 'ts' || lang === 'tsx') blocks.push({ readme, line: i + 2, lang, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** What the block's annotated lines promise to print, in README line order. */
export function promised(block: Block): Printed[] {
  return block.code.split('\n').flatMap((text, i) => {
    const annotation = ANNOTATION.exec(text);
    return annotation === null ? [] : [{ line: block.line + i, texts: annotation[1].trim().split('; then ') }];
  });
}

/**
 * The block as it runs: each annotated `console.log(` becomes `__log(<README line>, ` (lines stay
 * where they are). Throws for a `console.log` whose line promises nothing.
 */
export function instrumented(block: Block): string {
  return block.code
    .split('\n')
    .map((text, i) => {
      if (!text.includes('console.log(')) return text;
      const where = `${block.readme}:${block.line + i}`;
      if (!ANNOTATION.test(text)) throw new Error(`${where}: console.log without "// → <what it prints>"`);
      if (text.indexOf('console.log(') !== text.lastIndexOf('console.log(')) throw new Error(`${where}: one console.log per line`);
      return text.replace('console.log(', `__log(${block.line + i}, `);
    })
    .join('\n');
}

/** Groups the child's report lines (`{"line":n,"text":"..."}`) by README line, in order. */
export function printed(stdout: string): Printed[] {
  const byLine = new Map<number, string[]>();
  for (const row of stdout.split('\n')) {
    if (row === '') continue;
    const { line, text } = JSON.parse(row) as { line: number; text: string };
    byLine.set(line, [...(byLine.get(line) ?? []), text]);
  }
  return [...byLine].sort(([a], [b]) => a - b).map(([line, texts]) => ({ line, texts }));
}
