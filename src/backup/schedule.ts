/**
 * Scheduled backups (`backup: {every, keep, dir}`): each one written through a connection of its own
 * (so the engine's writes never wait on it), then proven by restoring it into a scratch SQLite
 * database and comparing every table's count with the manifest. Only a proven backup moves the
 * "last verified backup" the backup_age self monitor watches; an older unproven file is still kept.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { BackupConfig } from '../schema/config.js';
import { getMeta, setMeta } from '../store/meta.js';
import { openStore } from '../store/open.js';
import type { Db } from '../store/schema.js';
import type { Manifest } from './format.js';
import { restoreBackup } from './restore.js';
import { tocsinVersion } from './version.js';
import { writeBackup } from './write.js';

const LAST_VERIFIED = 'backup_last_verified_at';
const FILE_NAME = /^tocsin-\d{8}T\d{6}Z\.tocsin-backup\.gz$/;
/** After a failure: soon enough that one bad night does not become a stale week, rare enough not to hammer. */
const RETRY_MS = 15 * 60_000;
/** A fresh start with no recent backup makes one almost at once, so backup_age has something true to say. */
const FIRST_DELAY_MS = 5_000;
const IDLE_CHECK_MS = 60_000;
/** In a cluster, how often an instance without the backups duty looks whether it has it now (a takeover). */
const DUTY_LOOK_MS = 5_000;

export async function lastVerifiedBackupAt(db: Db): Promise<number | undefined> {
  const value = await getMeta(db, LAST_VERIFIED);
  return value === undefined ? undefined : Number(value);
}

export function backupFileName(at: number): string {
  return `tocsin-${new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.tocsin-backup.gz`;
}

export interface BackupScheduleOptions {
  db: Db;
  /** The store's URL: each backup reads through a connection of its own. */
  url: string;
  config: () => BackupConfig | undefined;
  clock: Clock;
  logger: Logger;
  /** Cluster mode: whether this instance holds the backups duty now; unset, it always does. */
  holdsDuty?: () => boolean;
}

export class BackupSchedule {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: BackupScheduleOptions) {}

  async start(): Promise<void> {
    const backup = this.options.config();
    // A reload may add backup: later; look again now and then.
    if (!backup) return this.schedule(IDLE_CHECK_MS);
    const last = await lastVerifiedBackupAt(this.options.db);
    const due = last === undefined ? 0 : last + backup.every;
    this.schedule(Math.max(FIRST_DELAY_MS, due - this.options.clock.now()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    // Node timers overflow past 2^31 ms (about 24.8 days): wake up earlier and look again.
    this.timer = setTimeout(() => void this.tick(), Math.min(delayMs, 2 ** 31 - 1));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const backup = this.options.config();
    if (!backup) return this.schedule(IDLE_CHECK_MS);
    // One instance of a cluster makes the backups; whoever takes the duty over goes by the shared last verified backup.
    if (this.options.holdsDuty && !this.options.holdsDuty()) return this.schedule(DUTY_LOOK_MS);
    try {
      const last = await lastVerifiedBackupAt(this.options.db);
      if (this.options.holdsDuty && last !== undefined && last + backup.every > this.options.clock.now())
        return this.schedule(last + backup.every - this.options.clock.now());
      this.running = this.runOnce(backup);
      await this.running;
      this.schedule(backup.every);
    } catch (error) {
      this.options.logger.error(`scheduled backup failed: ${(error as Error).message}; trying again in 15 minutes`);
      this.schedule(Math.min(RETRY_MS, backup.every));
    }
  }

  /** One backup: written, proven, recorded, and the oldest beyond `keep` deleted. Throws on any failure. */
  async runOnce(backup: BackupConfig): Promise<{ file: string; manifest: Manifest }> {
    const now = this.options.clock.now();
    await mkdir(backup.dir, { recursive: true });
    const file = join(backup.dir, backupFileName(now));
    const reader = await openStore(this.options.url, { access: 'read' });
    let manifest: Manifest;
    try {
      manifest = await writeBackup(reader, file, tocsinVersion(), new Date(now));
    } finally {
      await reader.close();
    }
    await verifyByRestoring(file, manifest);
    await setMeta(this.options.db, LAST_VERIFIED, String(now));
    const removed = await pruneBackups(backup.dir, backup.keep);
    this.options.logger.info({ file, tables: manifest.tables, removed }, `backup written and verified by a restore: ${file}`);
    return { file, manifest };
  }
}

/** Restores into a scratch SQLite file and compares each table's rows with the manifest. */
export async function verifyByRestoring(file: string, manifest: Manifest): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-verify-'));
  const scratch = await openStore(`sqlite:${join(dir, 'verify.db')}`);
  try {
    await restoreBackup(file, scratch);
    for (const [table, expected] of Object.entries(manifest.tables)) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(scratch.db);
      if (Number(rows[0]?.n) !== expected) throw new Error(`verifying ${file}: table ${table} restored ${rows[0]?.n} rows, the manifest says ${expected}`);
    }
  } finally {
    await scratch.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Deletes tocsin's own backup files beyond the newest `keep`; other files in the directory are not ours. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const ours = (await readdir(dir))
    .filter((name) => FILE_NAME.test(name))
    .sort()
    .reverse();
  const old = ours.slice(keep);
  for (const name of old) await rm(join(dir, name), { force: true });
  return old;
}
