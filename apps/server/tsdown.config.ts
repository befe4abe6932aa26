import { defineConfig } from 'tsdown';

/**
 * The production build (docs/decisions/0028): the server, the worker, the all-in-one start and
 * the `guestlist-server` tools, with the workspace's own TypeScript bundled into plain
 * JavaScript. Packages from the registry stay imports, installed beside the bundle by
 * `pnpm deploy --prod`.
 */
export default defineConfig({
  entry: {
    server: 'src/main.ts',
    start: 'src/start.ts',
    'guestlist-server': 'src/cli.ts',
    worker: '../worker/src/main.ts',
  },
  format: 'esm',
  platform: 'node',
  target: 'node24',
  deps: {
    alwaysBundle: [/^@guestlist\//],
    // Every other bare import: a package from the registry, or one of Node's own.
    neverBundle: [/^(?!@guestlist\/)[^./]/],
  },
  // The built-in email templates are Liquid files, read at run time beside the bundle (§11).
  copy: [
    { from: '../../packages/core/src/templates/builtin/*.liquid', to: 'dist/templates/builtin' },
  ],
  dts: false,
  fixedExtension: false,
  sourcemap: true,
});
