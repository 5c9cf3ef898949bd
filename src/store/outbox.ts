/**
 * The durable outbox: notifications written in the caller's transaction with the state change
 * that caused them, then claimed, delivered, retried or given up by delivery workers.
 * Claims are conditional UPDATEs (Healthchecks' pattern): a row another worker claimed first is
 * simply not ours, so several workers and instances share one table without a lock service.
 */
import { randomBytes } from 'node:crypto';
import type { ColumnType, Selectable } from 'kysely';
import type { Notification, NotificationEvent } from '../channels/types.js';
import { decodeNotification } from './notification-codec.js';
import type { Db } from './schema.js';
import { inTransaction } from './tx.js';

export interface OutboxTable {
  id: string;
  dedup_key: string;
  channel: string;
  monitor_id: string;
  event: NotificationEvent;
  /** JSON of Notification. */
  payload: string;
  created_at: number;
  next_attempt_at: number;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  delivered_at: number | null;
  dead_at: number | null;
  claimed_until: ColumnType<number, number | undefined, number>;
  claimed_by: string | null;
}

export interface OutboxInsert {
  id: string;
  /** The alert event's dedup key (stable per episode, type and step). */
  dedupKey: string;
  channel: string;
  monitorId: string;
  notification: Notification;
  createdAt: number;
}

export interface OutboxRow {
  id: string;
  channel: string;
  monitorId: string;
  event: NotificationEvent;
  notification: Notification;
  createdAt: number;
  nextAttemptAt: number;
  attempts: number;
  lastError: string | null;
  deliveredAt: number | null;
  deadAt: number | null;
}

/** The store's Database plus this module's table, without editing the shared schema file. */
export function withOutbox(db: Db) {
  return db.withTables<{ outbox: OutboxTable }>();
}

/** 9 columns a row: far under both dialects' parameter limits. */
const ROWS_PER_STATEMENT = 500;

/** The unique key: the same event told twice to one channel (a retried transaction, a restart) is one row. */
export function outboxKey(row: Pick<OutboxInsert, 'monitorId' | 'dedupKey' | 'channel'>): string {
  return `${row.monitorId}|${row.dedupKey}|${row.channel}`;
}

/** Inserts in the caller's transaction when given one; repeats of a stored key are dropped, not errors. */
export async function insertNotifications(db: Db, rows: readonly OutboxInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const values = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => ({
        id: row.id,
        dedup_key: outboxKey(row),
        channel: row.channel,
        monitor_id: row.monitorId,
        event: row.notification.event,
        payload: JSON.stringify(row.notification),
        created_at: row.createdAt,
        next_attempt_at: row.createdAt,
        last_error: null,
        delivered_at: null,
        dead_at: null,
        claimed_by: null,
      }));
      await withOutbox(trx)
        .insertInto('outbox')
        .values(values)
        .onConflict((oc) => oc.column('dedup_key').doNothing())
        .execute();
    }
  });
}

let lastIdTime = 0;
let idCounter = 0;

/** Sorts by creation time, then by order within one process: ties in created_at keep insertion order. */
export function outboxId(now: number): string {
  idCounter = now === lastIdTime ? idCounter + 1 : 0;
  lastIdTime = now;
  return `ntf_${now.toString(36).padStart(9, '0')}${idCounter.toString(36).padStart(4, '0')}${randomBytes(5).toString('hex')}`;
}

export interface ClaimRequest {
  channel: string;
  now: number;
  /** How long the claim keeps other workers away: longer than one attempt can take. */
  leaseMs: number;
  limit: number;
  /** Unique per claim: the worker reads back exactly the rows its UPDATE won. */
  token: string;
  /** Rows whose next attempt is due by then; `now` unless a probe takes the oldest row whatever its own schedule. */
  dueBy?: number;
  /** Told of claimed rows whose payload did not decode: they were given up (dead, with the reason) instead of handed on. */
  onUnreadable?: (rows: UnreadableOutboxRow[]) => void;
}

/**
 * Claims due rows of one channel, oldest first, and only the oldest pending row of each monitor:
 * a later notification never overtakes an earlier one still being retried.
 */
