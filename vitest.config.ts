import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  // Examples import the package by name, as a user's code would; tests resolve those names to the
  // sources (tsconfig `paths` does the same for tsc and tsx).
  resolve: {
    alias: [
      { find: /^airlock$/, replacement: `${src}index.ts` },
      { find: /^airlock\/([a-z]+)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores here and in CI: more workers only add contention.
    maxWorkers: 2,
  },
});
