/**
 * What delivery knows about each channel: since when it fails, its last error and last success,
 * and whether the fallback channels were told. Claims on `alerted_at` and `dead_reported_at` are
 * conditional UPDATEs, so with several workers exactly one tells the fallback channels.
 */
import type { Db } from './schema.js';
import { withOutbox } from './outbox.js';

export interface ChannelHealthTable {
  channel: string;
  failing_since: number | null;
  last_error: string | null;
  last_ok_at: number | null;
  last_failure_at: number | null;
  alerted_at: number | null;
  dead_reported_at: number;
  updated_at: number;
}

export interface ChannelHealth {
  channel: string;
  /** Set while the channel fails: the first failed attempt since its last success. */
  failingSince: number | null;
  lastError: string | null;
  lastOkAt: number | null;
  lastFailureAt: number | null;
  /** When the fallback channels were told of the current failure; null when not (yet). */
  alertedAt: number | null;
  deadReportedAt: number;
}

function withHealth(db: Db) {
  return db.withTables<{ channel_health: ChannelHealthTable }>();
}

async function ensureRow(db: Db, channel: string, now: number): Promise<void> {
  await withHealth(db)
    .insertInto('channel_health')
    .values({ channel, failing_since: null, last_error: null, last_ok_at: null, last_failure_at: null, alerted_at: null, dead_reported_at: 0, updated_at: now })
    .onConflict((oc) => oc.column('channel').doNothing())
    .execute();
}

/**
 * A successful send. Returns the failure it ends, claimed so that only one worker acts on it: the
 * channel's kept notifications become due, and when the fallback channels had been told of the
 * failure (`alertedAt`) they hear of the recovery too.
 */
export async function recordChannelOk(db: Db, channel: string, now: number): Promise<ChannelHealth | undefined> {
  await ensureRow(db, channel, now);
  const before = await getChannelHealth(db, channel);
  if (before?.failingSince == null) {
    await withHealth(db).updateTable('channel_health').set({ last_ok_at: now, updated_at: now }).where('channel', '=', channel).execute();
    return undefined;
  }
  const result = await withHealth(db)
    .updateTable('channel_health')
    .set({ failing_since: null, alerted_at: null, last_ok_at: now, updated_at: now })
    .where('channel', '=', channel)
    .where('failing_since', '=', before.failingSince)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? before : undefined;
}

export async function recordChannelFailure(db: Db, channel: string, now: number, error: string): Promise<void> {
  await ensureRow(db, channel, now);
  await withHealth(db)
    .updateTable('channel_health')
    .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(now)), last_error: error, last_failure_at: now, updated_at: now }))
    .where('channel', '=', channel)
    .execute();
}

/** Marks the current failure as reported; false when another worker (or an earlier pass) already did. */
export async function claimFailureAlert(db: Db, channel: string, failingSince: number, now: number): Promise<boolean> {
  const result = await withHealth(db)
    .updateTable('channel_health')
    .set({ alerted_at: now, updated_at: now })
    .where('channel', '=', channel)
    .where('failing_since', '=', failingSince)
    .where('alerted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listChannelHealth(db: Db): Promise<ChannelHealth[]> {
  const rows = await withHealth(db).selectFrom('channel_health').selectAll().orderBy('channel').execute();
  return rows.map(fromRecord);
}

export async function getChannelHealth(db: Db, channel: string): Promise<ChannelHealth | undefined> {
  const row = await withHealth(db).selectFrom('channel_health').selectAll().where('channel', '=', channel).executeTakeFirst();
  return row && fromRecord(row);
}

export interface DeadReport {
  count: number;
  /** The dead_at of the newest row in the report: the next report starts after it. */
  upTo: number;
  lastError: string;
  /** A few of the notifications given up, for the message. */
  examples: Array<{ monitorId: string; event: string }>;
}

/** Notifications of `channel` given up since the last report, claimed so that they are reported once. */
export async function claimDeadReport(db: Db, channel: string, now: number): Promise<DeadReport | undefined> {
  await ensureRow(db, channel, now);
  const health = await getChannelHealth(db, channel);
  const after = health?.deadReportedAt ?? 0;
  const dead = withOutbox(db).selectFrom('outbox').where('channel', '=', channel).where('dead_at', '>', after);
  const summary = await dead.select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max('dead_at').as('upTo')]).executeTakeFirst();
  const count = Number(summary?.count ?? 0);
  if (count === 0 || summary?.upTo == null) return undefined;
  const upTo = Number(summary.upTo);
  const claimed = await withHealth(db)
    .updateTable('channel_health')
    .set({ dead_reported_at: upTo, updated_at: now })
    .where('channel', '=', channel)
    .where('dead_reported_at', '=', after)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  const examples = await dead.select(['monitor_id', 'event', 'last_error']).where('dead_at', '<=', upTo).orderBy('dead_at', 'desc').limit(5).execute();
  return {
    count,
    upTo,
    lastError: examples[0]?.last_error ?? 'unknown error',
    examples: examples.map((e) => ({ monitorId: e.monitor_id, event: e.event })),
  };
}

function fromRecord(row: ChannelHealthTable): ChannelHealth {
  return {
    channel: row.channel,
    failingSince: row.failing_since,
    lastError: row.last_error,
    lastOkAt: row.last_ok_at,
    lastFailureAt: row.last_failure_at,
    alertedAt: row.alerted_at,
    deadReportedAt: row.dead_reported_at,
  };
}
