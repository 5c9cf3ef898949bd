/**
 * `tocsin --help`, `tocsin help` and a misspelt command are answered from the command table: the
 * process loads no command's module, nor the store, the server, the checks or their libraries, and
 * still lists every command and suggests the right one. `tocsin help <command>` loads that one.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { runCli, type CliRun } from './run-cli.js';

const HOOKS = fileURLToPath(new URL('./module-graph/register.mjs', import.meta.url));
const HEAVY =
  /\/dist\/(main\.js|cli\/commands|api|web|wiring|services|store|checks|channels|engine|schema)|node_modules\/(zod|fastify|kysely|better-sqlite3|pg|mysql2|ioredis|undici|yaml)\//;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the built CLI with the module-graph hooks; answers its output and the modules its entry reached. */
async function traced(args: string[]): Promise<CliRun & { loaded: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-help-modules-'));
  dirs.push(dir);
  const run = await runCli(args, { NODE_OPTIONS: `--import ${HOOKS}`, TOCSIN_TEST_MODULE_GRAPH: dir });
  const [file] = readdirSync(dir);
  const edges = readFileSync(join(dir, file!), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ') as [string, string]);
  const reached = new Set(edges.filter(([from, to]) => from === '-' && to.endsWith('/dist/cli/main.js')).map(([, to]) => to));
  for (let grew = true; grew;) {
    grew = false;
    for (const [from, to] of edges)
      if (reached.has(from) && !reached.has(to)) {
        reached.add(to);
        grew = true;
      }
  }
  return { ...run, loaded: [...reached] };
}

it('--help and help load no command, nor the store, server or checks, and list every command', async () => {
  const [flag, word] = [await traced(['--help']), await traced(['help'])];
  for (const run of [flag, word]) {
    expect(run.code).toBe(0);
    expect(run.loaded.some((url) => url.endsWith('/dist/cli/command-table.js'))).toBe(true);
    expect(run.loaded.filter((url) => HEAVY.test(url))).toEqual([]);
  }
  expect(word.stdout).toBe(flag.stdout);
  // Names with their arguments, each at the start of its line; the descriptions wrap, so their first words.
  for (const c of COMMANDS)
    expect(flag.stdout).toMatch(new RegExp(`\\n  ${c.term.replace(/[[\]]/g, '\\$&')} +${c.description.split(' ').slice(0, 2).join(' ')}`));
});

it('a misspelt command is refused with the right suggestion, loading no command', async () => {
  const run = await traced(['valdate']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("error: unknown command 'valdate'\n(Did you mean validate?)");
  expect(run.loaded.filter((url) => HEAVY.test(url))).toEqual([]);
});

it('help <command> loads that command only and shows its own help', async () => {
  const run = await traced(['help', 'incident']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Usage: tocsin incident /);
  expect(run.loaded.filter((url) => url.includes('/dist/cli/commands/')).map((url) => url.slice(url.indexOf('/dist/')))).toEqual([
    '/dist/cli/commands/incident.js',
    '/dist/cli/commands/incident-response.js',
  ]);
});
