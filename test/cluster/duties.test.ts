/**
 * Once-per-cluster duties with real processes: three `tocsin start` (built dist/) on one PostgreSQL
 * schema of their own, each with `backup:` configured into a directory of its own. The cluster makes
 * one backup, not one per instance; the holder of the backups duty is SIGKILLed and another instance
 * holds the duty within lease_ttl, and still no second backup is made (the last verified one is
 * shared in the store). Needs TOCSIN_TEST_POSTGRES_URL; run `npm run build` (tsc) first.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startInstance, stopAll, tail, waitFor, type Instance } from '../faults/harness.js';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL;
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
const TTL_MS = 5_000;

interface ClusterHealth {
  name: string;
  duties: string[];
  instances: Array<{ name: string; live: boolean; jobs: string[] }>;
}

let schema = '';

beforeAll(async () => {
  if (!PG) return;
  schema = `tocsin_duties_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
});

afterAll(async () => {
  await stopAll();
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
  return `database:
  url: "${url.toString()}"
cluster:
  enabled: true
  instance_name: ${name}
  lease_ttl: ${TTL_MS / 1000}s
  renew_every: 1s
backup:
  every: 1h
  dir: "{{dir}}/backups"
`;
}

async function health(instance: Instance): Promise<ClusterHealth | undefined> {
  const answer = await get(`${instance.base}/healthz`);
  if (!answer) return undefined;
  return (JSON.parse(answer.body) as { cluster?: ClusterHealth }).cluster;
}

function backups(instance: Instance): string[] {
  const dir = join(instance.dir, 'backups');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tocsin-backup.gz')) : [];
}

const allBackups = (instances: readonly Instance[]) => instances.flatMap(backups);

describe.skipIf(!PG)('once-per-cluster duties', () => {
  it('makes one scheduled backup for three instances, and the duty moves within lease_ttl when its holder is SIGKILLed', async () => {
    expect(built, 'dist/ is missing: run `npm run build` first').toBe(true);
    const instances = await Promise.all(['alpha', 'bravo', 'charlie'].map((name) => startInstance({ yaml: yaml(name) })));
    // A fresh store has no verified backup: the first is due 5 s after start, on every instance that makes them.
    await waitFor(
      () => (allBackups(instances).length > 0 ? true : undefined),
      60_000,
      () => `a backup; last lines:\n${tail(instances[0]!.logs)}`,
    );
    // Every instance had its chance (first due 5 s after its start, a look every 5 s without the duty).
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect(allBackups(instances), 'backup files of the three instances').toHaveLength(1);

    const views = await Promise.all(instances.map(health));
    // Spread: the two duties are run by two of the three instances.
    expect(views.map((v) => v?.duties.length ?? 0).sort()).toEqual([0, 1, 1]);
    const holders = instances.filter((_, i) => views[i]?.duties.includes('backups'));
    expect(holders, 'instances holding the backups duty').toHaveLength(1);
    const victim = holders[0]!;
    expect(backups(victim)).toHaveLength(1);
    const listed = views.find((v) => v)!.instances.find((i) => i.name === views[instances.indexOf(victim)]!.name);
    expect(listed?.jobs).toContain('backups');

    const killedAt = Date.now();
    process.kill(-victim.process.pid!, 'SIGKILL');
    await victim.exited;
    const survivors = instances.filter((i) => i !== victim);
    const taker = await waitFor(
      async () => {
        const seen = await Promise.all(survivors.map(health));
        const i = seen.findIndex((v) => v?.duties.includes('backups'));
        return i >= 0 ? survivors[i] : undefined;
      },
      TTL_MS + 10_000,
      () => 'a survivor holding the backups duty',
    );
    const tookMs = Date.now() - killedAt;
    // The dead lease runs out within TTL_MS of the kill and a survivor claims it in its next turn (every 1 s);
    // the rest is this poll and the machine's load. Under two TTLs still tells "at expiry" from "a turn late".
    expect(tookMs, 'takeover of the backups duty').toBeLessThan(2 * TTL_MS);
    // The new holder goes by the shared last verified backup: an hour from it, not now.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(backups(taker)).toEqual([]);
    expect(allBackups(instances)).toHaveLength(1);
    // Exactly one live instance holds each duty.
    const after = (await Promise.all(survivors.map(health))).filter((v) => v);
    expect(after.flatMap((v) => v!.duties).sort()).toEqual(['backups', 'housekeeping']);
  }, 150_000);
});