export async function claimDue(db: Db, claim: ClaimRequest): Promise<OutboxRow[]> {
  const q = withOutbox(db);
  const candidates = await q
    .selectFrom('outbox as o')
    .select('o.id')
    .where('o.channel', '=', claim.channel)
    .where('o.delivered_at', 'is', null)
    .where('o.dead_at', 'is', null)
    .where('o.next_attempt_at', '<=', claim.dueBy ?? claim.now)
    .where('o.claimed_until', '<=', claim.now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox as p')
            .select('p.id')
            .whereRef('p.channel', '=', 'o.channel')
            .whereRef('p.monitor_id', '=', 'o.monitor_id')
            .where('p.delivered_at', 'is', null)
            .where('p.dead_at', 'is', null)
            .where((eb) =>
              eb.or([
                eb('p.created_at', '<', eb.ref('o.created_at')),
                eb.and([eb('p.created_at', '=', eb.ref('o.created_at')), eb('p.id', '<', eb.ref('o.id'))]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('o.created_at')
    .orderBy('o.id')
    .limit(claim.limit)
    .execute();
  if (candidates.length === 0) return [];
  const ids = candidates.map((c) => c.id);
  await q
    .updateTable('outbox')
    .set({ claimed_until: claim.now + claim.leaseMs, claimed_by: claim.token })
    .where('id', 'in', ids)
    .where('claimed_until', '<=', claim.now)
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .execute();
  const won = await q.selectFrom('outbox').selectAll().where('claimed_by', '=', claim.token).orderBy('created_at').orderBy('id').execute();
  const { rows, unreadable } = readRecords(won);
  for (const bad of unreadable) {
    await q
      .updateTable('outbox')
      .set({ dead_at: claim.now, last_error: bad.problem, claimed_until: 0, claimed_by: null })
      .where('id', '=', bad.id)
      .where('claimed_by', '=', claim.token)
      .execute();
  }
  claim.onUnreadable?.(unreadable);
  return rows;
}

export async function markDelivered(db: Db, ids: readonly string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await withOutbox(db)
    .updateTable('outbox')
    .set({ delivered_at: now, claimed_until: 0, claimed_by: null, last_error: null })
    .where('id', 'in', ids)
    .where('delivered_at', 'is', null)
    .execute();
}

export interface FailureUpdate {
  now: number;
  error: string;
  /** Undefined: give up now (a permanent failure). */
  nextAttemptAt?: number;
  /** Rows created at or before this have been retried long enough: they die instead. */
  deadIfCreatedBy: number;
}

/** Counts one failed attempt: rows retry at `nextAttemptAt`, or die when permanent or too old. */
export async function markFailed(db: Db, ids: readonly string[], update: FailureUpdate): Promise<void> {
  if (ids.length === 0) return;
  await inTransaction(db, async (trx) => {
    const pending = () => withOutbox(trx).updateTable('outbox').where('id', 'in', ids).where('delivered_at', 'is', null).where('dead_at', 'is', null);
    const dies = update.nextAttemptAt === undefined ? pending() : pending().where('created_at', '<=', update.deadIfCreatedBy);
    await dies.set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: update.error, dead_at: update.now, claimed_until: 0, claimed_by: null })).execute();
    if (update.nextAttemptAt === undefined) return;
    const next = update.nextAttemptAt;
    await pending()
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: update.error, next_attempt_at: next, claimed_until: 0, claimed_by: null }))
      .execute();
  });
}

/**
 * The channel answers again: every notification kept for it is due now, not after its own backoff.
 * Rows claimed by an attempt in flight keep their claim.
 */
export async function makeChannelDue(db: Db, channel: string, now: number): Promise<void> {
  await withOutbox(db)
    .updateTable('outbox')
    .set({ next_attempt_at: now })
    .where('channel', '=', channel)
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .where('next_attempt_at', '>', now)
    .execute();
}

/**
 * An attempt failed: rows of the channel kept past the retry window are given up too, although an
 * open circuit sent them no attempt of their own (the probe spoke for them). Claimed rows are left to their attempt.
 */
