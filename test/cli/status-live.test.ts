/**
 * `tocsin status` against a real `tocsin start` (the built CLI, on 127.0.0.1): it reads the store the
 * running engine writes — from any directory, without the file's secrets — lists what the engine holds
 * rather than what the file says, and says so when the engine is gone.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { openStore } from '../../src/store/open.js';
import { isReady, startInstance, startTarget, stopAll, waitFor, type Instance } from '../faults/harness.js';
import { runCli, type CliRun } from './run-cli.js';

interface StatusJson {
  tocsin: { state: string; message: string; instance: { pid: number } | null };
  monitors: { id: string; source: string; status: string; stale: boolean }[];
}

const monitor = (id: string, port: number) => `  - id: ${id}\n    type: tcp\n    interval: 1s\n    timeout: 1s\n    host: 127.0.0.1\n    port: ${port}\n`;

/** A relative SQLite path and a secret only the engine's environment has. */
const yaml = (port: number, ids: string[]) => `database:
  url: sqlite:./data/tocsin.db
channels:
  ops:
    type: webhook
    url: \${HOOK_URL}
monitors:
${ids.map((id) => monitor(id, port)).join('')}`;

let target: Awaited<ReturnType<typeof startTarget>>;
let tocsin: Instance;
/** An empty directory to run `tocsin status` from: not the config's, not the repository. */
let elsewhere = '';

beforeAll(async () => {
  target = await startTarget();
  elsewhere = mkdtempSync(join(tmpdir(), 'tocsin-elsewhere-'));
  tocsin = await startInstance({ yaml: yaml(target.port, ['web', 'db']), env: { HOOK_URL: 'http://127.0.0.1:9/hook' } });
  await tocsin.waitForLog(isReady, 45_000);
}, 60_000);

afterAll(async () => {
  await stopAll();
  await target.close();
});

const config = () => join(tocsin.dir, 'tocsin.yaml');
const status = (...args: string[]): Promise<CliRun> => runCli(['-c', config(), 'status', ...args], {}, 20_000, elsewhere);

async function statusJson(): Promise<{ run: CliRun; json: StatusJson }> {
  const run = await status('--json');
  return { run, json: JSON.parse(run.stdout) as StatusJson };
}

const ownMonitors = (j: StatusJson) => j.monitors.filter((m) => m.source !== 'self');

/** Polls `tocsin status --json` until `ready` holds; the engine needs a moment to check and write. */
async function statusWhen(ready: (json: StatusJson) => boolean): Promise<{ run: CliRun; json: StatusJson }> {
  return waitFor(async () => {
    const seen = await statusJson();
    return ready(seen.json) ? seen : undefined;
  }, 20_000);
}

describe('tocsin status against a running tocsin', () => {
  it('reads the database beside the config file from another directory, with the secrets of the file unset', async () => {
    // tocsin's own self monitors are listed too, and count: wait until they have settled up as well.
    const settled = (j: StatusJson) =>
      ownMonitors(j).length === 2 && j.monitors.every((m) => m.status === 'up' || (m.source === 'self' && m.status === 'pending'));
    const { run, json } = await statusWhen(settled);
    expect(json.tocsin.state).toBe('checking');
    expect(ownMonitors(json).map((m) => [m.id, m.source, m.status])).toEqual([
      ['db', 'config', 'up'],
      ['web', 'config', 'up'],
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    // Nothing was created where it ran.
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('lists a monitor created through the API, which the file does not list', async () => {
    const store = await openStore(`sqlite:${join(tocsin.dir, 'data', 'tocsin.db')}`);
    let secret: string;
    try {
      const ctx = { actor: { kind: 'cli' as const, label: 'test' }, now: Date.now() };
      const admin = await createUser(store.db, { email: 'ana@example.org', role: 'admin', password: 'correct horse battery staple' }, ctx);
      secret = (await createToken(store.db, { userId: admin.id, name: 'test', scope: 'write' }, ctx)).secret;
    } finally {
      await store.close();
    }
    const response = await fetch(`${tocsin.base}/api/v1/monitors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'api-made', type: 'tcp', host: '127.0.0.1', port: target.port, interval: '1s', timeout: '1s' }),
    });
    expect(response.status).toBe(201);
    const { json } = await statusWhen((j) => j.monitors.some((m) => m.id === 'api-made' && m.status === 'up'));
    expect(json.monitors.find((m) => m.id === 'api-made')?.source).toBe('api');
  });

  it('still lists the monitors the file no longer names after a reload refused to delete them', async () => {
    // Removing 4 of 6 is past the deletion guard (max(3, 10%)): the reload changes nothing and all keep running.
    writeFileSync(config(), yaml(target.port, ['web', 'db', 'db2', 'db3', 'db4']));
    process.kill(tocsin.process.pid!, 'SIGHUP');
    await statusWhen((j) => ownMonitors(j).some((m) => m.id === 'db4'));
    writeFileSync(config(), yaml(target.port, ['web']));
    process.kill(tocsin.process.pid!, 'SIGHUP');
    await tocsin.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes('nothing was removed'), 20_000);
    const { run, json } = await statusJson();
    expect(ownMonitors(json).map((m) => m.id)).toEqual(['api-made', 'db', 'db2', 'db3', 'db4', 'web']);
    expect(run.stderr).toBe('');
  });

  it('says tocsin is not running once it is SIGKILLed, shows the results as of then, and exits 3', async () => {
    const { json: before } = await statusJson();
    process.kill(-tocsin.process.pid!, 'SIGKILL');
    await tocsin.exited;

    const run = await status();
    expect(run.code).toBe(3);
    const [headline, header] = run.stdout.split('\n');
    expect(headline).toMatch(
      new RegExp(
        `^tocsin is not running: last seen \\d+ s ago \\(pid ${before.tocsin.instance!.pid} on .+\\)\\. The results below are as of then and may no longer be true\\.$`,
      ),
    );
    expect(header).toMatch(/^STATE\s+ID\s+TYPE\s+SINCE\s+CHECKED\s+MARKERS\s+MESSAGE$/);
    expect(run.stdout).toMatch(/\nUP\s+web\s+tcp/);

    const { json } = await statusJson();
    expect(json.tocsin.state).toBe('gone');
  });
});
