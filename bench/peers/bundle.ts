// The size an app pays to ship a database: its imports bundled for the browser by esbuild,
// minified and tree-shaken, then gzipped.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// The benchmark runs bundled from a cache folder, with the repository as its working directory.
const root = process.cwd();

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** `imports`: module → names imported from it (`default`, or `*` for the whole module). */
export async function bundleSize(imports: Record<string, readonly string[]>): Promise<BundleSize> {
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
    alias: { '@ramify-db/core/internal': join(root, 'src', 'ramify', 'internal.ts'), '@ramify-db/core': join(root, 'src', 'ramify', 'index.ts') },
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}
