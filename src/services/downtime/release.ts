/**
 * In a restart loop, the engine before this one may have died inside its gathering window, leaving
 * notifications written due in the future (window.ts `heldAt`) with nobody left to fold them. They
 * are made due now: a loop must never hold a page back. Only gathering writes future rows.
 */
import { withOutbox } from '../../store/outbox.js';
import type { Db } from '../../store/schema.js';

export async function releaseHeld(db: Db, now: number): Promise<number> {
  const result = await withOutbox(db)
    .updateTable('outbox')
    .set({ created_at: now, next_attempt_at: now })
    .where('created_at', '>', now)
    .where('attempts', '=', 0)
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
