import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { parserlessFormat, precompiledMessages } from './messages-plugin.ts';

/**
 * The browser app, built into `dist/` and served by `apps/server`: the console at `/`, the
 * invite page at `/i/{code}`. In development (`pnpm --filter @guestlist/web dev`) API calls go
 * to a server on port 3000.
 *
 * The code is written against React's API (and type-checked with its types) but rendered by
 * Preact through `preact/compat`, which the preset aliases `react` and `react-dom` to: the invite
 * page is opened by strangers on phones, and React's DOM renderer alone is over 60 kB gzipped.
 */
export default defineConfig(({ command }) => ({
  // Preact's devtools hooks are for `vite dev` only: the build carries nothing for them.
  plugins: [
    precompiledMessages(),
    preact({ prerender: { enabled: false }, devToolsEnabled: command === 'serve' }),
  ],
  resolve: { alias: [parserlessFormat] },
  // The manifest tells scripts/bundle-size.ts which chunks each page loads; it is not served.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
  server: { proxy: { '/trpc': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000' } },
}));
