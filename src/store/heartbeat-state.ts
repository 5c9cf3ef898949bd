/**
 * What each heartbeat's pings add up to, and when time alone next changes its verdict
 * (`alert_after`, indexed). Written on every ping and whenever the deadline moves; read back at
 * start (no replay) and when a deadline comes, so a ping received by another instance counts.
 * The JSON is validated on read: a row that does not parse is reported for its monitor only.
 */
import { z } from 'zod';
import type { RunsState } from '../core/heartbeat/runs.js';
import type { Db } from './schema.js';

export interface HeartbeatStateTable {
  monitor_id: string;
  runs: string;
  alert_after: number | null;
  updated_at: number;
}

function table(db: Db) {
  return db.withTables<{ heartbeat_state: HeartbeatStateTable }>();
}

export interface StoredHeartbeat {
  monitorId: string;
  runs: RunsState;
  /** When time alone next changes the verdict; null when nothing is pending. */
  alertAfter: number | null;
  updatedAt: number;
}

/** A row whose JSON does not parse as runs: the monitor reports it, the others carry on. */
export interface BrokenHeartbeat {
  monitorId: string;
  problem: string;
}

/** Logs kept in the state serve only the alert's first line (core/heartbeat/log-line.ts): 1,000 characters are plenty. */
const KEPT_LOG = 1000;

const optional = <T extends z.ZodType>(schema: T) => schema.optional();
const finishSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  rid: optional(z.string()),
  exitStatus: optional(z.number()),
  log: optional(z.string()),
  startedAt: optional(z.number()),
});
const runsSchema = z.object({
  lastFinish: optional(finishSchema),
  lastStartAt: optional(z.number()),
  open: z.array(z.object({ startedAt: z.number(), rid: optional(z.string()) })).max(1000),
});

export function keptRuns(runs: RunsState): RunsState {
  const log = runs.lastFinish?.log;
  if (log === undefined || log.length <= KEPT_LOG) return runs;
  return { ...runs, lastFinish: { ...runs.lastFinish!, log: log.trimStart().slice(0, KEPT_LOG) } };
}

export function parseRuns(json: string): { runs: RunsState } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { problem: `stored heartbeat state is not JSON (${(error as Error).message})` };
  }
  const parsed = runsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `stored heartbeat state is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { runs: dropUndefined(parsed.data) };
}

/** zod leaves absent optionals absent, but exactOptionalPropertyTypes wants that said. */
function dropUndefined(runs: z.infer<typeof runsSchema>): RunsState {
  return JSON.parse(JSON.stringify(runs)) as RunsState;
}

export async function saveHeartbeatState(db: Db, state: StoredHeartbeat): Promise<void> {
  const values = { monitor_id: state.monitorId, runs: JSON.stringify(keptRuns(state.runs)), alert_after: state.alertAfter, updated_at: state.updatedAt };
  await table(db)
    .insertInto('heartbeat_state')
    .values(values)
    .onConflict((oc) => oc.column('monitor_id').doUpdateSet({ runs: values.runs, alert_after: values.alert_after, updated_at: values.updated_at }))
    .execute();
}

/** Moves only the deadline (after a judgement), leaving the runs as the latest ping wrote them. */
export async function setAlertAfter(db: Db, monitorId: string, alertAfter: number | null): Promise<void> {
  await table(db).updateTable('heartbeat_state').set({ alert_after: alertAfter }).where('monitor_id', '=', monitorId).execute();
}

/** The stored state of these monitors; rows that do not validate come back as problems. */
export async function loadHeartbeatStates(db: Db, ids: readonly string[]): Promise<{ states: Map<string, StoredHeartbeat>; broken: BrokenHeartbeat[] }> {
  const states = new Map<string, StoredHeartbeat>();
  const broken: BrokenHeartbeat[] = [];
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await table(db)
      .selectFrom('heartbeat_state')
      .selectAll()
      .where('monitor_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      const parsed = parseRuns(row.runs);
      if ('problem' in parsed) broken.push({ monitorId: row.monitor_id, problem: parsed.problem });
      else
        states.set(row.monitor_id, {
          monitorId: row.monitor_id,
          runs: parsed.runs,
          alertAfter: numberOrNull(row.alert_after),
          updatedAt: Number(row.updated_at),
        });
    }
  }
  return { states, broken };
}

/** Heartbeats whose deadline has passed, by the index: the work is what is due, not every monitor. */
export async function overdueHeartbeats(db: Db, now: number, limit = 1000): Promise<string[]> {
  const rows = await table(db).selectFrom('heartbeat_state').select('monitor_id').where('alert_after', '<=', now).orderBy('alert_after').limit(limit).execute();
  return rows.map((r) => r.monitor_id);
}

function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
