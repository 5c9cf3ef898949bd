/**
 * Brings back a monitor a config sync (or the API) removed, with its results, state and rollups,
 * which a soft delete never touched. The file no longer names it, so it comes back owned by the
 * API: the next reload keeps it, and writing it into the file again hands it back to the file.
 */
import { TocsinError } from '../lib/errors.js';
import type { Db } from '../store/schema.js';
import { listConfigObjects } from '../store/config-objects.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit, type AuditActor } from './audit.js';
import { requestReload } from './reload.js';

export async function restoreMonitor(db: Db, id: string, now: number, actor: AuditActor): Promise<{ id: string; deletedAt: number }> {
  const row = await db.selectFrom('monitors').select(['id', 'deleted_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new TocsinError('not_found', `no monitor "${id}", live or removed (removed ones are purged after retention.deleted)`, { field: 'id' });
  if (row.deleted_at === null) throw new TocsinError('conflict', `monitor "${id}" is not removed: nothing to restore`, { field: 'id' });
  const deletedAt = row.deleted_at;
  await inTransaction(db, async (trx) => {
    const result = await trx
      .updateTable('monitors')
      .set({ deleted_at: null, source: 'api', updated_at: now })
      .where('id', '=', id)
      .where('deleted_at', '=', deletedAt)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new TocsinError('conflict', `monitor "${id}" changed while it was being restored; try again`);
    await recordAudit(trx, { actor, action: 'monitor.restore', target: `monitor ${id}`, before: { deleted_at: deletedAt }, after: { source: 'api' }, at: now });
  });
  await requestReload(db, now);
  return { id, deletedAt: Number(row.deleted_at) };
}

export interface RemovedObject {
  kind: string;
  id: string;
  removedAt: number;
  /** When housekeeping forgets it and its history. */
  purgedAfter: number;
}

/** What can still be restored, newest removal first (at most `limit`). */
export async function listRemoved(db: Db, retentionDeletedMs: number, limit = 1000): Promise<RemovedObject[]> {
  const monitors = await db
    .selectFrom('monitors')
    .select(['id', 'deleted_at'])
    .where('deleted_at', 'is not', null)
    .orderBy('deleted_at', 'desc')
    .limit(limit)
    .execute();
  const objects = (await listConfigObjects(db, { includeDeleted: true })).filter((o) => o.deletedAt !== null);
  const all = [
    ...monitors.map((m) => ({ kind: 'monitor', id: m.id, removedAt: Number(m.deleted_at) })),
    ...objects.map((o) => ({ kind: o.kind, id: o.id, removedAt: o.deletedAt! })),
  ];
  return all
    .sort((a, b) => b.removedAt - a.removedAt)
    .slice(0, limit)
    .map((o) => ({ ...o, purgedAfter: o.removedAt + retentionDeletedMs }));
}