export async function giveUpExpired(db: Db, channel: string, update: Pick<FailureUpdate, 'now' | 'error' | 'deadIfCreatedBy'>): Promise<void> {
  await withOutbox(db)
    .updateTable('outbox')
    .set({ dead_at: update.now, last_error: update.error })
    .where('channel', '=', channel)
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .where('claimed_until', '<=', update.now)
    .where('created_at', '<=', update.deadIfCreatedBy)
    .execute();
}

/** Hands claimed rows back untouched (not an attempt): e.g. the channel's rate limit says wait. */
export async function releaseClaims(db: Db, ids: readonly string[], nextAttemptAt: number): Promise<void> {
  if (ids.length === 0) return;
  await withOutbox(db)
    .updateTable('outbox')
    .set({ next_attempt_at: nextAttemptAt, claimed_until: 0, claimed_by: null })
    .where('id', 'in', ids)
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .execute();
}

export interface PendingSummary {
  pending: number;
  /** created_at of the oldest notification neither delivered nor given up. */
  oldestCreatedAt: number | undefined;
  /** Channels that have pending rows (to find rows of channels no longer configured). */
  channels: string[];
}

export async function pendingSummary(db: Db): Promise<PendingSummary> {
  const rows = await withOutbox(db)
    .selectFrom('outbox')
    .select((eb) => ['channel', eb.fn.countAll<number | string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .groupBy('channel')
    .execute();
  const oldest = rows.map((r) => Number(r.oldest));
  return {
    pending: rows.reduce((sum, r) => sum + Number(r.count), 0),
    oldestCreatedAt: oldest.length > 0 ? Math.min(...oldest) : undefined,
    channels: rows.map((r) => r.channel),
  };
}

/** Gives up every pending row of a channel at once (it was removed from the config). */
export async function killChannel(db: Db, channel: string, now: number, error: string): Promise<void> {
  await withOutbox(db)
    .updateTable('outbox')
    .set({ dead_at: now, last_error: error, claimed_until: 0, claimed_by: null })
    .where('channel', '=', channel)
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .execute();
}

/** Deletes delivered and given-up rows created before `before` (retention); pending rows are never pruned. */
export async function pruneOutbox(db: Db, before: number): Promise<number> {
  const result = await withOutbox(db)
    .deleteFrom('outbox')
    .where('created_at', '<', before)
    .where((eb) => eb.or([eb('delivered_at', 'is not', null), eb('dead_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listOutbox(db: Db, filter: { channel?: string } = {}): Promise<OutboxRow[]> {
  let query = withOutbox(db).selectFrom('outbox').selectAll().orderBy('created_at').orderBy('id');
  if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
  return readRecords(await query.execute()).rows;
}

/** A row whose payload does not decode: `problem` says why, naming the row. */
export interface UnreadableOutboxRow {
  id: string;
  channel: string;
  monitorId: string;
  problem: string;
}

/** Decodes each row's payload; the rows that do not decode are set apart with the reason. */
export function readRecords(records: readonly Selectable<OutboxTable>[]): { rows: OutboxRow[]; unreadable: UnreadableOutboxRow[] } {
  const rows: OutboxRow[] = [];
  const unreadable: UnreadableOutboxRow[] = [];
  for (const record of records) {
    const decoded = decodeNotification(record.payload);
    if (decoded.ok) rows.push(toRow(record, decoded.value));
    else {
      const problem = `the stored notification ${record.id} cannot be read: ${decoded.problem}`;
      unreadable.push({ id: record.id, channel: record.channel, monitorId: record.monitor_id, problem });
    }
  }
  return { rows, unreadable };
}

/** Throws naming the row when its payload does not decode; readers that can skip a row use `readRecords`. */
export function fromRecord(row: Selectable<OutboxTable>): OutboxRow {
  const { rows, unreadable } = readRecords([row]);
  if (unreadable[0]) throw new Error(unreadable[0].problem);
  return rows[0]!;
}

function toRow(row: Selectable<OutboxTable>, notification: Notification): OutboxRow {
  return {
    id: row.id,
    channel: row.channel,
    monitorId: row.monitor_id,
    event: row.event,
    notification,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    attempts: row.attempts,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    deadAt: row.dead_at,
  };
}
