import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/lib/errors.js';
import { runCli } from './run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('tocsin start with a config that does not validate', () => {
  it('exits with config_invalid naming the field, before any engine starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-start-config-'));
    dirs.push(dir);
    const config = join(dir, 'tocsin.yaml');
    writeFileSync(config, `database:\n  url: sqlite:${dir}/tocsin.db\nmonitors:\n  - { id: web, type: http }\n`);
    const run = await runCli(['-c', config, 'start', '--listen', '127.0.0.1:0'], {}, 30_000);
    expect(run.code).toBe(exitCodeOf('config_invalid'));
    expect(run.stderr).toMatch(/monitors\[0\]\.url: expected an http/);
    expect(run.stdout).not.toMatch(/engine started/);
  });
});
