import { defineConfig } from 'vitest/config';

// The workspace packages resolve to their TypeScript sources through their exports' "@ramify-db/source"
// condition (node_modules/@ramify-db/* link to packages/*), so tests never need a build. Vite's
// default conditions follow it, for tests in Node (ssr) and in a DOM environment (client).
const conditions = (platform: 'node' | 'browser') => ['@ramify-db/source', 'module', platform, 'development|production'];

export default defineConfig({
  resolve: { conditions: conditions('browser') },
  ssr: { resolve: { conditions: conditions('node') } },
  test: {
    projects: [
      {
        extends: true,
        // A generous deadline: a few tests handle 10,000-record files or pack the packages, and a
        // shared 2-core machine under load runs them several times slower than an idle one.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], environment: 'node', testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // What a page shows after a restart, a migration or a worker wake can take seconds on a
          // loaded 2-core machine; expect.poll's 1 s default made such waits fail now and then. A
          // poll still passes as soon as the page shows what it should.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
