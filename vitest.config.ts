import { defineConfig } from 'vitest/config';

// Unit and integration tests sit beside the code as name.test.ts; e2e has its own config.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Vitest reads CSS as empty unless told: styles/palette.test.ts checks the renderer's stylesheets as text.
    css: { include: [/src\/renderer\/.*\.css/] },
    // The JSON report feeds the closing line of .ci/run (scripts/test-summary.js).
    reporters: ['default', ['json', { outputFile: '.vitest-reports/unit.json' }]],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
