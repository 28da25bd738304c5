import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): processes killed, Redis stopped, a failing Slack.
// One case at a time (they start processes and servers of their own); a table at the end.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault.ts'],
    globalSetup: ['test/faults/support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
