import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
  // Real dependencies stay imports; everything else (types from @guestlist/api) is inlined.
  deps: { neverBundle: [/^@trpc\//, 'standardwebhooks'] },
  dts: { tsgo: true },
});
