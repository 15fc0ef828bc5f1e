// Bundle sizes of the packages' entry points against their budgets (held by test/packages/sizes.test.ts).
import { measureEntryPoints, sizeTable } from './sizes';

console.log('Each entry point bundled for the browser from its sources by esbuild, minified, then gzipped (kB = 1024 bytes).\n');
console.log(sizeTable(await measureEntryPoints()));
