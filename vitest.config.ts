import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of sibling packages, not their build output.
    alias: {
      '@meshwork/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
      '@meshwork/api': fileURLToPath(new URL('./packages/api/src/index.ts', import.meta.url)),
      '@meshwork/engine': fileURLToPath(new URL('./packages/engine/src/index.ts', import.meta.url)),
      '@meshwork/catalog': fileURLToPath(new URL('./packages/catalog/src/index.ts', import.meta.url)),
      '@meshwork/governance': fileURLToPath(new URL('./packages/governance/src/index.ts', import.meta.url)),
      '@meshwork/provision': fileURLToPath(new URL('./packages/provision/src/index.ts', import.meta.url)),
      '@meshwork/server': fileURLToPath(new URL('./apps/server/src/index.ts', import.meta.url)),
      meshwork: fileURLToPath(new URL('./apps/cli/src/index.ts', import.meta.url)),
      // The shared test harness (test-support/README.md), for tests only.
      '@meshwork/test-support': fileURLToPath(new URL('./test-support/index.ts', import.meta.url)),
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // A generous bound, not a performance target: an e2e test runs several CLI processes while another suite loads the CPU.
    testTimeout: 90_000,
    // Suites start a catalog and a server before their tests: on a loaded 2-core machine that can take 10 s.
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker, but most suites wait on child processes (the CLI,
    // servers, browsers, PostgreSQL): two run side by side in about half the time.
    maxWorkers: 2,
    // Every suite and every test stands on its own: files and tests run in a random order (Vitest prints the
    // seed; \`--sequence.seed=N\` replays an order).
    sequence: { shuffle: true },
  },
});
