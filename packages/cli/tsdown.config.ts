import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/main.ts'],
  format: 'esm',
  platform: 'node',
  tsconfig: 'tsconfig.build.json',
  // Dependencies stay imports, installed beside the CLI; only its own code is bundled.
  deps: { neverBundle: [/^@guestlist\//, 'commander', /^cli-/, 'csv-stringify', 'lilconfig'] },
  dts: false,
  // The package is ESM ("type": "module"): a plain .js, as `bin` names it.
  fixedExtension: false,
  banner: { js: '#!/usr/bin/env node' },
});
