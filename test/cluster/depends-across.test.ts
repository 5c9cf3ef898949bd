/**
 * depends_on across instances: two real `tocsin start` (built dist/) on one PostgreSQL schema of
 * their own. A dependant held by one instance whose upstream the other holds is held back by the
 * upstream's current state, read in each lease turn, not by the state as of its takeover: the
 * upstream pages, the dependant says "blocked by" and does not.
 * Needs TOCSIN_TEST_POSTGRES_URL; run `npm run build` (tsc) first.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { startInstance, stopAll, tail, waitFor } from '../faults/harness.js';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL;
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
/** Pairs of an upstream `db-i` and its dependant `app-i`: with two instances, some pairs are split between them. */
const PAIRS = 8;

let schema = '';
let receiver: Receiver;
let client: pg.Client;
let target: http.Server;
let targetPort = 0;
/** Target paths answering 500. */
const failing = new Set<string>();

beforeAll(async () => {
  if (!PG) return;
  schema = `tocsin_depends_${randomBytes(5).toString('hex')}`;
  client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`create schema ${schema}`);
  receiver = await startReceiver();
  target = http.createServer((request, response) => {
    response.statusCode = failing.has(request.url ?? '') ? 500 : 200;
    response.end();
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as AddressInfo).port;
});

afterAll(async () => {
  await stopAll();
  await receiver?.close();
  await new Promise((resolve) => (target ? target.close(resolve) : resolve(undefined)));
  if (client) {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
});

function yaml(name: string): string {
  const url = new URL(PG!);
  url.searchParams.set('schema', schema);
  const monitors = Array.from(
    { length: PAIRS },
    (_, i) => `  - { id: db-${i}, type: http, url: "http://127.0.0.1:${targetPort}/db-${i}", interval: 1s, timeout: 1s, alert: { down_after: 1 } }
  - { id: app-${i}, type: http, url: "http://127.0.0.1:${targetPort}/app-${i}", interval: 1s, timeout: 1s, depends_on: [db-${i}], alert: { down_after: 2 } }`,
  );
  return `database:
  url: "${url.toString()}"
server:
  min_interval: 1s
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
${monitors.join('\n')}
`;
}

const query = async <T>(text: string): Promise<T[]> => (await client.query(text.replaceAll('$schema', schema))).rows as T[];

function pages(id: string): number {
  return receiver.requests.filter((r) => {
    const body = JSON.parse(r.body.toString()) as { event: string; monitor?: { id: string } };
    return body.monitor?.id === id && body.event === 'monitor.down';
  }).length;
}

describe.skipIf(!PG)('depends_on across two instances', () => {
  it("holds a dependant back by its upstream's current state on the other instance", async () => {
    expect(built, 'dist/ is missing: run `npm run build` first').toBe(true);
    const instances = await Promise.all(['alpha', 'bravo'].map((name) => startInstance({ yaml: yaml(name) })));
    // A pair split between the two, once both hold their share and every pair has been checked up.
    const pair = await waitFor(
      async () => {
        const leases = new Map(
          (await query<{ monitor_id: string; holder: string }>(`select monitor_id, holder from $schema.monitor_leases`)).map((l) => [l.monitor_id, l.holder]),
        );
        const up = new Set((await query<{ monitor_id: string }>(`select monitor_id from $schema.monitor_state where status = 'up'`)).map((r) => r.monitor_id));
        if (!['alpha', 'bravo'].every((name) => [...leases.values()].includes(name)) || up.size < 2 * PAIRS) return undefined;
        return Array.from({ length: PAIRS }, (_, i) => i).find((i) => leases.get(`db-${i}`) !== leases.get(`app-${i}`));
      },
      60_000,
      () => `the pairs shared between alpha and bravo; alpha:\n${tail(instances[0]!.logs)}`,
    );
    const [db, app] = [`db-${pair}`, `app-${pair}`];

    // The upstream goes down on its holder and pages.
    failing.add(`/${db}`);
    await waitFor(
      () => (pages(db) === 1 ? true : undefined),
      30_000,
      () => `${db} to page`,
    );
    // Then its dependant, on the other instance: blocked by the upstream, no page. The other instance
    // reads its upstreams' states at each lease turn (renew_every 1 s): give it three.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    failing.add(`/${app}`);
    const state = await waitFor(
      async () => {
        const rows = await query<{ status: string; last_message: string }>(
          `select status, last_message from $schema.monitor_state where monitor_id = '${app}'`,
        );
        return rows[0]?.status === 'down' ? rows[0] : undefined;
      },
      30_000,
      () => `${app} to be confirmed down`,
    );
    expect(state.last_message).toMatch(new RegExp(`^blocked by ${db}: `));
    expect(pages(app)).toBe(0);
  }, 180_000);
});
