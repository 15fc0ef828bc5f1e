// Builds the extension into dist/: the background and the two pages bundled with esbuild, beside
// the manifest, HTML and CSS from static/.
//
//   node bundle.mjs                        development build, with source maps
//   node bundle.mjs --release              minified, no source maps
//   node bundle.mjs --metafile meta.json   also writes esbuild's list of what went into each file
import * as esbuild from 'esbuild';
import { cp, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const argv = process.argv.slice(2);
const release = argv.includes('--release');
const metafileAt = argv.indexOf('--metafile');
if (metafileAt !== -1 && argv[metafileAt + 1] === undefined) throw new Error('--metafile needs a file name');

await rm(dist, { recursive: true, force: true });
await cp(join(root, 'static'), dist, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { background: 'src/background.ts', popup: 'src/popup.tsx', notes: 'src/notes.tsx' },
  outdir: dist,
  bundle: true,
  // Classic scripts: the same background file runs as Chrome's service worker and Firefox's event page.
  format: 'iife',
  target: ['chrome123', 'firefox128'],
  jsx: 'automatic',
  sourcemap: release ? false : 'linked',
  minify: release,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(release ? 'production' : 'development') },
});
if (metafileAt !== -1) await writeFile(join(root, argv[metafileAt + 1]), JSON.stringify(result.metafile));

const rows = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, { bytes }]) => `  ${basename(file).padEnd(16)} ${(bytes / 1024).toFixed(1).padStart(7)} kB`);
console.log(`built dist/ (${release ? 'release' : 'development'})\n${rows.join('\n')}`);
