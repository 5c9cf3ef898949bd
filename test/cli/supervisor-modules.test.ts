import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { enginePid, isReady, startInstance, stopAll } from '../faults/harness.js';
import { sourcesOf } from './module-graph/engine-bundle.js';
import { runCli } from './run-cli.js';

// The supervisor of `tocsin start` runs as long as tocsin does: whatever it imports it holds. Loading
// every command (the server, the dashboard, the store, every check and channel) made it ~100 MiB.
const HOOKS = fileURLToPath(new URL('./module-graph/register.mjs', import.meta.url));
const NOT_FOR_THE_SUPERVISOR =
  /\/dist\/(main\.js|api|web|wiring|services|store|checks|channels|schema\/config\.js)|node_modules\/(zod|fastify|kysely|better-sqlite3|pg|mysql2|ioredis)\//;

const dirs: string[] = [];
afterEach(async () => {
  await stopAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function graphDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-modules-'));
  dirs.push(dir);
  return dir;
}

/** The modules the process's main thread loaded: those its entry reaches (worker entries have no importer). */
function loadedBy(dir: string, pid: number | string, entry: string): string[] {
  const edges = readFileSync(join(dir, `${pid}.txt`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ') as [string, string]);
  const reached = new Set(edges.filter(([from, to]) => from === '-' && to.endsWith(entry)).map(([, to]) => to));
  for (let grew = true; grew;) {
    grew = false;
    for (const [from, to] of edges)
      if (reached.has(from) && !reached.has(to)) {
        reached.add(to);
        grew = true;
      }
  }
  return [...reached];
}

describe('what the tocsin processes load', () => {
  it('the supervisor of tocsin start loads neither the server, the store, the checks, the channels nor the schema; the engine does', async () => {
    const dir = graphDir();
    const tocsin = await startInstance({
      yaml: 'database:\n  url: sqlite:{{dir}}/tocsin.db\nmonitors:\n  - { id: closed-port, type: tcp, host: 127.0.0.1, port: 9 }\n',
      env: { NODE_OPTIONS: `--import ${HOOKS}`, TOCSIN_TEST_MODULE_GRAPH: dir },
    });
    const engine = enginePid(await tocsin.waitForLog(isReady, 30_000));
    // The config was read by a child process of its own (src/supervisor/watchdog-settings.ts), gone since: the engine is the only child.
    const pid = tocsin.process.pid!;
    expect(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()).toBe(String(engine));
    const supervisor = loadedBy(dir, pid, '/dist/cli/main.js');
    expect(supervisor.some((url) => url.endsWith('/dist/supervisor/supervisor.js'))).toBe(true);
    expect(supervisor.filter((url) => NOT_FOR_THE_SUPERVISOR.test(url))).toEqual([]);
    // The same hooks see the engine's whole graph: the test above cannot pass by seeing nothing.
    const engineLoaded = loadedBy(dir, engine, '/dist/supervisor/engine-entry.js').flatMap(sourcesOf);
    expect(engineLoaded.some((url) => url.endsWith('/dist/api/app.js'))).toBe(true);
  });

  it('--version loads no command, and a command only its own module', async () => {
    for (const [args, commands] of [
      [['--version'], []],
      [['validate', '--help'], ['/dist/cli/commands/validate.js']],
    ] as const) {
      const dir = graphDir();
      const run = await runCli([...args], { NODE_OPTIONS: `--import ${HOOKS}`, TOCSIN_TEST_MODULE_GRAPH: dir });
      expect(run.code).toBe(0);
      const [file] = readdirSync(dir);
      const loaded = loadedBy(dir, file!.replace('.txt', ''), '/dist/cli/main.js');
      expect(loaded.filter((url) => url.includes('/dist/cli/commands/')).map((url) => url.slice(url.indexOf('/dist/')))).toEqual(commands);
    }
  });
});
