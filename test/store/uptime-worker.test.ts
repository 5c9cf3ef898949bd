/**
 * The 24 h uptime of /metrics is counted on a worker thread over its own read-only connection
 * (src/store/uptime-worker.ts): its figures must be store/uptime.ts's to the result. The worker
 * exists only as compiled code: this file runs dist/ (`npm test` builds first; in a dev loop, run
 * `npx tsc -p tsconfig.build.json`).
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/core/types.js';
import { uptimePercent } from '../../src/core/uptime.js';
import { migrate } from '../../src/store/migrate.js';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import { rollUp } from '../../src/store/rollups.js';
import { uptimeCounts } from '../../src/store/uptime.js';
import type { Store } from '../../src/store/open.js';
import { sqliteStore } from './dialects.js';

const entry = new URL('../../dist/store/uptime-worker.js', import.meta.url);
const built = existsSync(fileURLToPath(entry));
type Module = typeof import('../../src/store/uptime-worker.js');
const load = async () => (await import(entry.href)) as Module;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DAY0 = Date.UTC(2024, 2, 10);
const STATUSES: Status[] = ['up', 'up', 'up', 'degraded', 'down', 'unknown'];
const IDS = Array.from({ length: 1_203 }, (_, i) => `m${i}`);

let store: Store;
let cleanup = async () => {};
let file = '';

beforeAll(async () => {
  const opened = await sqliteStore();
  store = opened.store;
  cleanup = opened.cleanup;
  file = store.location;
  await migrate(store.db);
  // Two days of results for 1,203 monitors (more than two of the count's 500-id queries), each its own
  // mix of statuses and exclusions, some with none judged; then rolled up to 13:20 of the second day,
  // so a 24 h window reads day, hour and minute rollups and raw results.
  const rows: ResultRow[] = [];
  for (let i = 0; i < IDS.length; i++) {
    if (i % 97 === 0) continue;
    for (let at = DAY0 + ((i * 7) % 41) * MINUTE; at < DAY0 + 2 * DAY; at += (37 + (i % 11)) * MINUTE) {
      const n = Math.floor(at / MINUTE) + i;
      rows.push({
        monitorId: IDS[i]!,
        at,
        status: i % 89 === 0 ? 'unknown' : STATUSES[n % STATUSES.length]!,
        latencyMs: 5,
        message: 'x',
        timings: {},
        excluded: n % 5 === 0,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 5_000) await insertResults(store.db, rows.slice(i, i + 5_000));
  await rollUp(store.db, DAY0 + DAY + 13 * HOUR + 20 * MINUTE);
}, 120_000);

afterAll(async () => {
  await store?.close();
  await cleanup();
});

describe('uptime on a worker thread', () => {
  it('is built', () => expect(built, 'dist/ is missing: run `npx tsc -p tsconfig.build.json` first (npm test does)').toBe(true));

  it.runIf(built)('gives every monitor the percent store/uptime.ts gives, over raw results and rollups', async () => {
    const { UptimeWorker } = await load();
    const worker = new UptimeWorker(file);
    try {
      for (const [from, to] of [
        [DAY0 + 14 * HOUR + 7 * MINUTE + 3, DAY0 + DAY + 14 * HOUR + 7 * MINUTE + 4],
        [DAY0 - HOUR, DAY0 + DAY - HOUR],
        [DAY0 + 2 * DAY, DAY0 + 3 * DAY],
      ] as const) {
        const counted = await uptimeCounts(store.db, IDS, from, to);
        const expected = new Map(IDS.map((id) => [id, uptimePercent(counted.get(id) ?? { up: 0, degraded: 0, down: 0, unknown: 0, excluded: 0 })]));
        const got = await worker.percents([...IDS, 'nobody'], from, to);
        expect(got.get('nobody')).toBeNull();
        got.delete('nobody');
        expect(got).toEqual(expected);
      }
      // The figures are not all alike: some none judged, some 100 %, most in between.
      const sample = await worker.percents(IDS, DAY0 + 14 * HOUR, DAY0 + DAY + 14 * HOUR);
      expect(new Set(sample.values()).size).toBeGreaterThan(10);
      expect(sample.get('m0')).toBeNull();
      expect(await worker.percents([], DAY0, DAY0 + DAY)).toEqual(new Map());
    } finally {
      await worker.close();
    }
  });

  it.runIf(built)('ends its thread after a count of ENDED_FROM monitors or more: a process with nothing else to do exits', async () => {
    const { ENDED_FROM } = await load();
    const script = `
      const { UptimeWorker } = await import(${JSON.stringify(entry.href)});
      const worker = new UptimeWorker(${JSON.stringify(file)});
      const ids = Array.from({ length: ${ENDED_FROM} }, (_, i) => 'm' + i);
      const percents = await worker.percents(ids, ${DAY0}, ${DAY0 + DAY});
      console.log(JSON.stringify([percents.size, percents.get('m1')]));`;
    const path = join(dirname(file), 'count.mjs');
    writeFileSync(path, script);
    const { stdout } = await promisify(execFile)(process.execPath, [path], { timeout: 20_000 });
    const m1 = (await uptimeCounts(store.db, ['m1'], DAY0, DAY0 + DAY)).get('m1')!;
    expect(JSON.parse(stdout)).toEqual([ENDED_FROM, uptimePercent(m1)]);
  });

  it.runIf(built)('keeps its thread between counts of fewer monitors, where starting one would cost more than it holds', async () => {
    const { UptimeWorker, ENDED_FROM } = await load();
    const worker = new UptimeWorker(file);
    const thread = () => (worker as unknown as { calls: { worker?: unknown } }).calls.worker;
    try {
      await worker.percents(IDS, DAY0, DAY0 + DAY);
      expect(thread()).toBeDefined();
      await worker.percents(
        Array.from({ length: ENDED_FROM }, (_, i) => `m${i}`),
        DAY0,
        DAY0 + DAY,
      );
      expect(thread()).toBeUndefined();
    } finally {
      await worker.close();
    }
  });

  it.runIf(built)('refuses a missing database or one that is not a database, with the reason', async () => {
    const { UptimeWorker } = await load();
    const missing = join(dirname(file), 'absent.db');
    const worker = new UptimeWorker(missing);
    try {
      await expect(worker.percents(IDS, DAY0, DAY0 + DAY)).rejects.toThrow(/unable to open database file|no such file/i);
      writeFileSync(missing, 'not a database at all, long enough to have a header of sorts................................');
      await expect(worker.percents(IDS, DAY0, DAY0 + DAY)).rejects.toThrow(/not a database/i);
    } finally {
      await worker.close();
    }
    await expect(worker.percents(IDS, DAY0, DAY0 + DAY)).rejects.toThrow(/stopped/);
  });

  it.runIf(built)('refuses what it was asking when its thread ends, and starts a new one for the next count', async () => {
    const { UptimeWorker } = await load();
    const worker = new UptimeWorker(file);
    try {
      const pending = worker.percents(IDS, DAY0, DAY0 + DAY);
      // The thread is ended under it, as an out-of-memory kill of the worker would.
      await (worker as unknown as { calls: { worker: { terminate(): Promise<number> } } }).calls.worker.terminate();
      await expect(pending).rejects.toThrow(/stopped \(exit code/);
      expect((await worker.percents(['m1'], DAY0, DAY0 + DAY)).get('m1')).toEqual(
        uptimePercent((await uptimeCounts(store.db, ['m1'], DAY0, DAY0 + DAY)).get('m1')!),
      );
    } finally {
      await worker.close();
    }
  });
});
