// Runs benchmarks: `node bench/run.mjs [name...]`.
// Each bench/<name>.bench.ts is bundled with esbuild (the workspace packages from their sources, other
// npm packages left as imports) and run in its own `node --expose-gc` process, output streamed.
// Without names every benchmark runs except `browser`, which needs a browser and runs only when named.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const outDir = join(root, 'node_modules', '.cache', 'ramify-bench');
const SUFFIX = '.bench.ts';
const ON_REQUEST_ONLY = new Set(['browser']);

function benchNames(args) {
  if (args.length > 0) return args;
  return readdirSync(benchDir)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .filter((name) => !ON_REQUEST_ONLY.has(name))
    .sort();
}

/** npm packages stay imports, except the workspace's own, bundled from their sources ("@ramify-db/source" condition). */
const externalExceptWorkspaces = {
  name: 'external-except-workspaces',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@ramify-db/') ? undefined : { path: args.path, external: true }));
  },
};

async function bundle(name) {
  const entry = join(benchDir, `${name}${SUFFIX}`);
  if (!existsSync(entry)) throw new Error(`no benchmark named "${name}" (expected ${join('bench', name + SUFFIX)})`);
  const outfile = join(outDir, `${name}.bench.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    conditions: ['@ramify-db/source'],
    plugins: [externalExceptWorkspaces],
    logLevel: 'warning',
  });
  return outfile;
}

let running; // the benchmark process, stopped with us so none is left behind

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    running?.kill(signal);
    process.exit(1);
  });
}

function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', file], { cwd: root, stdio: 'inherit' });
    running = child;
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const names = benchNames(process.argv.slice(2));
if (names.length === 0) {
  console.error('no benchmarks found in bench/');
  process.exit(1);
}
const failed = [];
for (const name of names) {
  console.log(`\n# bench: ${name}\n`);
  let code;
  try {
    code = await run(await bundle(name));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    code = 1;
  }
  if (code !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
