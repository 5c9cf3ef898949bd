/**
 * The end of the gathering: in one transaction, the rows held for each channel become one digest
 * row, and the rows it stands for are closed as sent in it. A channel with a single held row keeps
 * it as it is (due at `heldAt`). A crash before the fold loses nothing: the held rows simply fall due.
 */
import type { Notification } from '../../channels/types.js';
import { fromRecord, insertNotifications, withOutbox, type OutboxInsert, type OutboxRow } from '../../store/outbox.js';
import type { Db } from '../../store/schema.js';
import { inTransaction } from '../../store/tx.js';
import { downtimeDigest } from './message.js';
import type { DigestWindow } from './window.js';

export interface Folded {
  channel: string;
  /** Held notifications the digest stands for. */
  count: number;
  digestId: string;
}

export async function foldHeld(db: Db, window: DigestWindow, now: number, newId: () => string): Promise<Folded[]> {
  return inTransaction(db, async (trx) => {
    const q = withOutbox(trx);
    const held = (
      await q
        .selectFrom('outbox')
        .selectAll()
        .where('created_at', '=', window.heldAt)
        .where('delivered_at', 'is', null)
        .where('dead_at', 'is', null)
        .where('claimed_until', '<=', now)
        .orderBy('id')
        .execute()
    ).map(fromRecord);
    const folded: Folded[] = [];
    const digests: OutboxInsert[] = [];
    for (const [channel, rows] of byChannel(held)) {
      if (rows.length < 2) continue;
      const id = newId();
      const notification: Notification = downtimeDigest(
        rows.map((r) => r.notification),
        window,
        id,
        now,
      );
      // heldAt tells two gatherings after one long outage apart (the supervisor keeps downSince across restarts).
      digests.push({ id, dedupKey: `${notification.dedup_key}/${window.heldAt}`, channel, monitorId: 'tocsin', notification, createdAt: now });
      await q
        .updateTable('outbox')
        .set({ delivered_at: now, last_error: `sent in the downtime digest ${id}`, claimed_until: 0, claimed_by: null })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      folded.push({ channel, count: rows.length, digestId: id });
    }
    await insertNotifications(trx, digests);
    return folded;
  });
}

function byChannel(rows: readonly OutboxRow[]): Map<string, OutboxRow[]> {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) groups.set(row.channel, [...(groups.get(row.channel) ?? []), row]);
  return groups;
}
