/** What the outbox holds for one monitor, newest first: the dashboard's "notifications sent" list. */
import { readRecords, withOutbox, type OutboxRow } from './outbox.js';
import type { Db } from './schema.js';

export async function monitorNotifications(db: Db, monitorId: string, limit: number): Promise<OutboxRow[]> {
  const rows = await withOutbox(db)
    .selectFrom('outbox')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  // Timestamps may come back as strings from drivers that read bigint as text.
  // A row whose payload does not decode is left out of this display-only list (delivery gives it up).
  return readRecords(rows).rows.map((row) => ({
    ...row,
    createdAt: Number(row.createdAt),
    nextAttemptAt: Number(row.nextAttemptAt),
    attempts: Number(row.attempts),
    deliveredAt: row.deliveredAt === null ? null : Number(row.deliveredAt),
    deadAt: row.deadAt === null ? null : Number(row.deadAt),
  }));
}
