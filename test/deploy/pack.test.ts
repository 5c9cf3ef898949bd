/**
 * The package as users get it: `npm pack`, then `npm install -g` of the tarball into a temporary
 * prefix, then `tocsin --version` and `tocsin start` in an empty directory. It downloads tocsin's
 * dependencies from the registry (an offline install has no cached metadata to resolve them), so it
 * runs when TOCSIN_TEST_PACK=1, as .ci/run sets.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
let dir = '';
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe.runIf(process.env.TOCSIN_TEST_PACK === '1')('the npm package', () => {
  it('installs from its tarball and starts in an empty directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tocsin-pack-'));
    // dist/ is built (npm test builds it first); --ignore-scripts skips rebuilding it for the pack.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], root);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(dir, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
    const prefix = join(dir, 'prefix');
    // Minutes where better-sqlite3 compiles: asynchronously, so the test worker keeps answering vitest.
    const install = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
    expect(install.status, install.stderr).toBe(0);
    const bin = join(prefix, 'bin', 'tocsin');
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(`tocsin ${version}`);

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const started = await startUntilReady(bin, empty);
    expect(started.ready, started.output).toBe(true);
    expect(existsSync(join(empty, 'tocsin.yaml'))).toBe(true);
    expect(existsSync(join(empty, 'data', 'tocsin.db'))).toBe(true);
  }, 1_000_000);
});

function run(command: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 900_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs `tocsin start` until it logs that it listens (or 60 s pass), then stops it with SIGTERM. */
function startUntilReady(bin: string, cwd: string): Promise<{ ready: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, ['start', '--listen', '127.0.0.1:0'], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && /listening on 127\.0\.0\.1:\d+/.test(output)) {
        ready = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ ready, output });
    });
  });
}
