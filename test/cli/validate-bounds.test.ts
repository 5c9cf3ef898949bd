/** `tocsin validate` refuses what the running tocsin could not use or should not do: issue 12's 7-field schedule and 1ms interval. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-validate-bounds-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const yaml = `monitors:
  - id: hammer
    type: tcp
    host: 127.0.0.1
    port: 9
    interval: 1ms
  - id: nightly
    type: heartbeat
    uuid: 0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60
    schedule: "0 0 3 * * ? *"
maintenance:
  - name: patching
    start: 2026-01-01T00:00:00Z
    duration: 1h
    schedule: "0 0 3 * * ? *"
    monitors: [hammer]
`;

describe('tocsin validate', () => {
  it('refuses a 1ms interval and 7-field schedules, naming each line, path and what is expected', async () => {
    const file = join(dir, 'tocsin.yaml');
    await writeFile(file, yaml);
    const run = await runCli(['-c', file, 'validate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tocsin.yaml:6:15 monitors[0].interval: expected at least 1s (server.min_interval), got 1ms');
    const cron = 'expected a 5-field cron expression (minute hour day month weekday) or 6 with seconds; got 7 fields';
    expect(run.stderr).toMatch(new RegExp(`tocsin\\.yaml:10:\\d+ monitors\\[1\\]\\.schedule: ${escape(cron)}`));
    expect(run.stderr).toMatch(new RegExp(`tocsin\\.yaml:15:\\d+ maintenance\\[0\\]\\.schedule: ${escape(cron)}`));
  });

  it('accepts an interval down to a lower server.min_interval', async () => {
    const file = join(dir, 'fast.yaml');
    await writeFile(file, 'server:\n  min_interval: 200ms\nmonitors:\n  - id: fast\n    type: tcp\n    host: 127.0.0.1\n    port: 9\n    interval: 200ms\n');
    const run = await runCli(['-c', file, 'validate']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
