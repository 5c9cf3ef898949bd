/**
 * Housekeeping rounds on a SQLite file run on a worker thread of their own (src/store/housekeeping-
 * worker.ts), so that rolling up and pruning 100,000 monitors never holds the engine's thread: what
 * a round leaves in the file must be what the same round on the engine's thread leaves. The worker
 * exists only as compiled code: this file runs dist/ (`npm test` builds first).
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { notification } from '../../src/channels/testing/fixtures.js';
import type { Status } from '../../src/core/types.js';
import { housekeep, type RetentionMs } from '../../src/store/housekeep.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { insertNotifications, markDelivered } from '../../src/store/outbox.js';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import type { Db } from '../../src/store/schema.js';
import { sqliteStore } from './dialects.js';

const entry = new URL('../../dist/store/housekeeping-worker.js', import.meta.url);
const built = existsSync(fileURLToPath(entry));
type Module = typeof import('../../src/store/housekeeping-worker.js');
const load = async () => (await import(entry.href)) as Module;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 21, 12, 7, 0);
const RETENTION: RetentionMs = { raw: 3 * DAY, successes: DAY, minute: 2 * DAY, rollups: 400 * DAY, hourly: 10 * DAY };
const STATUSES: Status[] = ['up', 'up', 'up', 'degraded', 'down', 'unknown'];

const opened: { store: Store; cleanup: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const { store, cleanup } of opened.splice(0)) {
    await store.close();
    await cleanup();
  }
});

/** A migrated file with 12 days of results of 40 monitors (some failing, some slow) and finished and pending notifications. */
async function seeded(): Promise<Store> {
  const one = await sqliteStore();
  opened.push(one);
  const db = one.store.db;
  await migrate(db);
  const rows: ResultRow[] = [];
  for (let m = 0; m < 40; m++) {
    for (let at = NOW - 12 * DAY + m * 61_000; at < NOW; at += (20 + m) * 60_000) {
      const n = Math.floor(at / 60_000) + m;
      rows.push({ monitorId: `m${m}`, at, status: STATUSES[n % STATUSES.length]!, latencyMs: 3 + (n % 97), message: 'x', timings: {} });
    }
  }
  for (let i = 0; i < rows.length; i += 5_000) await insertResults(db, rows.slice(i, i + 5_000));
  const sent = (id: string, at: number) => ({ id, dedupKey: id, channel: 'ops', monitorId: 'm1', notification: notification(), createdAt: at });
  await insertNotifications(db, [sent('old', NOW - 10 * DAY), sent('recent', NOW - DAY), sent('pending', NOW - 10 * DAY)]);
  await markDelivered(db, ['old', 'recent'], NOW - DAY);
  return one.store;
}

/** Every row the round writes or deletes, in a fixed order. */
async function contents(db: Db): Promise<unknown> {
  const rows = async (query: string) => (await sql.raw(query).execute(db)).rows;
  return {
    results: await rows('select * from results order by monitor_key, at'),
    rollups: await rows('select * from rollups order by period, monitor_key, bucket'),
    outbox: await rows('select id from outbox order by id'),
    meta: await rows("select key, value from meta where key like 'rollups.%' order by key"),
  };
}

describe('housekeeping on a worker thread', () => {
  it('is built', () => expect(built, 'dist/ is missing: run `npx tsc -p tsconfig.build.json` first (npm test does)').toBe(true));

  it.runIf(built)('rolls up and prunes exactly as the same round on the engine thread', async () => {
    const { HousekeepingWorker } = await load();
    const [inThread, onWorker] = [await seeded(), await seeded()];
    const before = await contents(onWorker.db);
    const expected = await housekeep(inThread.db, NOW, RETENTION);
    const report = await new HousekeepingWorker(`sqlite:${onWorker.location}`, onWorker.location).run(NOW, RETENTION);
    expect(report).toEqual(expected);
    expect(report.pruned.results).toBeGreaterThan(1_000);
    const after = (await contents(onWorker.db)) as { rollups: unknown[]; outbox: { id: string }[] };
    expect(after).toEqual(await contents(inThread.db));
    expect(after).not.toEqual(before);
    expect(after.rollups.length).toBeGreaterThan(100);
    expect(after.outbox.map((n) => n.id)).toEqual(['pending', 'recent']);
  });

  it.runIf(built)('reports a database file gone, without making an empty one', async () => {
    const { HousekeepingWorker } = await load();
    const store = await seeded();
    const missing = join(dirname(store.location), 'gone.db');
    const worker = new HousekeepingWorker(`sqlite:${missing}`, missing);
    await expect(worker.run(NOW, RETENTION)).rejects.toThrow(`the database file ${missing} is missing`);
    expect(existsSync(missing)).toBe(false);
    // The next round gets a thread of its own again.
    await expect(worker.run(NOW, RETENTION)).rejects.toThrow(/is missing/);
  });

  it.runIf(built)('ends its thread with the round: a process with nothing else to do exits', async () => {
    const store = await seeded();
    const script = `
      const { HousekeepingWorker } = await import(${JSON.stringify(entry.href)});
      const report = await new HousekeepingWorker(${JSON.stringify(`sqlite:${store.location}`)}, ${JSON.stringify(store.location)}).run(${NOW}, ${JSON.stringify(RETENTION)});
      console.log(JSON.stringify(report.pruned));`;
    const file = join(dirname(store.location), 'round.mjs');
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 20_000 });
    expect(JSON.parse(stdout).results).toBeGreaterThan(1_000);
  });

  it.runIf(built)('ends a round under way when tocsin stops', async () => {
    const { HousekeepingWorker } = await load();
    const store = await seeded();
    const worker = new HousekeepingWorker(`sqlite:${store.location}`, store.location);
    const refused = expect(worker.run(NOW, RETENTION)).rejects.toThrow('the housekeeping worker is stopped');
    await worker.close();
    await refused;
  });
});
