/**
 * Three real `tocsin start` processes (built dist/, supervisor and engine) on one PostgreSQL
 * schema of their own, checking real HTTP targets on 127.0.0.1 and paging a real webhook receiver.
 * One is SIGKILLed: the target's own log of requests shows how long each monitor went unchecked,
 * and the receiver counts the pages per monitor and event. A fourth instance joins and gets a share.
 * Needs TOCSIN_TEST_POSTGRES_URL; run `npm run build` (tsc) first.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { get, startInstance, stopAll, tail, waitFor, type Instance } from '../faults/harness.js';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL;
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const built = existsSync(CLI);
const INTERVAL_MS = 2_000;
const TTL_MS = 5_000;
const UP = 12;
const DOWN = 3;

interface ClusterHealth {
  name: string;
  held: number;
  housekeeping: boolean;
  instances: Array<{ name: string; live: boolean; monitorsHeld: number }>;
}

let schema = '';
let target: http.Server;
let targetPort = 0;
let receiver: Receiver;
/** When each monitor's target was hit, by monitor id (the path names it). */
const hits = new Map<string, number[]>();

beforeAll(async () => {
  if (!PG) return;
  schema = `tocsin_cluster_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  target = http.createServer((request, response) => {
    const [, kind, id] = (request.url ?? '').split('/');
    if (id) hits.set(id, [...(hits.get(id) ?? []), Date.now()]);
    response.statusCode = kind === 'down' ? 500 : 200;
    response.end(kind ?? '');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as AddressInfo).port;
  receiver = await startReceiver();
});

afterAll(async () => {
  await stopAll();
  await receiver?.close();
  await new Promise((resolve) => (target ? target.close(resolve) : resolve(undefined)));
  if (PG && schema) {
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
});

function yaml(name: string): string {
  const url = new URL(PG!);
  url.searchParams.set('schema', schema);
  const monitors = [
    ...Array.from({ length: UP }, (_, i) => `  - { id: up-${i}, type: http, url: "http://127.0.0.1:${targetPort}/up/up-${i}", interval: 2s, timeout: 1s }`),
    ...Array.from(
      { length: DOWN },
      (_, i) => `  - { id: down-${i}, type: http, url: "http://127.0.0.1:${targetPort}/down/down-${i}", interval: 2s, timeout: 1s }`,
    ),
  ];
  return `database:
  url: "${url.toString()}"
cluster:
  enabled: true
  instance_name: ${name}
  lease_ttl: ${TTL_MS / 1000}s
  renew_every: 1s
watchdog:
  stall_after: 10s
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
${monitors.join('\n')}
`;
}

async function health(instance: Instance): Promise<ClusterHealth | undefined> {
  const answer = await get(`${instance.base}/healthz`);
  if (!answer) return undefined;
  return (JSON.parse(answer.body) as { cluster?: ClusterHealth }).cluster;
}

/** Pages the receiver got, per "monitor event". */
function pages(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of receiver.requests) {
    const body = JSON.parse(request.body.toString()) as { event: string; monitor?: { id: string } };
    if (!body.monitor) continue;
    const key = `${body.monitor.id} ${body.event}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The longest time between two hits of one monitor's target from `from` on (counting from `from` itself). */
function longestGap(id: string, from: number, to: number): number {
  const times = [from, ...(hits.get(id) ?? []).filter((t) => t >= from && t <= to), to];
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

describe.skipIf(!PG)('three instances on one PostgreSQL', () => {
  it('share the monitors, take over a SIGKILLed one within interval + lease_ttl, page once, and rebalance for a newcomer', async () => {
    expect(built, 'dist/ is missing: run `npm run build` first').toBe(true);
    const names = ['alpha', 'bravo', 'charlie'];
    const instances = await Promise.all(names.map((name) => startInstance({ yaml: yaml(name) })));
    // All three live, each with a share, every monitor held by someone. The total is the store's (one
    // lease row a monitor, self monitors included) once the instances' own counts agree with it for two
    // renewals: while a lease moves, two instances can both count it for a moment, and a total one off
    // the settled sum, read then, failed the rebalance below (7, 7, 7 held, never the total read).
    let agreed: { total: number; since: number } | undefined;
    const { views: shared, total } = await waitFor(
      async () => {
        const views = await Promise.all(instances.map(health));
        if (views.some((v) => !v || v.held === 0)) return undefined;
        const stored = views[0]!.instances.filter((i) => i.live).reduce((sum, i) => sum + i.monitorsHeld, 0);
        const held = views.reduce((sum, v) => sum + v!.held, 0);
        if (stored < UP + DOWN || held !== stored) return (agreed = undefined);
        if (agreed?.total !== stored) agreed = { total: stored, since: Date.now() };
        return Date.now() - agreed.since >= 2_000 ? { views, total: stored } : undefined;
      },
      60_000,
      () => `three instances sharing the monitors; last lines:\n${tail(instances[0]!.logs)}`,
    );
    expect(shared.filter((v) => v!.housekeeping)).toHaveLength(1);
    // Each failing monitor is paged down once, whoever holds it.
    await waitFor(() => (Array.from({ length: DOWN }, (_, i) => pages().get(`down-${i} monitor.down`)).every((n) => n === 1) ? true : undefined), 30_000);

    const victim = instances[1]!;
    const killedAt = Date.now();
    process.kill(-victim.process.pid!, 'SIGKILL');
    await victim.exited;
    const survivors = [instances[0]!, instances[2]!];
    // The survivors hold everything again once the victim's leases lapse.
    await waitFor(
      async () => {
        const views = await Promise.all(survivors.map(health));
        return views.every((v) => v) && views.reduce((sum, v) => sum + v!.held, 0) === total ? true : undefined;
      },
      TTL_MS + 10_000,
      () => `the survivors holding all ${total} monitors`,
    );
    // Two more intervals for every monitor to have been checked on its new holder.
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS + 500));
    const end = Date.now();
    const slack = 1_000;
    for (const id of [...Array.from({ length: UP }, (_, i) => `up-${i}`), ...Array.from({ length: DOWN }, (_, i) => `down-${i}`)]) {
      const gap = longestGap(id, killedAt - INTERVAL_MS, end);
      expect(gap, `${id} went unchecked for ${gap} ms`).toBeLessThanOrEqual(INTERVAL_MS + TTL_MS + slack);
    }
    // No page twice: the takeover read the alert states from the store.
    const counts = pages();
    for (const [key, n] of counts) if (key.startsWith('down-') || key.startsWith('up-')) expect(n, key).toBe(1);
    expect([...counts.keys()].filter((k) => k.startsWith('up-'))).toEqual([]);

    // A newcomer gets a share: every live instance ends within one of an even third.
    const delta = await startInstance({ yaml: yaml('delta') });
    const live = [...survivors, delta];
    const share = Math.ceil(total / 3);
    // Its start-up is the machine's load; the rebalance after it is the cluster's.
    await waitFor(
      () => health(delta),
      90_000,
      () => `delta to answer; last lines:\n${tail(delta.logs)}`,
    );
    /** What each live instance said it held at the last look (undefined: no answer), for the failure message. */
    let lastHeld: (number | undefined)[] = [];
    await waitFor(
      async () => {
        const views = await Promise.all(live.map(health));
        lastHeld = views.map((v) => v?.held);
        if (views.some((v) => !v)) return undefined;
        const held = views.map((v) => v!.held);
        return held.reduce((a, b) => a + b, 0) === total && held.every((h) => h <= share && h >= total - 2 * share) ? true : undefined;
      },
      30_000,
      () =>
        `the monitors spread over three live instances (held by the two survivors and delta: ${lastHeld.map((h) => h ?? 'no answer').join(', ')}); ` +
        `last lines of each:\n${live.map((instance) => tail(instance.logs)).join('\n--\n')}`,
    );
    const listed = (await health(delta))!.instances;
    expect(
      listed
        .filter((i) => i.live)
        .map((i) => i.name)
        .sort(),
    ).toEqual(['alpha', 'charlie', 'delta']);
    expect(listed.find((i) => i.name === 'bravo')?.live).toBe(false);
    expect(pages().get('down-0 monitor.down')).toBe(1);

    // tocsin status, from the store alone, lists the live instances and what each holds.
    const status = spawnSync(process.execPath, [CLI, '-c', join(delta.dir, 'tocsin.yaml'), 'status', '--json'], { encoding: 'utf8', timeout: 30_000 });
    const printed = JSON.parse(status.stdout) as { instances: Array<{ name: string; live: boolean; monitors_held: number }> };
    const liveHeld = printed.instances.filter((i) => i.live);
    expect(liveHeld.map((i) => i.name).sort()).toEqual(['alpha', 'charlie', 'delta']);
    expect(liveHeld.reduce((sum, i) => sum + i.monitors_held, 0)).toBe(total);
  }, 240_000);
});
