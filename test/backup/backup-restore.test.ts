import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../src/backup/restore.js';
import { verifyBackup } from '../../src/backup/read.js';
import { writeBackup } from '../../src/backup/write.js';
import { listTables } from '../../src/backup/tables.js';
import { silentLogger } from '../../src/lib/logger.js';
import { syncConfig } from '../../src/services/sync-monitors.js';
import { loadConfigText } from '../../src/config/load.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore, type Store } from '../../src/store/open.js';
import { insertResults } from '../../src/store/results.js';
import { writeRollups } from '../../src/store/rollups.js';
import { postgresStore, postgresUrl } from '../store/dialects.js';

const MONITORS = 1000;

/** Every row of every table, sorted, as text: equal stores give equal dumps whatever the dialect. */
async function dump(store: Store, table: string): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db);
  return rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))))).sort();
}

describe.skipIf(!postgresUrl)('backup and restore across dialects', () => {
  let dir: string;
  let source: Store;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tocsin-backup-'));
    source = await openStore(`sqlite:${join(dir, 'source.db')}`);
    await migrate(source.db);
    const text = `channels:\n  ops:\n    type: webhook\n    url: https://hooks.example.com/x\nmonitors:\n${Array.from({ length: MONITORS }, (_, i) => `  - id: m-${i}\n    type: tcp\n    host: example.com\n    port: ${1000 + i}\n`).join('')}`;
    const loaded = loadConfigText(text, 'tocsin.yaml', {});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    await syncConfig(source.db, loaded.config, { allowDeletions: false, now: 1_800_000_000_000, logger: silentLogger() });
    // Minute and hourly rollups are packed into blobs (store/packed-rollups.ts): they must survive the trip too.
    const rollup = (period: 'minute' | 'hour' | 'day', bucket: number) => ({
      monitorId: 'm-1',
      period,
      bucket,
      count: 6,
      up: 5,
      degraded: 0,
      down: 1,
      latencyP50: 3.5,
      latencyP95: null,
      latencyMax: 12.25,
    });
    const hour = 1_799_996_400_000;
    await writeRollups(source.db, [rollup('minute', hour), rollup('minute', hour + 59 * 60_000), rollup('hour', hour), rollup('day', 1_799_971_200_000)]);
  });
  afterAll(async () => {
    await source.close();
    for (const cleanup of cleanups) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function emptyPostgres(): Promise<Store> {
    const { store, cleanup } = await postgresStore(postgresUrl ?? '');
    cleanups.push(async () => {
      await store.close();
      await cleanup();
    });
    return store;
  }

  it('backs up SQLite while 1,000 monitors write results, and restores every table into PostgreSQL', async () => {
    // The engine's own connection keeps writing while the backup reads through another, as `tocsin backup` does.
    const writer = source;
    const reader = await openStore(`sqlite:${join(dir, 'source.db')}`, { access: 'read' });
    let at = 1_800_000_000_000;
    let writing = true;
    let rounds = 0;
    const writes = (async () => {
      while (writing && rounds < 200) {
        at += 1000;
        const batch = Array.from({ length: MONITORS }, (_, i) => ({
          monitorId: `m-${i}`,
          at,
          status: 'up' as const,
          latencyMs: i % 50,
          message: 'ok',
          timings: {},
        }));
        // One transaction per round, as the engine's writer does.
        await insertResults(writer.db, batch);
        rounds += 1;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    while (rounds < 3) await new Promise((r) => setTimeout(r, 10));
    const roundsBefore = rounds;
    const file = join(dir, 'live.tocsin-backup.gz');
    const manifest = await writeBackup(reader, file, '0.1.0');
    writing = false;
    await writes;
    await reader.close();
    expect(rounds).toBeGreaterThan(roundsBefore); // results were written while the backup ran
    expect(manifest.tables.results).toBeGreaterThanOrEqual(roundsBefore * MONITORS);
    expect(manifest.tables.monitors).toBe(MONITORS);
    expect(manifest.tables.results! % MONITORS).toBe(0); // whole write transactions only: a consistent snapshot
    expect(manifest.tables.results).toBeGreaterThan(0);

    const target = await emptyPostgres();
    await restoreBackup(file, target);
    for (const table of await listTables(source.db, 'sqlite')) {
      const restored = await dump(target, table);
      expect(restored.length, table).toBe(manifest.tables[table]);
      if (table === 'results') {
        const all = new Set(await dump(source, table));
        expect(restored.every((row) => all.has(row))).toBe(true);
      } else if (table !== 'meta') {
        expect(restored, table).toEqual(await dump(source, table));
      }
    }
  }, 120_000);

  it('restores a PostgreSQL backup into SQLite, table for table', async () => {
    const pg = await emptyPostgres();
    await restoreBackup(join(dir, 'live.tocsin-backup.gz'), pg);
    const file = join(dir, 'pg.tocsin-backup.gz');
    const manifest = await writeBackup(pg, file, '0.1.0');
    expect(manifest.dialect).toBe('postgres');
    const lite = await openStore(`sqlite:${join(dir, 'back.db')}`);
    try {
      await restoreBackup(file, lite);
      for (const table of Object.keys(manifest.tables)) expect(await dump(lite, table), table).toEqual(await dump(pg, table));
    } finally {
      await lite.close();
    }
  }, 120_000);

  it('refuses a truncated or corrupted file, or a non-empty target, and restores nothing', async () => {
    const good = readFileSync(join(dir, 'live.tocsin-backup.gz'));
    const truncated = join(dir, 'truncated.gz');
    writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 2)));
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const corrupted = join(dir, 'corrupted.gz');
    writeFileSync(corrupted, flipped);
    // Valid gzip whose content was edited: only the manifest's checksum catches it.
    const edited = join(dir, 'edited.gz');
    writeFileSync(edited, gzipSync(gunzipSync(good).toString('utf8').replace('"m-1"', '"m-X"')));

    const target = await emptyPostgres();
    await expect(restoreBackup(truncated, target)).rejects.toThrow(/truncated\.gz is not a usable tocsin backup: .*truncated.*Nothing was restored/);
    await expect(restoreBackup(corrupted, target)).rejects.toThrow(/corrupted\.gz is not a usable tocsin backup.*Nothing was restored/);
    await expect(verifyBackup(edited)).rejects.toThrow(/its checksum does not match/);
    await expect(restoreBackup(join(dir, 'missing.gz'), target)).rejects.toThrow(/does not exist/);
    // Nothing was even migrated: the target is as empty as it was given.
    expect(await listTables(target.db, 'postgres')).toEqual([]);

    await expect(restoreBackup(join(dir, 'live.tocsin-backup.gz'), source)).rejects.toThrow(/the target database is not empty \(table .* has rows\)/);
  }, 120_000);
});
