// What an app pays to ship each entry point of the packages (bundled for the browser from their
// sources by esbuild, minified, tree-shaken, gzipped), beside the budget it is held to.
// bench/sizes.bench.ts prints the table; test/packages/sizes.test.ts holds the budgets.
import { bundleSize, type BundleSize } from './peers/bundle';
import { markdownTable } from './table';

export const KB = 1024;

export interface EntryPoint {
  name: string;
  /** What is imported, as for bundleSize. */
  imports: Record<string, readonly string[]>;
  /** Left out of the bundle: what the entry point is measured without. */
  external?: readonly string[];
  /** Measured as the bytes it adds to this entry point's bundle. */
  beyond?: string;
  /** Largest min+gzip size allowed, in bytes. */
  budget: number;
}

export const ENTRY_POINTS: readonly EntryPoint[] = [
  { name: 'core', imports: { '@ramify-db/core': ['*'] }, budget: 12 * KB },
  { name: 'persistence, idb included', imports: { '@ramify-db/core': ['*'], '@ramify-db/persistence': ['*'] }, beyond: 'core', budget: 8 * KB },
  { name: 'bridge, page client', imports: { '@ramify-db/bridge': ['connect', 'disconnect'] }, budget: 8 * KB },
  { name: 'hooks', imports: { '@ramify-db/react': ['*'] }, external: ['react', '@ramify-db/core', '@ramify-db/bridge'], budget: 2 * KB },
];

export interface EntrySize {
  entry: EntryPoint;
  bundle: BundleSize;
  /** Min+gzip bytes counted against the budget. */
  gzipped: number;
  minified: number;
}

export async function measureEntryPoints(): Promise<EntrySize[]> {
  const bundles = new Map<string, BundleSize>();
  for (const entry of ENTRY_POINTS) bundles.set(entry.name, await bundleSize(entry.imports, entry.external));
  return ENTRY_POINTS.map((entry) => {
    const bundle = bundles.get(entry.name)!;
    const base = entry.beyond === undefined ? undefined : bundles.get(entry.beyond)!;
    return { entry, bundle, gzipped: bundle.gzipped - (base?.gzipped ?? 0), minified: bundle.minified - (base?.minified ?? 0) };
  });
}

const kB = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
const short = (path: string) => path.replace(/^packages\/([^/]+)\/src\//, '$1/').replace(/^node_modules\//, '');

/** One row per entry point: sizes, budget, PASS or OVER, and the three files that weigh most. */
export function sizeTable(sizes: readonly EntrySize[]): string {
  return markdownTable(
    ['entry point', 'min', 'min+gzip', 'budget', 'result', 'heaviest files (minified)'],
    sizes.map(({ entry, bundle, gzipped, minified }) => [
      entry.beyond === undefined ? entry.name : `${entry.name} (beyond ${entry.beyond})`,
      kB(minified),
      kB(gzipped),
      `≤ ${kB(entry.budget)}`,
      gzipped <= entry.budget ? 'PASS' : 'OVER',
      bundle.inputs
        .filter((input) => entry.beyond === undefined || !input.path.startsWith(`packages/${entry.beyond}/`))
        .slice(0, 3)
        .map((input) => `${short(input.path)} ${kB(input.bytes)}`)
        .join(', '),
    ]),
    ['left', 'right', 'right', 'right', 'left', 'left'],
  );
}
