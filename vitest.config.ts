import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The subpath first: an alias also matches the paths below it.
const alias = {
  '@ramify-db/core/internal': fileURLToPath(new URL('./src/ramify/internal.ts', import.meta.url)),
  '@ramify-db/core': fileURLToPath(new URL('./src/ramify/index.ts', import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
