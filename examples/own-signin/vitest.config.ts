import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: [fileURLToPath(import.meta.resolve('@guestlist/core/testing/global-setup'))],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
