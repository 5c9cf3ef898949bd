import { readFileSync } from 'node:fs';

/**
 * The engine runs as one bundle whose lazy imports are chunks of their own (scripts/bundle-engine.mjs).
 * For tests that list what the engine loaded, a loaded output file stands for the sources it holds,
 * as written in the bundle's map; an engine tsc emitted but not bundled loads its sources themselves.
 */
const root = new URL('../../../', import.meta.url);
const bundled = readFileSync(new URL('dist/supervisor/engine-entry.js', root), 'utf8').startsWith('// tocsin engine bundle');
const bundle = bundled ? (JSON.parse(readFileSync(new URL('dist/supervisor/engine-bundle.json', root), 'utf8')) as Record<string, string[]>) : {};

/** The source file URLs a loaded module URL holds: itself, or for a bundle output the sources in it. */
export function sourcesOf(url: string): string[] {
  const output = /\/dist\/supervisor\/(engine-[^/]+\.js)$/.exec(url)?.[1];
  const inputs = output === undefined ? undefined : bundle[output];
  return inputs ? inputs.map((input) => new URL(input, root).href) : [url];
}
