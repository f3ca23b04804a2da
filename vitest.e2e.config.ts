import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer in Debian's Chromium against `ewb serve` with a temp database.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    // The JSON report feeds the closing line of .ci/run (scripts/test-summary.js).
    reporters: ['default', ['json', { outputFile: '.vitest-reports/e2e.json' }]],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
