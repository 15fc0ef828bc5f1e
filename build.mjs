// Builds the extension into dist/: bundles the background, popup and options scripts with esbuild
// (each page's CSS is imported by its script and comes out beside it), copies the manifest, HTML
// and icons.
//
//   node build.mjs                  development build (source maps)
//   node build.mjs --release        minified, no source maps
//   node build.mjs --watch          rebuild on every change
//   node build.mjs --watch --run    ... and run the extension with `web-ext run` (Firefox by default);
//                                   any other argument goes to web-ext, e.g. `--target chromium`
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { cp, mkdir, rm, stat, watch as watchFiles } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');

const OWN_FLAGS = new Set(['--release', '--watch', '--run']);
const argv = process.argv.slice(2);
const release = argv.includes('--release');
const watching = argv.includes('--watch');
const running = argv.includes('--run');
const webExtArgs = argv.filter((arg) => !OWN_FLAGS.has(arg) && arg !== '--');

/** Files copied as they are: [source, name in dist]. */
const STATIC_FILES = [
  ['manifest.json', 'manifest.json'],
  ['src/popup/popup.html', 'popup.html'],
  ['src/options/options.html', 'options.html'],
  ['icons', 'icons'],
];

const options = {
  absWorkingDir: root,
  entryPoints: {
    background: 'src/background/index.ts',
    popup: 'src/popup/index.ts',
    options: 'src/options/index.ts',
  },
  entryNames: '[name]',
  outdir: dist,
  bundle: true,
  // Classic scripts: the same background file runs as Chrome's service worker and Firefox's event page.
  format: 'iife',
  target: ['chrome123', 'firefox128'], // light-dark() in CSS needs Chrome 123
  // The workspace packages from their sources (their exports' "@ramify-db/source" condition), never from a build of them.
  conditions: ['@ramify-db/source'],
  sourcemap: release ? false : 'linked',
  minify: release,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(release ? 'production' : 'development') },
};

async function copyStatic() {
  await mkdir(dist, { recursive: true });
  for (const [from, to] of STATIC_FILES) {
    await cp(join(root, from), join(dist, to), { recursive: true });
  }
}

function reportSizes(metafile) {
  const rows = Object.entries(metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, { bytes }]) => `  ${basename(file).padEnd(20)} ${(bytes / 1024).toFixed(1).padStart(7)} kB`);
  console.log(`built dist/ (${release ? 'release' : 'development'})\n${rows.join('\n')}`);
}

async function watchStatic() {
  for (const [from] of STATIC_FILES) {
    const path = join(root, from);
    const recursive = (await stat(path)).isDirectory();
    (async () => {
      for await (const _ of watchFiles(path, { recursive })) {
        await copyStatic().catch((error) => console.error('copy failed:', error.message));
      }
    })();
  }
}

function findOnPath(name) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, name)));
}

function runWebExt() {
  const args = ['run', '--source-dir', dist, ...webExtArgs];
  const chromium = webExtArgs.some((arg, i) => arg === 'chromium' && webExtArgs[i - 1] === '--target')
    || webExtArgs.includes('--target=chromium');
  // Debian ships Firefox ESR as `firefox-esr` only; web-ext looks for `firefox`.
  if (!chromium && !webExtArgs.some((arg) => arg.startsWith('--firefox')) && !findOnPath('firefox') && findOnPath('firefox-esr')) {
    args.push('--firefox', 'firefox-esr');
  }
  const bin = join(root, 'node_modules', '.bin', 'web-ext');
  const child = spawn(bin, args, { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

await rm(dist, { recursive: true, force: true });
await copyStatic();

if (watching) {
  const context = await esbuild.context({
    ...options,
    plugins: [
      {
        name: 'report',
        setup(build) {
          build.onEnd((result) => {
            if (result.errors.length === 0 && result.metafile) reportSizes(result.metafile);
          });
        },
      },
    ],
  });
  await context.watch();
  await watchStatic();
  if (running) runWebExt();
} else {
  const result = await esbuild.build(options);
  reportSizes(result.metafile);
  if (running) runWebExt();
}
