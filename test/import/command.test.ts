/** `tocsin import` as a user runs it: the file it writes validates with `tocsin validate`. */
import { mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tocsin import', () => {
  it('writes a config tocsin validate accepts, owner-only, and lists what it left out', async () => {
    const gatus = join(dir, 'config.yaml');
    writeFileSync(
      gatus,
      'endpoints:\n  - name: api\n    url: https://api.example.org/health\n    conditions: ["[STATUS] == 200", "[CERTIFICATE_EXPIRATION] > 48h"]\n',
    );
    const out = join(dir, 'tocsin.yaml');
    const run = await runCli(['import', 'gatus', gatus, '-o', out]);
    expect(run.stderr).toContain('imported 1 monitors, 0 channels, 0 status pages from Gatus');
    expect(run.stderr).toContain('condition "[CERTIFICATE_EXPIRATION] > 48h" has no tocsin equivalent');
    expect(run.code).toBe(0);
    expect(statSync(out).mode & 0o077).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('# Not imported (1):');
    const validate = await runCli(['-c', out, 'validate']);
    expect([validate.code, validate.stdout.trim()]).toEqual([0, `${out} is valid: 1 monitor, 0 channels, 0 status pages`]);
  });

  it('refuses to overwrite an existing file without --force, and refuses input that is not the named format', async () => {
    const out = join(dir, 'exists.yaml');
    writeFileSync(out, 'keep me');
    const kept = await runCli(['import', 'gatus', join(dir, 'config.yaml'), '-o', out]);
    expect([kept.code, kept.stderr]).toEqual([2, expect.stringContaining('exists; pass --force')]);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '\u0000\u0001 not json');
    const refused = await runCli(['import', 'uptime-kuma', garbage, '-o', '-']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/JSON/);
    expect(refused.stderr).not.toContain('    at ');
  });
});
