import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/dashboard', import.meta.url));

/** Files worth compressing; images and fonts are compressed already. */
const TEXT = /\.(html|js|css|svg|json|txt|webmanifest)$/;

/**
 * Writes `.br` and `.gz` beside every text file of the build, at the highest levels: done once at
 * build time, so tocsin serves them (src/api/dashboard.ts) without spending CPU per request.
 */
function precompress(): Plugin {
  return {
    name: 'tocsin-precompress',
    apply: 'build',
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => TEXT.test(f));
      await Promise.all(
        files.map(async (name) => {
          const body = await readFile(join(outDir, name));
          const br = await promisify(brotliCompress)(body, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
          });
          const gz = await promisify(gzip)(body, { level: 9 });
          await writeFile(join(outDir, `${name}.br`), br);
          await writeFile(join(outDir, `${name}.gz`), gz);
        }),
      );
    },
  };
}

// The dashboard is a static bundle served by tocsin itself (src/api/dashboard.ts) from dist/dashboard (not dist/web: that is the server's compiled src/web, which emptyOutDir would wipe).
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  // `vite --config web/vite.config.ts` during development talks to a tocsin on :8080.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
