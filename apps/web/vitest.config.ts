import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: [fileURLToPath(import.meta.resolve('@guestlist/core/testing/global-setup'))],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
