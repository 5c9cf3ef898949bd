/**
 * The edges of the command line, with the built CLI as a user runs it: the version; every bad
 * argument refused while the command line is read, before a store or socket is touched; a busy port
 * named with what to do; a reader that goes away (`tocsin status | head -1`) is no error.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from './run-cli.js';

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const server of servers.splice(0)) server.close();
});

/** An empty directory holding a valid tocsin.yaml whose store would be data/tocsin.db beside it. */
function project(monitors = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-cli-'));
  dirs.push(dir);
  const list = Array.from({ length: monitors }, (_, i) => `  - { id: m${i}, type: tcp, host: 127.0.0.1, port: 9, interval: 1h }\n`).join('');
  writeFileSync(join(dir, 'tocsin.yaml'), monitors ? `monitors:\n${list}` : 'monitors: []\n');
  return dir;
}

describe('tocsin --version', () => {
  it('prints the version of the package it was installed from', async () => {
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const run = await runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(`tocsin ${version}`);
    }
  });
});

describe('a bad argument', () => {
  const cases: Array<{ args: string[]; option: string; expected: RegExp }> = [
    { args: ['start', '--listen', 'notaport'], option: '--listen', expected: /host:port such as 127\.0\.0\.1:8080/ },
    { args: ['start', '--listen', '127.0.0.1:70000'], option: '--listen', expected: /port between 0 and 65535/ },
    { args: ['start', '--no-supervisor', '--listen', 'x'], option: '--listen', expected: /host:port/ },
    { args: ['check', 'tcp://127.0.0.1:9', '--timeout', 'soon'], option: '--timeout', expected: /duration such as 5s/ },
    { args: ['notify', 'test', 'pager', '--timeout', '-1s'], option: '--timeout', expected: /duration/ },
    { args: ['user', 'add', 'a@example.org', '--role', 'god'], option: '--role', expected: /viewer, editor, admin/ },
    { args: ['user', 'token', 'a@example.org', '--name', 'ci', '--scope', 'all'], option: '--scope', expected: /read, write/ },
    { args: ['incident', 'open', 'public', '--title', 't', '--body', 'b', '--impact', 'huge'], option: '--impact', expected: /none, minor, major, critical/ },
    {
      args: ['maintenance', 'schedule', 'public', '--title', 't', '--body', 'b', '--start', '2026-12-05 02:00', '--duration', '1h'],
      option: '--start',
      expected: /with a zone/,
    },
    {
      args: ['maintenance', 'schedule', 'public', '--title', 't', '--body', 'b', '--start', '2026-12-05T02:00:00Z', '--duration', 'long'],
      option: '--duration',
      expected: /duration/,
    },
    { args: ['start', '--lisen', '127.0.0.1:0'], option: '--lisen', expected: /unknown option/ },
  ];

  it.each(cases)('$args.0 $option is refused by name with a hint, and nothing is created', async ({ args, option, expected }) => {
    const dir = project();
    const run = await runCli(args, {}, 20_000, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(option);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).toContain('--help');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // Refused while the command line was read: no store was created, let alone migrated.
    expect(existsSync(join(dir, 'data'))).toBe(false);
    expect(run.stdout).toBe('');
  });
});

describe('a port already in use', () => {
  it('names the port and says how to choose another', async () => {
    const holder = createServer();
    servers.push(holder);
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    for (const supervisor of [[], ['--no-supervisor']]) {
      const run = await runCli(['start', ...supervisor, '--listen', `127.0.0.1:${port}`], {}, 45_000, project());
      expect(run.code).toBe(7);
      expect(run.stderr).toContain(`port ${port} is already in use`);
      expect(run.stderr).toContain('--listen');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('output to a closed pipe', () => {
  it('stops quietly, with the exit status of what it was saying, when the reader goes away', async () => {
    const dir = project(600);
    expect((await runCli(['apply'], {}, 30_000, dir)).code).toBe(0);
    const child = spawn(process.execPath, [CLI, 'status', '--json'], {
      cwd: dir,
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // As `head -1` does: read one chunk, then close the read end while the writer still has more.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    // 3: no engine runs on this store, which is what `tocsin status` reports whoever reads it.
    expect(code).toBe(3);
  }, 60_000);
});
