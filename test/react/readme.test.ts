// The hooks' README teaches by example: every ts block runs as written, and each
// `console.log(...)` prints what the comment line under it says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transform } from 'esbuild';
import * as react from 'react';
import * as server from 'react-dom/server';
import * as core from '@ramify-db/core';
import * as hooks from '@ramify-db/react';

const readme = readFileSync(new URL('../../packages/react/README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const modules: Record<string, unknown> = { react, 'react-dom/server': server, '@ramify-db/core': core, '@ramify-db/react': hooks };

/** What the comment line under each `console.log(...)` line promises. */
function promised(source: string): string[] {
  const lines = source.split('\n');
  return lines.flatMap((line, i) => (/^console\.log\(/.test(line) && lines[i + 1]?.startsWith('// ') ? [lines[i + 1].slice(3)] : []));
}

describe('the hooks README', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((block, i) => [i + 1, block]))('runs ts example %i and prints what it promises', async (_, block) => {
    const { code } = await transform(block, { loader: 'ts', format: 'esm' });
    // Named imports become reads of the modules the test loaded.
    const body = code.replace(/^import \{([^}]*)\} from "([^"]+)";$/gm, (_, names: string, from: string) => {
      if (!(from in modules)) throw new Error(`the example imports ${from}, which this test does not provide`);
      return `const {${names}} = modules[${JSON.stringify(from)}];`;
    });
    const logged: string[] = [];
    const console = { log: (...args: unknown[]) => logged.push(args.join(' ')) };
    new Function('modules', 'console', body)(modules, console);
    expect(logged).toEqual(promised(block));
  });
});
