import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The browser app, built into `dist/` and served by `apps/server`: the console at `/`, the
 * invite page at `/i/{code}`. In development (`pnpm --filter @guestlist/web dev`) API calls go
 * to a server on port 3000.
 */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/trpc': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000' } },
});
