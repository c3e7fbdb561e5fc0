import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds (when stale), packs and installs the package once per run for test/package/*.
    globalSetup: ['test/package/packed-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
