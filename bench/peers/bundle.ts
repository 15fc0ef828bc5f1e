// The size an app pays to ship a database: its imports bundled for the browser by esbuild,
// minified and tree-shaken, then gzipped.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// The benchmark runs bundled from a cache folder, with the repository as its working directory.
const root = process.cwd();

export interface BundleSize {
  minified: number;
  gzipped: number;
  /** The bundled files by the minified bytes each put in, heaviest first (from esbuild's metafile). */
  inputs: { path: string; bytes: number }[];
}

/**
 * `imports`: module → names imported from it (`default`, or `*` for the whole module).
 * `external`: modules left out (imported at run time), as an app's other dependencies.
 */
export async function bundleSize(imports: Record<string, readonly string[]>, external: readonly string[] = []): Promise<BundleSize> {
  let n = 0;
  const lines = Object.entries(imports).flatMap(([module, names]) =>
    names.map((name) =>
      name === '*' ? `export * from ${JSON.stringify(module)};` : `export { ${name} as n${n++} } from ${JSON.stringify(module)};`,
    ),
  );
  const result = await build({
    stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['@ramify-db/source'],
    external: [...external],
    metafile: true,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, inputs };
}
