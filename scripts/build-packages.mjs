// Builds the workspace packages into packages/<name>/dist, as npm publishes them:
//
//   node scripts/build-packages.mjs             every package
//   node scripts/build-packages.mjs bridge      one (and the packages it depends on, first)
//
// JS: one ES2022 module per source file (esbuild, not bundled), so an app's bundler drops what it
// does not import file by file, exactly as it does from the sources. Declarations: tsc, per
// package, against the declarations of the packages it depends on (built first). Relative imports
// get their `.js` in both, as Node's ESM and `moduleResolution: nodenext` require. The root
// LICENSE is copied in, since npm packs only what lies in the package's folder.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = join(root, 'packages');
const SCOPE = '@ramify-db/';

const manifest = (name) => JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'));
const ownDependencies = (name) =>
  Object.keys(manifest(name).dependencies ?? {})
    .filter((dependency) => dependency.startsWith(SCOPE))
    .map((dependency) => dependency.slice(SCOPE.length));

/** `names` and what they depend on, each after its dependencies. */
function buildOrder(names) {
  const order = [];
  const visit = (name) => {
    if (order.includes(name)) return;
    if (!existsSync(join(packagesDir, name, 'package.json'))) throw new Error(`no package "${name}" in packages/`);
    ownDependencies(name).forEach(visit);
    order.push(name);
  };
  names.forEach(visit);
  return order;
}

/** `./x` → `./x.js` (or `./x/index.js`), judged by the source file it names in `dir`. */
function withExtension(specifier, dir) {
  if (!specifier.startsWith('.') || /\.(m?js|json)$/.test(specifier)) return specifier;
  if (existsSync(join(dir, `${specifier}.ts`))) return `${specifier}.js`;
  if (existsSync(join(dir, specifier, 'index.ts'))) return `${specifier}/index.js`;
  throw new Error(`cannot resolve ${specifier} from ${relative(root, dir)}`);
}

const sourceFiles = (src) => readdirSync(src, { recursive: true }).filter((file) => file.endsWith('.ts')).map((file) => join(src, file));

async function buildJs(dir) {
  const src = join(dir, 'src');
  await build({
    absWorkingDir: dir,
    entryPoints: sourceFiles(src),
    outdir: join(dir, 'dist'),
    outbase: src,
    bundle: true, // only to rewrite imports: every import below stays external
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'one-module-per-file',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) =>
            args.kind === 'entry-point' ? undefined : { path: withExtension(args.path, args.resolveDir), external: true },
          );
        },
      },
    ],
  });
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\2/gm;

function buildDeclarations(name, dir) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json'), '--emitDeclarationOnly', '--declaration'], { cwd: root, stdio: 'inherit' });
  const dist = join(dir, 'dist');
  for (const file of readdirSync(dist, { recursive: true }).filter((file) => file.endsWith('.d.ts'))) {
    const path = join(dist, file);
    const source = join(dir, 'src', dirname(file));
    const text = readFileSync(path, 'utf8').replace(SPECIFIER, (_, head, quote, specifier) => {
      // A type tsc could not name through a package's exports would come out as a path into its sources.
      if (/(^|\/)(src|packages)\//.test(specifier) || specifier.startsWith('../')) {
        throw new Error(`${name}: ${relative(root, path)} imports "${specifier}"; export the type from the package that declares it`);
      }
      return `${head}${quote}${withExtension(specifier, source)}${quote}`;
    });
    writeFileSync(path, text);
  }
}

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'package.json')));
for (const name of buildOrder(names)) {
  const dir = join(packagesDir, name);
  const started = performance.now();
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  await buildJs(dir);
  buildDeclarations(name, dir);
  copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  console.log(`built ${SCOPE}${name} in ${Math.round(performance.now() - started)} ms`);
}
