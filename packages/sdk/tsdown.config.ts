import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  dts: { tsgo: true, tsconfig: false, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
});
