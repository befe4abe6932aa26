import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: [fileURLToPath(import.meta.resolve('@guestlist/core/testing/global-setup'))],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A page's first chunk loads in milliseconds alone, in seconds on a loaded 2-core machine:
    // polls wait for the page as long as playwright's own waits do.
    expect: { poll: { timeout: 15_000 } },
  },
});
