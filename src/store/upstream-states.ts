/**
 * The alert states of a few monitors by id: in a cluster, the upstreams (depends_on) of the monitors
 * this instance holds that another instance holds and judges, read again every lease turn.
 */
import type { StoredAlertState } from './alert-state.js';
import { decodeAlertState } from './alert-state-codec.js';
import type { Db } from './schema.js';

const IDS_PER_STATEMENT = 1000;

/** The stored states of `monitorIds` that validate (one that does not is its holder's to report). */
export async function readAlertStatesOf(db: Db, monitorIds: readonly string[]): Promise<StoredAlertState[]> {
  const table = db.withTables<{ alert_state: { monitor_id: string; state: string; updated_at: number; version: number } }>();
  const out: StoredAlertState[] = [];
  for (let start = 0; start < monitorIds.length; start += IDS_PER_STATEMENT) {
    const rows = await table
      .selectFrom('alert_state')
      .selectAll()
      .where('monitor_id', 'in', monitorIds.slice(start, start + IDS_PER_STATEMENT))
      .execute();
    for (const row of rows) {
      const decoded = decodeAlertState(row.state, Number(row.version));
      if ('state' in decoded) out.push({ monitorId: row.monitor_id, state: decoded.state, updatedAt: Number(row.updated_at) });
    }
  }
  return out;
}
