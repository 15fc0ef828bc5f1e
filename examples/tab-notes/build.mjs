// Builds Tab notes the way a stranger would, from the packed packages and nothing else: packs
// every workspace (`npm pack`), copies the example into a temporary folder outside the repository,
// installs the tarballs and the third-party packages there (from npm's cache), runs the example's
// own build (strict type check, then esbuild), checks that nothing in the bundles came from the
// repository, and copies dist back.
//
//   node examples/tab-notes/build.mjs                 into examples/tab-notes/dist
//   node examples/tab-notes/build.mjs --out DIR       into DIR
//   node examples/tab-notes/build.mjs --release       minified, without source maps
//   node examples/tab-notes/build.mjs --keep          keeps the temporary project (its path is printed)
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installDependencies, packWorkspaces, ROOT, succeed } from '../../test/packages/pack.mjs';

const example = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const release = argv.includes('--release');
const keep = argv.includes('--keep');
const outAt = argv.indexOf('--out');
const out = outAt === -1 ? join(example, 'dist') : resolve(argv[outAt + 1] ?? '');
if (outAt !== -1 && argv[outAt + 1] === undefined) throw new Error('--out needs a folder');

/** What the example's project is made of; the rest (dist, docs, this script) stays behind. */
const PROJECT_FILES = ['package.json', 'tsconfig.json', 'bundle.mjs', 'src', 'static'];
/** A file of a package's sources in the repository, as a bundle would name it if it resolved there. */
const REPOSITORY_SOURCE = /(^|[\\/])packages[\\/][^\\/]+[\\/]src[\\/]/;
const PACKAGE_BUILD = /^node_modules\/@ramify-db\/[a-z]+\/dist\/[\w-]+\.js$/;

const inside = (folder, path) => path === folder || path.startsWith(folder + sep);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

function fail(message) {
  throw new Error(`tab-notes: ${message}`);
}

const work = realpathSync(mkdtempSync(join(tmpdir(), 'tab-notes-')));
if (inside(realpathSync(ROOT), work)) fail(`the temporary folder ${work} is inside the repository`);
const app = join(work, 'tab-notes');
try {
  for (const file of PROJECT_FILES) cpSync(join(example, file), join(app, file), { recursive: true });

  // The example names the packages by version, as from the registry; here they come from the tarballs.
  const tarballs = await packWorkspaces(join(work, 'packs'));
  const manifest = readJson(join(app, 'package.json'));
  const wanted = Object.keys(manifest.dependencies).filter((name) => name.startsWith('@ramify-db/'));
  for (const name of wanted) {
    if (tarballs[name] === undefined) fail(`package.json depends on ${name}, which no workspace packs`);
    manifest.dependencies[name] = `file:${tarballs[name]}`;
  }
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await installDependencies(app);
  for (const name of wanted) {
    const installed = realpathSync(join(app, 'node_modules', name));
    if (!inside(work, installed)) fail(`${name} resolves to ${installed}, outside the temporary project`);
  }

  process.stdout.write(await succeed('npm', ['run', release ? 'build:release' : 'build', '--silent', '--', '--metafile', 'meta.json'], app));

  // What esbuild read: every file of ours comes from a package's build, and every package is used.
  const inputs = Object.keys(readJson(join(app, 'meta.json')).inputs);
  const fromRepository = inputs.filter((path) => REPOSITORY_SOURCE.test(path) || !inside(app, resolve(app, path)));
  if (fromRepository.length > 0) fail(`the bundles hold files of the repository: ${fromRepository.join(', ')}`);
  const ours = inputs.filter((path) => path.includes('@ramify-db/'));
  const notBuilt = ours.filter((path) => !PACKAGE_BUILD.test(path));
  if (notBuilt.length > 0) fail(`the bundles hold files that are not the packages' builds: ${notBuilt.join(', ')}`);
  const used = [...new Set(ours.map((path) => path.split('/').slice(1, 3).join('/')))].sort();
  if (used.join() !== [...wanted].sort().join()) fail(`the bundles use ${used.join(', ')}, not every package of ${wanted.join(', ')}`);

  // What the source maps name (the packages' own maps lead to their sources by relative paths).
  const dist = join(app, 'dist');
  for (const map of readdirSync(dist).filter((file) => file.endsWith('.map'))) {
    const sources = readJson(join(dist, map)).sources;
    const outside = sources.filter((source) => REPOSITORY_SOURCE.test(relative(app, resolve(dist, source))) || !inside(app, resolve(dist, source)));
    if (outside.length > 0) fail(`${map} names files outside the project: ${outside.join(', ')}`);
  }

  rmSync(out, { recursive: true, force: true });
  cpSync(dist, out, { recursive: true });
  console.log(`built from the packed ${used.join(', ')} (${ours.length} modules of their builds, none of the repository's sources) into ${out}`);
} finally {
  if (keep) console.log(`kept the project in ${app}`);
  else rmSync(work, { recursive: true, force: true });
}
