import { defineConfig } from 'vitest/config';

// One `vitest run` runs all three projects. The integration and e2e projects each run one file at
// a time: their files open databases (PGlite in memory and a throwaway PostgreSQL database) and a
// browser, and the machine has two cores.
export default defineConfig({
  test: {
    // scripts/test.mjs names a file of its own per run (so runs side by side never mix their
    // results) and moves it to test-results/vitest.json at the end
    reporters: [
      'default',
      ['json', { outputFile: process.env.RECOLO_VITEST_JSON || 'test-results/vitest.json' }],
    ],
    maxWorkers: 2,
    passWithNoTests: false,
    allowOnly: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
