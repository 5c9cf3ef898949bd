import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The dashboard is a static bundle served by tocsin itself (src/api/dashboard.ts) from dist/dashboard (not dist/web: that is the server's compiled src/web, which emptyOutDir would wipe).
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  // `vite --config web/vite.config.ts` during development talks to a tocsin on :8080.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
