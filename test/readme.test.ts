// The README's core example is code a newcomer copies first: it must run as written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transform } from 'esbuild';
import * as core from '@ramify-db/core';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function exampleUnder(heading: string): string {
  const start = readme.indexOf(heading);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  if (start < 0 || block === null) throw new Error(`no ts example under "${heading}"`);
  return block[1];
}

const firstExample = () => exampleUnder('## The core');

async function run(example: string): Promise<unknown[][]> {
  const source = example.replace(/^import .*'@ramify-db\/core';$/m, 'const { Ramify } = core;');
  const { code } = await transform(source, { loader: 'ts' });
  const logged: unknown[][] = [];
  const console = { log: (...args: unknown[]) => logged.push(args) };
  new Function('core', 'console', code)(core, console);
  return logged;
}

describe('the README', () => {
  it('runs its core example as written and logs what the comments promise', async () => {
    expect(await run(firstExample())).toEqual([
      [1],
      [0],
      ['delete', ['u1']],
      ['create', ['u2']],
    ]);
  });

  it('runs its example of multi-clause queries, compound indexes and keys and typed JSON', async () => {
    expect(await run(exampleUnder('### Multi-clause queries, compound indexes and keys, typed JSON'))).toEqual([
      [['a', 'd']],
      [['d', 'a']],
      [['a', 'd']],
      ['create', [['a', 20000]]],
      [['a', 20000]],
      [1],
      [3],
      ['[{"path":["status","createdAt"],"op":"equals","args":[["read",2]]}]'],
    ]);
  });
});
