/** The latest alert state per monitor: one row each, overwritten as results arrive. */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Confirming } from '../core/alert/index.js';
import type { ConfirmedStatus, Status } from '../core/types.js';
import type { Db, MonitorStateTable } from './schema.js';
import { inTransaction } from './tx.js';
import { decodeStoredJson } from './stored-json.js';

const confirmingSchema: z.ZodType<Confirming> = z.object({
  toward: z.enum(['up', 'degraded', 'down', 'unknown']),
  count: z.number().int().nonnegative(),
  needed: z.number().int().nonnegative(),
  of: z.number().int().positive().optional(),
});

/** Only shown ("failing 1 of 2") and written again with the next result: a damaged one is shown as none. */
function readConfirming(text: string): Confirming | null {
  const decoded = decodeStoredJson(confirmingSchema, text);
  return decoded.ok ? decoded.value : null;
}

export interface StateRow {
  monitorId: string;
  /** The confirmed (alerting) status. */
  status: ConfirmedStatus;
  /** When `status` began (for pending: the first result). */
  since: number;
  lastAt: number;
  /** The status of the latest raw result, which may not be confirmed yet. */
  lastStatus: Status;
  lastMessage: string;
  lastLatencyMs: number;
  /** The change the latest results point to and have not confirmed: "failing 1 of 2". Absent: none. */
  confirming?: Confirming | null;
  updatedAt: number;
}

/** 9 columns per row; see results.ts for the parameter limit. */
const ROWS_PER_STATEMENT = 3500;

export async function upsertStates(db: Db, states: readonly StateRow[]): Promise<void> {
  if (states.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (let start = 0; start < states.length; start += ROWS_PER_STATEMENT) {
      const chunk = states.slice(start, start + ROWS_PER_STATEMENT).map(toRecord);
      await trx
        .insertInto('monitor_state')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .column('monitor_id')
            .doUpdateSet((eb) => ({
              status: eb.ref('excluded.status'),
              since: eb.ref('excluded.since'),
              last_at: eb.ref('excluded.last_at'),
              last_status: eb.ref('excluded.last_status'),
              last_message: eb.ref('excluded.last_message'),
              last_latency_ms: eb.ref('excluded.last_latency_ms'),
              confirming: eb.ref('excluded.confirming'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            // A state written again unchanged is not rewritten: on PostgreSQL every rewrite is a dead tuple to vacuum.
            .where((eb) =>
              eb.or(
                (['status', 'since', 'last_at', 'last_status', 'last_message', 'last_latency_ms', 'confirming'] as const).map((column) =>
                  eb(`monitor_state.${column}`, 'is distinct from', eb.ref(`excluded.${column}`)),
                ),
              ),
            ),
        )
        .execute();
    }
  });
}

export async function listStates(db: Db): Promise<StateRow[]> {
  const rows = await db.selectFrom('monitor_state').selectAll().orderBy('monitor_id').execute();
  return rows.map(fromRecord);
}

export async function getState(db: Db, monitorId: string): Promise<StateRow | undefined> {
  const row = await db.selectFrom('monitor_state').selectAll().where('monitor_id', '=', monitorId).executeTakeFirst();
  return row && fromRecord(row);
}

function toRecord(state: StateRow): Selectable<MonitorStateTable> {
  return {
    monitor_id: state.monitorId,
    status: state.status,
    since: state.since,
    last_at: state.lastAt,
    last_status: state.lastStatus,
    last_message: state.lastMessage,
    last_latency_ms: state.lastLatencyMs,
    confirming: state.confirming ? JSON.stringify(state.confirming) : null,
    updated_at: state.updatedAt,
  };
}

function fromRecord(row: Selectable<MonitorStateTable>): StateRow {
  return {
    monitorId: row.monitor_id,
    status: row.status,
    since: row.since,
    lastAt: row.last_at,
    lastStatus: row.last_status,
    lastMessage: row.last_message,
    lastLatencyMs: row.last_latency_ms,
    confirming: row.confirming ? readConfirming(row.confirming) : null,
    updatedAt: row.updated_at,
  };
}
