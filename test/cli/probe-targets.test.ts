/**
 * The command line keeps to server.probe_targets as the running tocsin does: `tocsin check` (a
 * monitor by id, or an ad-hoc URL beside a config file) and `tocsin notify test` are refused on a
 * denied address and connect nowhere; `tocsin validate` names a malformed entry.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { runCli } from './run-cli.js';

let dir: string;
let config: string;
let target: Receiver;
let refused = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-cli-targets-'));
  target = await startReceiver();
  const hostPort = target.url.slice('http://'.length);
  refused = `${hostPort} is not allowed by server.probe_targets (deny 127.0.0.0/8)`;
  config = join(dir, 'tocsin.yaml');
  writeFileSync(
    config,
    [
      'server:',
      '  probe_targets:',
      '    deny: [127.0.0.0/8, "::1/128"]',
      'channels:',
      `  ops: { type: webhook, url: "${target.url}/hook" }`,
      'monitors:',
      `  - { id: web, type: http, url: "${target.url}/internal" }`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('server.probe_targets on the command line', () => {
  it('reports a monitor on a denied address as down (exit 2), naming the rule', async () => {
    const run = await runCli(['-c', config, 'check', 'web']);
    expect(run.stdout).toMatch(new RegExp(`^DOWN\\s+http\\s+${refused.replace(/[.()/]/g, '\\$&')}`));
    expect(run.code).toBe(2);
    expect(target.requests).toEqual([]);
  });

  it("applies the config file's rules to an ad-hoc URL too", async () => {
    const run = await runCli(['-c', config, 'check', `${target.url}/internal`, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).checks[0]).toMatchObject({ type: 'http', status: 'down', message: refused });
    expect(target.requests).toEqual([]);
  });

  it('refuses a test notification to a channel on a denied address (exit 1), sending nothing', async () => {
    const run = await runCli(['-c', config, 'notify', 'test', 'ops']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(refused);
    expect(target.requests).toEqual([]);
  });

  it('names a malformed entry with its path when validating', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'server:\n  probe_targets:\n    deny: [10.1.2.3/8, "http://db/"]\n');
    const run = await runCli(['-c', bad, 'validate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('server.probe_targets.deny[0]: 10.1.2.3/8 has bits set after its /8 prefix; did you mean 10.0.0.0/8?');
    expect(run.stderr).toContain('server.probe_targets.deny[1]: "http://db/": expected a CIDR range');
  });
});
