import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: [fileURLToPath(import.meta.resolve('@guestlist/core/testing/global-setup'))],
    // Each test runs the built CLI several times; on a busy two-core machine one took over 20 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
