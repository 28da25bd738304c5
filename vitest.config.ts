import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The default output, then why tests were skipped; a test that prints on the console fails.
    reporters: ['default', './test/support/skip-reasons-reporter.ts'],
    setupFiles: ['./test/support/no-stray-output.ts'],
  },
});
