import type { Client } from 'pg';
import { errorParts } from '../db/net-errors.js';
import type { Replication } from '../db/sql-judge.js';

/**
 * Replay lag of a standby. `now() - pg_last_xact_replay_timestamp()` alone
 * grows without bound on an idle primary, so a standby that has replayed all
 * the WAL it received counts as 0 s behind.
 */
export const REPLICATION_QUERY = `SELECT pg_is_in_recovery(),
  CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END`;

export async function readPgReplication(client: Client): Promise<Replication> {
  try {
    const result = await client.query<unknown[]>({ text: REPLICATION_QUERY, rowMode: 'array' });
    return pgReplication(result.rows[0] ?? []);
  } catch (error) {
    return { role: 'unreadable', error: errorParts(error).message };
  }
}

/** The row of REPLICATION_QUERY, judged into a role and a lag. */
export function pgReplication(row: readonly unknown[]): Replication {
  const [inRecovery, lag] = row;
  if (inRecovery !== true) return { role: 'primary' };
  if (lag === null || lag === undefined) {
    return { role: 'replica', lagSeconds: null, why: 'no transaction has been replayed yet (pg_last_xact_replay_timestamp() is NULL)' };
  }
  return { role: 'replica', lagSeconds: Math.max(0, Number(lag)) };
}
