/**
 * An agent's results posted to the instance that does not hold the monitor (a load balancer in front
 * of the instances): two real `tocsin start` (built dist/) on one PostgreSQL schema of their own. The
 * receiving instance stores the result and its location state and judges nothing; the holder picks the
 * location state up in its next lease turn, weighs it in its quorum and pages, once.
 * Results are posted over HTTP with a real agent token, as `tocsin agent` would post them: the test
 * decides what each location reports. Needs TOCSIN_TEST_POSTGRES_URL; run `npm run build` (tsc) first.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { startInstance, stopAll, tail, waitFor, type Instance } from '../faults/harness.js';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL;
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const built = existsSync(CLI);

let schema = '';
let receiver: Receiver;
let client: pg.Client;

beforeAll(async () => {
  if (!PG) return;
  schema = `tocsin_elsewhere_${randomBytes(5).toString('hex')}`;
  client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`create schema ${schema}`);
  receiver = await startReceiver();
});

afterAll(async () => {
  await stopAll();
  await receiver?.close();
  if (client) {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
});

function yaml(name: string): string {
  const url = new URL(PG!);
  url.searchParams.set('schema', schema);
  return `database:
  url: "${url.toString()}"
cluster:
  enabled: true
  instance_name: ${name}
  lease_ttl: 5s
  renew_every: 1s
channels:
  ops:
    type: webhook
    url: ${receiver.url}
escalations:
  oncall:
    - notify: [ops]
defaults:
  escalation: oncall
monitors:
  - id: web
    type: http
    url: http://127.0.0.1:9/
    interval: 10s
    timeout: 1s
    locations: [east, west]
    quorum: any
    alert:
      down_after: 1
      up_after: 1
`;
}

function cli(instance: Instance, args: string[]): string {
  const run = spawnSync(process.execPath, [CLI, '-c', join(instance.dir, 'tocsin.yaml'), ...args], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`tocsin ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout.trim();
}

async function post(instance: Instance, token: string, status: 'up' | 'down', at: number): Promise<void> {
  const message = status === 'up' ? 'HTTP 200 in 3 ms' : 'connect timed out after 1 s';
  const response = await fetch(`${instance.base}/agent/v1/results`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ results: [{ monitor_id: 'web', at, status, latency_ms: 3, message, timings: {} }] }),
  });
  expect(await response.json()).toEqual({ accepted: 1, ignored: [] });
}

const query = async <T>(text: string): Promise<T[]> => (await client.query(text.replaceAll('$schema', schema))).rows as T[];

function downPages(): number {
  return receiver.requests.filter((r) => {
    const body = JSON.parse(r.body.toString()) as { event: string; monitor?: { id: string } };
    return body.monitor?.id === 'web' && body.event === 'monitor.down';
  }).length;
}

describe.skipIf(!PG)('an agent posting to the instance that does not hold its monitor', () => {
  it('is weighed by the holder within a few seconds, and paged once', async () => {
    expect(built, 'dist/ is missing: run `npm run build` first').toBe(true);
    const instances = await Promise.all(['alpha', 'bravo'].map((name) => startInstance({ yaml: yaml(name) })));
    const [alpha] = instances as [Instance, Instance];
    const east = cli(alpha, ['agent-token', 'create', '--location', 'east']);
    const west = cli(alpha, ['agent-token', 'create', '--location', 'west']);
    const holderName = await waitFor(
      async () => (await query<{ holder: string }>(`select holder from $schema.monitor_leases where monitor_id = 'web'`))[0]?.holder,
      60_000,
      () => `someone to hold web; alpha:\n${tail(alpha.logs)}`,
    );
    const holder = holderName === 'alpha' ? instances[0]! : instances[1]!;
    const other = holder === instances[0] ? instances[1]! : instances[0]!;
    // Both answer before anything is posted: the receiving one must have its routes up.
    await waitFor(
      async () => (await fetch(`${other.base}/livez`).catch(() => undefined))?.ok,
      60_000,
      () => 'the other instance to listen',
    );

    // Every post goes to the instance that does not hold web: east fails, west answers.
    const state = await waitFor(
      async () => {
        const at = Date.now();
        await post(other, east, 'down', at);
        await post(other, west, 'up', at);
        const rows = await query<{ status: string; last_message: string }>(`select status, last_message from $schema.monitor_state where monitor_id = 'web'`);
        return rows[0]?.status === 'down' && downPages() >= 1 ? rows[0] : undefined;
      },
      30_000,
      () => `the holder (${holderName}) to judge web down from the other's results; holder:\n${tail(holder.logs)}`,
    );
    expect(state.last_message).toBe('down from east (connect timed out after 1 s); up from west');

    // A few more results the same way, until the holder has weighed the last of them: still one page.
    const last = Date.now() + 2_000;
    await post(other, east, 'down', last);
    await post(other, west, 'up', last);
    await waitFor(
      async () => {
        const rows = await query<{ last_at: string }>(`select last_at from $schema.monitor_state where monitor_id = 'web'`);
        return Number(rows[0]?.last_at) >= last ? true : undefined;
      },
      30_000,
      () => `the holder to weigh the last results; holder:\n${tail(holder.logs)}`,
    );
    expect(downPages()).toBe(1);
    // Each posted result is stored once, by the instance that took it.
    const rows = await query<{ n: string }>(
      `select count(*) as n from $schema.results r join $schema.monitor_keys k on k.monitor_key = r.monitor_key where k.monitor_id = 'web' and r.at = ${last}`,
    );
    expect(Number(rows[0]!.n)).toBe(2);
  }, 180_000);
});
