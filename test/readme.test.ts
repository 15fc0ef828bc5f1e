// Every ```ts and ```tsx block of every README (the root one and packages/*/README.md) runs as
// written, the way TinyBase runs the examples of its docs: a stranger copies them first.
//
// - Each block is a module of its own: imports at its top, by package name (`@ramify-db/core`...).
// - Type check: every block is written as a file into one temporary folder under the repository
//   (so `@ramify-db/*` resolve through the workspace links and their "@ramify-db/source" condition), and one
//   strict tsc run checks them all; an error is reported at its README line.
// - Run: each block is bundled with esbuild ("@ramify-db/source" condition) after test/docs/readme-env.ts,
//   which provides `indexedDB` (fake-indexeddb) and `browser.runtime` (both ends of the bridge in
//   the one process), and runs in a Node process of its own; a tsx block also gets a jsdom
//   document (test/docs/readme-dom.ts). A block is over when nothing is left to run; it fails if
//   it throws, prints to stderr or is still running after 30 s.
// - Results: a `console.log(...)` line ends with `// → <text>`, what that line prints, as
//   console.log prints it on one line (strings as they are, other values as `util.inspect` shows
//   them); a line printing several times lists them in order, `// → 1; then 2`. Every value
//   printed is compared, and a `console.log` without its `// →` fails the block
//   (test/docs/readme-blocks.ts).
// - A block that must not run (a shell command, a manifest, a sketch) takes another language tag
//   (sh, json, js...).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, instrumented, printed, promised, type Block } from './docs/readme-blocks';

const root = fileURLToPath(new URL('..', import.meta.url));
const READMES = ['README.md', ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}/README.md`)].filter((path) => {
  try {
    return readFileSync(join(root, path)).length > 0;
  } catch {
    return false;
  }
});
const blocks = READMES.flatMap((readme) => codeBlocks(readme, readFileSync(join(root, readme), 'utf8')));
const RUN_TIMEOUT_MS = 30_000;

const fileOf = (block: Block) => `${block.readme.replace(/\W+/g, '-')}-L${block.line}.${block.lang}`;

let folder: string;
/** tsc's errors, by block file. */
let typeErrors: Map<string, string[]>;

function run(command: string, args: string[], options: { cwd: string; timeout?: number }): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : ((error as { code?: number | string }).code ?? (error.killed ? 'killed' : 1)), stdout, stderr });
    });
  });
}

beforeAll(async () => {
  mkdirSync(join(root, '.cache'), { recursive: true });
  folder = mkdtempSync(join(root, '.cache', 'readme-blocks-'));
  writeFileSync(
    join(folder, 'tsconfig.json'),
    JSON.stringify({
      extends: relative(folder, join(root, 'tsconfig.json')),
      // Strict as the repository's code, but an example may name a value only to show it.
      compilerOptions: { jsx: 'react-jsx', noUnusedLocals: false, noUnusedParameters: false },
      include: ['*.ts', '*.tsx'],
    }),
  );
  // `export {}` makes each block a module even without imports (top-level await, names of its own).
  for (const block of blocks) writeFileSync(join(folder, fileOf(block)), `${block.code}\nexport {};\n`);
  const tsc = await run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', folder, '--noEmit', '--pretty', 'false'], { cwd: root });
  typeErrors = new Map();
  let last: string[] | undefined;
  for (const row of tsc.stdout.split('\n')) {
    const error = /^(?:.*[\\/])?([^\\/(]+)\((\d+),(\d+)\): (.*)$/.exec(row);
    if (error !== null) {
      const block = blocks.find((candidate) => fileOf(candidate) === error[1]);
      const where = block === undefined ? error[1] : `${block.readme}:${block.line + Number(error[2]) - 1}:${error[3]}`;
      last = typeErrors.get(error[1]) ?? [];
      typeErrors.set(error[1], last);
      last.push(`${where}: ${error[4]}`);
    } else if (row.trim() !== '' && last !== undefined) last.push(row);
  }
  if (tsc.code !== 0 && typeErrors.size === 0) throw new Error(`tsc failed without an error this test can place:\n${tsc.stdout}\n${tsc.stderr}`);
}, 120_000);

afterAll(() => {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

describe('README code blocks', () => {
  it('finds blocks in every README', () => {
    for (const readme of READMES) expect(blocks.filter((block) => block.readme === readme).length, readme).toBeGreaterThan(0);
  });

  it('type-checks no file but the blocks', () => {
    const strangers = [...typeErrors.keys()].filter((file) => !blocks.some((block) => fileOf(block) === file));
    expect(strangers.flatMap((file) => typeErrors.get(file))).toEqual([]);
  });

  // Each block runs in a process of its own: several at once.
  describe.concurrent.each(blocks.map((block) => [`${block.readme}:${block.line}`, block] as const))('%s', (_, block) => {
    it('type-checks (strict)', () => {
      expect(typeErrors.get(fileOf(block)) ?? [], `type errors in the block at ${block.readme}:${block.line}`).toEqual([]);
    });

    it('runs and prints what its `// →` comments say', async () => {
      const where = `${block.readme}:${block.line}`;
      const name = fileOf(block).replace(/\.tsx?$/, '');
      writeFileSync(join(folder, `${name}.run.${block.lang}`), instrumented(block));
      const env = [join(root, 'test/docs/readme-env.ts'), ...(block.lang === 'tsx' ? [join(root, 'test/docs/readme-dom.ts')] : [])];
      writeFileSync(join(folder, `${name}.entry.ts`), [...env, `./${name}.run.${block.lang}`].map((path) => `import ${JSON.stringify(path)};`).join('\n'));
      const bundle = join(folder, `${name}.mjs`);
      await build({
        entryPoints: [join(folder, `${name}.entry.ts`)],
        outfile: bundle,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        conditions: ['@ramify-db/source'],
        // jsdom reads its own files at run time: Node loads it from node_modules.
        external: ['jsdom'],
        jsx: 'automatic',
        logLevel: 'silent',
        // Bundled CommonJS (React, jsdom) may call require() for Node's own modules.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
        sourcemap: 'inline',
      });
      const ran = await run(process.execPath, ['--enable-source-maps', bundle], { cwd: folder, timeout: RUN_TIMEOUT_MS });
      if (ran.code === 'killed' || ran.code === 'SIGTERM') throw new Error(`${where}: still running after ${RUN_TIMEOUT_MS} ms (a live query, subscription or connection left open?)`);
      if (ran.code !== 0 || ran.stderr !== '') throw new Error(`${where}: the block failed (exit ${ran.code})\n${ran.stderr}`);
      expect(printed(ran.stdout), `what the block at ${where} printed, by README line`).toEqual(promised(block));
    }, RUN_TIMEOUT_MS + 30_000);
  });
});
