// The README's core example is code a newcomer copies first: it must run as written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transform } from 'esbuild';
import * as core from '@ramify-db/core';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function firstExample(): string {
  const start = readme.indexOf('## The core');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  if (block === null) throw new Error('no ts example under "## The core"');
  return block[1];
}

describe('the README', () => {
  it('runs its core example as written and logs what the comments promise', async () => {
    const source = firstExample().replace(/^import .*'@ramify-db\/core';$/m, 'const { Ramify } = core;');
    const { code } = await transform(source, { loader: 'ts' });
    const logged: unknown[][] = [];
    const console = { log: (...args: unknown[]) => logged.push(args) };
    new Function('core', 'console', code)(core, console);
    expect(logged).toEqual([
      [1],
      [0],
      ['delete', ['u1']],
      ['create', ['u2']],
    ]);
  });
});
