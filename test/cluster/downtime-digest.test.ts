/**
 * The digest after a downtime of the whole cluster, with real processes: one `tocsin start` (built
 * dist/) on a PostgreSQL schema of its own sees six monitors up and stops; the store is made to say
 * it stopped ten minutes ago; two instances start together and, once they share the monitors, the
 * targets start failing. People
 * get one "gathering" digest per channel naming all six, not one per instance with its share, and
 * no page per monitor. When the instance gathering is SIGKILLed before it folds, the held pages
 * fall due and each monitor is paged once. Needs TOCSIN_TEST_POSTGRES_URL; run `npm run build` (tsc) first.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { startInstance, stopAll, tail, waitFor, type Instance } from '../faults/harness.js';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL;
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
const MONITORS = 6;

let schema = '';
const schemas: string[] = [];
let failing = false;
let target: http.Server;
let targetPort = 0;
let receiver: Receiver;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!PG) return;
  target = http.createServer((request, response) => {
    response.statusCode = failing && request.url !== '/steady' ? 500 : 200;
    response.end();
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as AddressInfo).port;
  receiver = await startReceiver();
});

afterAll(async () => {
  await stopAll();
  await receiver?.close();
  await new Promise((resolve) => (target ? target.close(resolve) : resolve(undefined)));
  for (const name of schemas) await admin((c) => c.query(`drop schema if exists ${name} cascade`));
});

function yaml(name: string): string {
  const url = new URL(PG!);
  url.searchParams.set('schema', schema);
  const monitors = Array.from({ length: MONITORS }, (_, i) => `  - { id: web-${i}, type: http, url: "http://127.0.0.1:${targetPort}/${i}" }`);
  // `steady` never fails: its interval only widens the gathering window (twice the longest interval
  // + 2 s = 32 s), so that the instances start, share the monitors and judge them down inside it
  // even on a loaded machine.
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
  interval: 2s
  timeout: 1s
  alert: { down_after: 1 }
monitors:
${monitors.join('\n')}
  - { id: steady, type: http, url: "http://127.0.0.1:${targetPort}/steady", interval: 15s, timeout: 5s }
`;
}

interface Sent {
  event: string;
  monitor: { id: string; target: string };
  message: string;
}

const sent = () => receiver.requests.map((r) => JSON.parse(r.body.toString()) as Sent);

/**
 * A store whose six monitors were up when tocsin stopped ten minutes ago, and two instances started
 * on it together; answers once they share the monitors, with the targets still answering.
 */
async function comeback(): Promise<Instance[]> {
  schema = `tocsin_digest_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  await admin((c) => c.query(`create schema ${schema}`));
  failing = false;
  receiver.requests.length = 0;
  const first = await startInstance({ yaml: yaml('alpha') });
  // The seven up, and only they: tocsin's self-monitors have states too, and on a slow machine they
  // are judged before the poll sees seven. `steady` up before the stop changes nothing at the comeback.
  await waitFor(
    () =>
      admin(async (c) => {
        const { rows } = await c.query(
          `select count(*)::int as n from ${schema}.monitor_state where (monitor_id like 'web-%' or monitor_id = 'steady') and last_status = 'up'`,
        );
        return rows[0].n === MONITORS + 1 ? true : undefined;
      }).catch(() => undefined),
    60_000,
    () => `seven monitors up; last lines:\n${tail(first.logs)}`,
  );
  process.kill(-first.process.pid!, 'SIGTERM');
  await first.exited;
  // Ten minutes without results: the next start is a comeback after tocsin's own downtime.
  await admin((c) => c.query(`update ${schema}.monitor_state set last_at = last_at - 600000`));

  const both = await Promise.all(['alpha', 'bravo'].map((name) => startInstance({ yaml: yaml(name) })));
  await waitFor(
    () =>
      admin(async (c) => {
        const { rows } = await c.query(
          `select count(distinct holder)::int as n from ${schema}.monitor_leases where monitor_id like 'web-%' and expires_at > $1`,
          [Date.now()],
        );
        return rows[0].n === 2 ? true : undefined;
      }).catch(() => undefined),
    30_000,
    () => `two instances sharing the monitors; last lines:\n${both.map((i) => tail(i.logs)).join('\n---\n')}`,
  );
  return both;
}

const digests = () => sent().filter((n) => n.monitor.id === 'tocsin.downtime');
const downPages = () => sent().filter((n) => n.monitor.id.startsWith('web-') && n.event === 'monitor.down');

describe.skipIf(!PG)('the digest after a downtime of the whole cluster', () => {
  it('is gathered once for the cluster: one digest per channel naming every monitor, whichever instance holds it', async () => {
    expect(built, 'dist/ is missing: run `npm run build` first').toBe(true);
    const both = await comeback();
    // The targets fail once the two share the monitors, inside the gathering (32 s from the start).
    failing = true;
    await waitFor(
      () => (digests().length > 0 ? true : undefined),
      60_000,
      () => `a digest; last lines:\n${both.map((i) => tail(i.logs)).join('\n---\n')}`,
    );
    // Time for a second digest or a stray page to arrive, if one were coming.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(digests().length, `digests received: ${JSON.stringify(digests().map((d) => d.message))}`).toBe(1);
    // Each of the six, by name; on a loaded machine a self-monitor (schedule lag …) may join them, rightly.
    for (let i = 0; i < MONITORS; i++) expect(digests()[0]!.message).toContain(`web-${i} DOWN`);
    expect(downPages()).toEqual([]);
  }, 150_000);

  it('pages each monitor once when the instance gathering is SIGKILLed before it folds', async () => {
    const both = await comeback();
    const [{ holder }] = await admin(async (c) => (await c.query(`select holder from ${schema}.monitor_leases where monitor_id = '~downtime-digest'`)).rows);
    const victim = both[['alpha', 'bravo'].indexOf(holder as string)]!;
    failing = true;
    // The holder dies once both have judged their monitors down, their pages held to the shared
    // instant, and before it folds (folded rows are marked delivered). A fixed sleep here let a slow
    // start run past the window: the holder folded before the kill, and no page ever came.
    await waitFor(
      () =>
        admin(async (c) => {
          const { rows } = await c.query(
            `select count(distinct monitor_id)::int as n from ${schema}.outbox where monitor_id like 'web-%' and event = 'monitor.down' and created_at > $1 and delivered_at is null`,
            [Date.now()],
          );
          return rows[0].n === MONITORS ? true : undefined;
        }).catch(() => undefined),
      30_000,
      () => `a held page for each monitor; last lines:\n${both.map((i) => tail(i.logs)).join('\n---\n')}`,
    );
    process.kill(-victim.process.pid!, 'SIGKILL');
    await victim.exited;
    // The survivor takes the monitors over within lease_ttl; the held pages fall due a few seconds after the window.
    await waitFor(
      () => (new Set(downPages().map((n) => n.monitor.id)).size === MONITORS ? true : undefined),
      60_000,
      () => `a page for each monitor; got ${JSON.stringify(sent().map((n) => [n.monitor.id, n.event]))}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(
      downPages()
        .map((n) => n.monitor.id)
        .sort(),
    ).toEqual(Array.from({ length: MONITORS }, (_, i) => `web-${i}`));
    expect(digests()).toEqual([]);
  }, 150_000);
});
