/** What the outbox holds for one monitor, newest first: the dashboard's "notifications sent" list. */
import { fromRecord, withOutbox, type OutboxRow } from './outbox.js';
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
  return rows.map(fromRecord).map((row) => ({
    ...row,
    createdAt: Number(row.createdAt),
    nextAttemptAt: Number(row.nextAttemptAt),
    attempts: Number(row.attempts),
    deliveredAt: row.deliveredAt === null ? null : Number(row.deliveredAt),
    deadAt: row.deadAt === null ? null : Number(row.deadAt),
  }));
}
