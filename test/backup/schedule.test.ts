import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupSchedule, lastVerifiedBackupAt, verifyByRestoring } from '../../src/backup/schedule.js';
import { writeBackup } from '../../src/backup/write.js';
import { judgeSelf } from '../../src/checks/self/judge.js';
import { EngineFigures } from '../../src/checks/self/source.js';
import { withBackupThresholds } from '../../src/backup/age.js';
import { builtinSelfMonitors } from '../../src/checks/self/builtin.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin } from '../../src/main.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore, type Store } from '../../src/store/open.js';

describe('scheduled backups', () => {
  let dir: string;
  let store: Store;
  const url = () => `sqlite:${join(dir, 'tocsin.db')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tocsin-schedule-'));
    store = await openStore(url());
    await migrate(store.db);
    await store.db
      .insertInto('monitors')
      .values({ id: 'web', type: 'tcp', name: 'web', source: 'config', definition: '{}', created_at: 1, updated_at: 1, deleted_at: null })
      .execute();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes, verifies by restoring, records the time and keeps only the newest `keep` of its own files', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const backupDir = join(dir, 'backups');
    const schedule = new BackupSchedule({ db: store.db, url: url(), config: () => undefined, clock: { now: () => now }, logger: silentLogger() });
    const config = { every: 86_400_000, keep: 2, dir: backupDir };
    expect(await lastVerifiedBackupAt(store.db)).toBeUndefined();
    for (let day = 0; day < 3; day++) {
      const { manifest } = await schedule.runOnce(config);
      expect(manifest.tables.monitors).toBe(1);
      expect(await lastVerifiedBackupAt(store.db)).toBe(now);
      now += 86_400_000;
    }
    writeFileSync(join(backupDir, 'notes.txt'), 'not a backup: never pruned');
    await schedule.runOnce(config);
    expect(readdirSync(backupDir).sort()).toEqual(['notes.txt', 'tocsin-20261203T000000Z.tocsin-backup.gz', 'tocsin-20261204T000000Z.tocsin-backup.gz']);
  });

  it('does not count a backup whose restore does not match its manifest', async () => {
    const file = join(dir, 'odd.gz');
    const manifest = await writeBackup(store, file, 'test');
    await expect(verifyByRestoring(file, { ...manifest, tables: { ...manifest.tables, monitors: 2 } })).rejects.toThrow(
      /table monitors restored 1 rows, the manifest says 2/,
    );
  });

  it('judges the last verified backup: up within one period, degraded after one missed, down after two or with none', async () => {
    const day = 86_400_000;
    const now = Date.parse('2026-12-10T00:00:00Z');
    const defaults = { interval: 60_000, timeout: 10_000, alert: { down_after: 2, up_after: 1, unknown: 'notify' as const } };
    const [monitor] = withBackupThresholds(builtinSelfMonitors({ defaults, hasDataDir: false, hasBackups: true }), { every: day, keep: 14, dir: '/b' }).filter(
      (m) => m.settings.metric === 'backup_age',
    );
    const judge = async (last: number | undefined) => {
      const figures = new EngineFigures({
        now: () => now,
        checksCompleted: () => 0,
        expectedPerMinute: () => 0,
        lagP99Ms: () => 0,
        outbox: () => ({ pending: 0, oldestUndeliveredAt: undefined, failing: [] }),
        writes: () => ({ lastWriteMs: 0, lastWriteError: undefined, pending: 0 }),
        lastBackupAt: async () => last,
      });
      return judgeSelf(monitor!.settings, await figures.observe('backup_age')).status;
    };
    expect(await judge(now - day)).toBe('up');
    expect(await judge(now - 2.5 * day)).toBe('degraded');
    expect(await judge(now - 3.5 * day)).toBe('down');
    expect(await judge(undefined)).toBe('down');
  });

  it('runs a backup soon after start and watches its age with a built-in self monitor', async () => {
    const config = join(dir, 'tocsin.yaml');
    writeFileSync(config, `database:\n  url: sqlite:${join(dir, 'live.db')}\nbackup:\n  every: 1d\n  keep: 3\n  dir: ${join(dir, 'live-backups')}\n`);
    const tocsin = await startTocsin({ configPath: config, env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    try {
      const self = tocsin.api.monitors().find((m) => m.id === 'tocsin-self-backup_age');
      expect(self?.settings).toEqual({ metric: 'backup_age', warn: 2 * 86_400_000 + 3_600_000, critical: 3 * 86_400_000 + 3_600_000 });
      const until = Date.now() + 30_000;
      while ((await lastVerifiedBackupAt(tocsin.store.db)) === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(await lastVerifiedBackupAt(tocsin.store.db)).toBeDefined();
      expect(readdirSync(join(dir, 'live-backups'))).toHaveLength(1);
    } finally {
      await tocsin.stop();
    }
  }, 60_000);
});
