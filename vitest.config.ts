import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['api/**/*.test.ts', 'seeds/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['api/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Test files share one seeded database; the embedded one serves one query at a time anyway.
    fileParallelism: false,
  },
});
