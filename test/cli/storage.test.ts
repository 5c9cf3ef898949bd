/** `tocsin storage` on a real SQLite store: sizes, growth and what each retention setting costs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { insertResults } from '../../src/store/results.js';
import { runCli } from './run-cli.js';

let config: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-storage-'));
  config = join(dir, 'tocsin.yaml');
  writeFileSync(config, 'database:\n  url: sqlite:./tocsin.db\nretention:\n  raw: 7d\n  rollups: 90d\n');
  const store = await openStore(`sqlite:${join(dir, 'tocsin.db')}`);
  await migrate(store.db);
  const now = Date.now();
  await insertResults(
    store.db,
    Array.from({ length: 3_000 }, (_, i) => ({
      monitorId: `m${i % 30}`,
      at: now - 3_600_000 + i * 1000,
      status: 'up' as const,
      latencyMs: 4,
      message: 'HTTP 200 in 4 ms',
      timings: { total: 4 },
    })),
  );
  await store.close();
}, 30_000);

describe('tocsin storage', () => {
  it('prints the size of each table, the growth per day and the cost of each retention setting', async () => {
    const run = await runCli(['-c', config, 'storage']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^results\s+3,000\s+\d+(\.\d)? KiB\s+\d+$/m);
    expect(run.stdout).toMatch(
      /^growth: 3,000 results in the last 24 h from 30 monitors \(30 failures and changes\); \d+(\.\d)? KiB a day \(without retention\.minute \(minute rollups\), retention\.hourly \(hourly rollups\), retention\.rollups \(daily rollups\): none stored yet to measure\) until the retention windows are full$/m,
    );
    expect(run.stdout).toMatch(/^retention\.successes \(routine results\) = 1d: 2,970 rows a day × \d+ B × 1d → \d+(\.\d)? (KiB|MiB)$/m);
    expect(run.stdout).toMatch(/^retention\.raw \(failures and changes\) = 7d: 30 rows a day × \d+ B × 7d → \d+(\.\d)? (KiB|MiB)$/m);
    expect(run.stdout).toMatch(/^retention\.minute \(minute rollups\) = 2d: 1,500 rows a day × 2d → unknown until rows are stored$/m);
    expect(run.stdout).toMatch(/^retention\.hourly \(hourly rollups\) = 90d: 720 rows a day × 90d → unknown until rows are stored$/m);
    expect(run.stdout).toMatch(/^retention\.rollups \(daily rollups\) = 90d: 30 rows a day × 90d → unknown until rows are stored$/m);
  });

  it('answers in JSON with the same figures', async () => {
    const run = await runCli(['-c', config, 'storage', '--json']);
    const json = JSON.parse(run.stdout) as {
      results_per_day: number;
      tables: { table: string; rows: number }[];
      retention: { keeps_ms: number; rows_per_day: number }[];
    };
    expect(json.results_per_day).toBe(3_000);
    expect(json.tables.find((t) => t.table === 'results')?.rows).toBe(3_000);
    expect(json.retention.map((r) => [r.keeps_ms, r.rows_per_day])).toEqual([
      [86_400_000, 2_970],
      [7 * 86_400_000, 30],
      // 30 monitors checked every 30 s for 50 minutes: 1,500 monitor-minutes, each of two results.
      [2 * 86_400_000, 1_500],
      [90 * 86_400_000, 720],
      [90 * 86_400_000, 30],
    ]);
  });
});
