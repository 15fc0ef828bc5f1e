// The packages as a stranger gets them: every workspace packed (`npm pack`, which builds it), the
// tarballs installed into a fresh project outside the repository, and there a program type-checked
// (strict, bundler and nodenext resolution) and run with Node, and a tiny extension bundled.
// The consumer's code is in test/packages/consumer/.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDependencies, installedVersion, packWorkspaces, run } from './pack.mjs';

const fixtures = fileURLToPath(new URL('./consumer', import.meta.url));
const PACKAGES = ['bridge', 'core', 'persistence', 'react'];
/** What the consumer installs beside the tarballs, at the versions the repository has (so npm's cache has them). */
const THIRD_PARTY = ['idb', 'fake-indexeddb', 'react', 'react-dom', 'esbuild', 'typescript', '@types/react', '@types/react-dom', 'webextension-polyfill', '@types/webextension-polyfill'];
const MINUTES = 60_000;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const STRICT = { strict: true, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], skipLibCheck: false, noUnusedLocals: true, isolatedModules: true };

let project: string;
let tarballs: string[];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ramify-consumer-'));
  const packs = join(project, 'packs');
  mkdirSync(packs);
  const packed = await packWorkspaces(packs);
  tarballs = readdirSync(packs).sort();
  const dependencies: Record<string, string> = {};
  for (const [name, tarball] of Object.entries(packed)) dependencies[name] = `file:./packs/${basename(tarball)}`;
  for (const name of THIRD_PARTY) dependencies[name] = installedVersion(name);
  writeFileSync(join(project, 'package.json'), json({ name: 'ramify-consumer', private: true, type: 'module', dependencies }));
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(project, file));
  writeFileSync(
    join(project, 'tsconfig.bundler.json'),
    json({ compilerOptions: { ...STRICT, module: 'ESNext', moduleResolution: 'bundler', noEmit: true }, files: ['program.ts', 'background.ts', 'page.ts'] }),
  );
  writeFileSync(
    join(project, 'tsconfig.node.json'),
    json({ compilerOptions: { ...STRICT, module: 'NodeNext', moduleResolution: 'nodenext', outDir: 'out' }, files: ['program.ts', 'background.ts', 'page.ts'] }),
  );
  await installDependencies(project);
}, 6 * MINUTES);

afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
});

const tsc = (config: string) => run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], project);

// tsc, node and esbuild each take seconds, many more on a loaded machine.
describe('the packed packages, installed in a fresh project', { timeout: 3 * MINUTES }, () => {
  it('pack into one tarball per package, each with its build, README and LICENSE and no sources', async () => {
    expect(tarballs).toEqual(PACKAGES.map((name) => `ramify-db-${name}-0.1.0.tgz`));
    for (const name of PACKAGES) {
      const installed = join(project, 'node_modules', '@ramify-db', name);
      const files = readdirSync(installed, { recursive: true }).map(String).sort();
      expect(files.filter((file) => !file.startsWith('dist'))).toEqual(['LICENSE', 'README.md', 'package.json']);
      expect(files).toContain('dist/index.js');
      expect(files).toContain('dist/index.d.ts');
      expect(files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false);
    }
  });

  it('type-check a program and an extension using them, strict, with moduleResolution bundler', async () => {
    expect(await tsc('tsconfig.bundler.json')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('type-check the same with moduleResolution nodenext, and the program runs in Node from the packages', async () => {
    expect(await tsc('tsconfig.node.json')).toEqual({ code: 0, stdout: '', stderr: '' });
    const ran = await run(process.execPath, ['out/program.js'], project);
    expect(ran).toEqual({
      code: 0,
      stdout: ['refused: DUPLICATE_KEY', 'n2 second, edited 2024-01-01; n1 first 2024-01-03', 'todo: 2, all: 2', ''].join('\n'),
      stderr: '',
    });
  });

  it('bundle into an extension whose background holds the store and whose page holds only the bridge client and the hooks', async () => {
    const { build } = (await import(join(project, 'node_modules', 'esbuild', 'lib', 'main.js'))) as typeof import('esbuild');
    const result = await build({
      absWorkingDir: project,
      entryPoints: ['background.ts', 'page.ts'],
      outdir: 'extension',
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome123', 'firefox128'],
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    // Which files of the packages each script holds (esbuild lists a module only if some of it is used).
    const used = (output: string) =>
      Object.entries(result.metafile.outputs[output].inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path)
        .filter((path) => path.startsWith('node_modules/@ramify-db/'));
    const packagesOf = (paths: string[]) => [...new Set(paths.map((path) => path.split('/')[2]))].sort();
    const background = used('extension/background.js');
    const page = used('extension/page.js');
    expect(packagesOf(background)).toEqual(['bridge', 'core', 'persistence']);
    expect(packagesOf(page)).toEqual(['bridge', 'core', 'react']);
    expect([...background, ...page].filter((path) => !/^node_modules\/@ramify-db\/[a-z]+\/dist\/[a-z-]+\.js$/.test(path))).toEqual([]);
    expect(background).toContain('node_modules/@ramify-db/bridge/dist/serve.js');
    expect(page).not.toContain('node_modules/@ramify-db/bridge/dist/serve.js');
    expect(page).toContain('node_modules/@ramify-db/bridge/dist/connect.js');
    for (const script of ['background.js', 'page.js']) {
      const code = readFileSync(join(project, 'extension', script), 'utf8');
      expect(code.match(/\bsrc\/[\w-]+\.ts\b/g)).toBeNull();
    }
  });
});
