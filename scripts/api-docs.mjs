// The API reference of every workspace package, generated from its published declarations into
// docs/api/ (Markdown, one page per export and member; docs/api/index.md lists the packages).
//
//   npm run docs
//
// API Extractor reads each package's built .d.ts (so the packages are built first) into a doc
// model, and API Documenter writes the pages. Both bring their own TypeScript compiler as an
// ordinary dependency: the repository's TypeScript 7 (the native compiler) has no JavaScript
// API, which TypeDoc needs from a peer `typescript` ≤ 6.0 that npm cannot install beside it.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs', 'api');
const packages = readdirSync(join(root, 'packages'));

execFileSync(process.execPath, [join(root, 'scripts', 'build-packages.mjs')], { stdio: 'inherit' });

const models = mkdtempSync(join(tmpdir(), 'ramify-api-'));
try {
  for (const name of packages) {
    const folder = join(root, 'packages', name);
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: folder,
        mainEntryPointFilePath: '<projectFolder>/dist/index.d.ts',
        compiler: { overrideTsconfig: { compilerOptions: { strict: true, skipLibCheck: true, lib: ['ES2023', 'DOM'], types: [] } } },
        apiReport: { enabled: false },
        docModel: { enabled: true, apiJsonFilePath: join(models, `${name}.api.json`) },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Release tags (@public, @beta...) are not used here: every export is public.
          extractorMessageReporting: { default: { logLevel: 'none' }, 'ae-wrong-input-file-type': { logLevel: 'error' } },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
          compilerMessageReporting: { default: { logLevel: 'warning' } },
        },
      },
      configObjectFullPath: join(folder, 'api-extractor.json'),
      packageJsonFullPath: join(folder, 'package.json'),
    });
    const result = Extractor.invoke(config, { localBuild: true, showVerboseMessages: false });
    if (!result.succeeded) throw new Error(`API Extractor failed for @ramify-db/${name}: ${result.errorCount} error(s)`);
    console.log(`read the API of @ramify-db/${name}`);
  }
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules', '@microsoft', 'api-documenter', 'bin', 'api-documenter'), 'markdown', '-i', models, '-o', out], { stdio: 'inherit' });
  console.log(`wrote the API reference of ${packages.length} packages into ${join('docs', 'api')}/`);
} finally {
  rmSync(models, { recursive: true, force: true });
}
