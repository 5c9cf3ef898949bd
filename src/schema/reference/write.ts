/** `npm run docs:config`: writes docs/config.md from the schema and the configs in examples/. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { configReference } from './render.js';

/** The repository root: three levels above this file in src/schema/reference and in dist/schema/reference. */
const root = new URL('../../../', import.meta.url);

export const examplesDir = fileURLToPath(new URL('examples/', root));
export const referencePath = fileURLToPath(new URL('docs/config.md', root));

/** Other tools' files kept beside the configs (Prometheus rules, Alertmanager): not tocsin configs. */
const FOREIGN_KEYS = ['groups', 'scrape_configs', 'route', 'receivers'];

/** The tocsin configs in examples/, by file name. */
export function exampleFiles(): Array<{ name: string; text: string }> {
  return readdirSync(examplesDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(new URL(name, new URL('examples/', root)), 'utf8') }))
    .filter(({ text }) => {
      const doc = parse(text) as unknown;
      return !(typeof doc === 'object' && doc !== null && FOREIGN_KEYS.some((key) => key in doc));
    });
}

export function exampleConfigs(): unknown[] {
  return exampleFiles().map(({ text }) => parse(text) as unknown);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(referencePath, configReference(exampleConfigs()));
  process.stdout.write(`wrote ${referencePath}\n`);
}
