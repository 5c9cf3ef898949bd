import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const STARTER = `# tocsin's config, written by the first \`tocsin start\` in this directory.
# Every key is described in docs/config.md; complete examples are in the package's examples/.
# Add monitors below, then \`tocsin validate\` and \`kill -HUP <pid>\` (or restart) to load them.
server:
  listen: 127.0.0.1:8080

database:
  url: sqlite:./data/tocsin.db

monitors:
  - id: tocsin-livez
    name: tocsin answers HTTP
    type: http
    url: http://127.0.0.1:8080/livez
`;

/**
 * \`tocsin start\` in an empty directory is a first run, as a missing database is: write a small
 * config beside it rather than refuse, and say so. Only for the implicit ./tocsin.yaml: a file
 * named with -c or TOCSIN_CONFIG that is missing is a mistake, and stays an error.
 */
export function writeStarterConfig(path: string, implicit: boolean): string | undefined {
  if (!implicit || existsSync(path)) return undefined;
  writeFileSync(path, STARTER, { flag: 'wx' });
  return `no config at ${resolve(path)}: wrote a starter one (tocsin's own /livez monitor, SQLite in ./data); edit it and reload`;
}
