// Replaces dist/supervisor/engine-entry.js, as tsc emitted it, with one minified ESM bundle of the
// engine and what it imports (lazy imports become chunks beside it, still loaded on first use).
// Why: a V8 heap keeps the source text of every module and a record per module; the engine loads
// about 1,400 files. Minified and bundled, a 100-monitor engine's RSS falls by 5–9 MiB
// (BENCHMARKS.md, "The engine as one minified bundle"). Names are not kept in the code (esbuild's
// keepNames redefines `name` on every function: ~3 MiB of a small engine's heap); a source map lies
// beside each file instead, read only under `node --enable-source-maps` (or NODE_OPTIONS), which then
// gives stack traces their TypeScript files and lines. Run after `tsc -p tsconfig.build.json` (npm run build:server);
// every other file of dist/, worker thread entries included, stays as tsc wrote it.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, 'dist/supervisor');
const entry = resolve(outdir, 'engine-entry.js');
const MARK = '// tocsin engine bundle';
/** Which source files each output holds, for test/engine/modules-loaded.test.ts. */
const inputsFile = resolve(outdir, 'engine-bundle.json');

if (readFileSync(entry, 'utf8').startsWith(MARK)) {
  console.log('dist/supervisor/engine-entry.js is already bundled (run tsc -p tsconfig.build.json to rebuild it)');
  process.exit(0);
}
for (const file of readdirSync(outdir)) if (file.startsWith('engine-chunk-')) rmSync(resolve(outdir, file));

/** A URL that names `file` from any output file (all are in outdir), for code that finds files next to its own. */
const urlOf = (file) => `new URL(${JSON.stringify(relative(outdir, file))}, __bundleUrl).href`;

const result = await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outdir,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  chunkNames: 'engine-chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // Chained through tsc's own maps to src/*.ts; without the sources' text, which the checkout has.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  // Native addons and the optional packages they try to load stay outside, and so do Fastify's schema
  // compilers, which src/api/app.ts replaces: their text would sit in every engine's heap unused.
  external: ['better-sqlite3', 'pg-native', 'cpu-features', 'ssh2', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
  banner: {
    js: [
      MARK,
      "import { createRequire as __bundleRequire } from 'node:module';",
      "import { fileURLToPath as __bundlePath } from 'node:url';",
      'const __bundleUrl = import.meta.url;',
      'const require = __bundleRequire(__bundleUrl);',
    ].join('\n'),
  },
  plugins: [
    {
      // Code that reads files beside its own (worker entries, migrations, web assets) keeps its own location.
      name: 'own-location',
      setup(b) {
        b.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
          let text = readFileSync(args.path, 'utf8');
          text = text.replaceAll('import.meta.url', urlOf(args.path));
          if (/\b__(dirname|filename)\b/.test(text) && !/^\s*(import|export)\s/m.test(text)) {
            text = `var __filename = __bundlePath(${urlOf(args.path)}), __dirname = __bundlePath(${urlOf(dirname(args.path) + '/')});\n${text}`;
          }
          return { contents: text, loader: 'js' };
        });
      },
    },
  ],
  logLevel: 'warning',
});

// V8 keeps a script's source at one byte a character only while every character fits in Latin-1; one
// arrow kept raw in a tagged template (esbuild escapes every other string) held the 1.6 MB entry at two.
const wide = /[^\x00-\xff]/;
const inputs = {};
for (const [output, { inputs: held }] of Object.entries(result.metafile.outputs)) {
  if (!output.endsWith('.js')) continue;
  const text = readFileSync(resolve(root, output), 'utf8');
  const at = text.search(wide);
  if (at !== -1) {
    console.error(
      `${output}: a character past Latin-1 at offset ${at} (…${text.slice(Math.max(0, at - 60), at + 20)}…); write it as an escape (\\u…) in its source`,
    );
    process.exit(1);
  }
  inputs[relative(outdir, resolve(root, output))] = Object.keys(held).map((input) => relative(root, resolve(root, input)));
}
writeFileSync(inputsFile, `${JSON.stringify(inputs)}\n`);
console.log(`bundled the engine: ${Object.keys(inputs).length} files in dist/supervisor`);
