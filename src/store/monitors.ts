/**
 * Stored monitors: listing, decoding a row's definition (the one way a definition is read as a
 * monitor, store/monitor-codec.ts), and applying a config sync plan in one transaction.
 */
import type { Selectable } from 'kysely';
import { decodeMonitorDefinition, followDefaults, MONITOR_DEFINITION_VERSION, type DecodedMonitor, type UnreadableMonitor } from './monitor-codec.js';
import { canonicalJson, monitorDiff, type MonitorInput, type MonitorRow, type MonitorSyncPlan } from './monitor-plan.js';
import type { MonitorConfig } from '../schema/config.js';
import type { Db, MonitorSource, MonitorsTable } from './schema.js';
import { inTransaction } from './tx.js';

export type { MonitorChange, MonitorInput, MonitorRow, MonitorSyncPlan } from './monitor-plan.js';

export type { DecodedMonitor, UnreadableMonitor } from './monitor-codec.js';
export { followDefaults, OWN_ALERT } from './monitor-codec.js';

/** The monitor a stored row defines, validated; a row that does not decode says why. */
export function decodeMonitorRow(row: MonitorRow): DecodedMonitor {
  return decodeMonitorDefinition(row.definition, row.definitionVersion);
}

/** The monitors `rows` define, and the rows that do not decode (for the caller to report: never dropped silently). */
export function decodeMonitorRows(
  rows: readonly MonitorRow[],
  /** defaults.alert now: API monitors take it where they set no threshold themselves. */
  alertDefaults?: object,
): { monitors: MonitorConfig[]; unreadable: UnreadableMonitor[] } {
  const monitors: MonitorConfig[] = [];
  const unreadable: UnreadableMonitor[] = [];
  for (const row of rows) {
    const decoded = decodeMonitorRow(row);
    if (decoded.ok) monitors.push(followDefaults(decoded, alertDefaults));
    else unreadable.push({ id: row.id, problem: decoded.problem });
  }
  return { monitors, unreadable };
}

/** 9 columns per row, under SQLite's 32766 bound parameters per statement. */
const ROWS_PER_STATEMENT = 3600;

export async function listMonitors(db: Db, options: { includeDeleted?: boolean } = {}): Promise<MonitorRow[]> {
  let query = db.selectFrom('monitors').selectAll();
  if (!options.includeDeleted) query = query.where('deleted_at', 'is', null);
  const rows = await query.orderBy('id').execute();
  return rows.map(fromRecord);
}

/** What syncing `monitors` (from `source`, default the config file) would do; changes nothing. */
export async function planMonitorSync(db: Db, monitors: readonly MonitorInput[], source: MonitorSource = 'config'): Promise<MonitorSyncPlan> {
  const diff = monitorDiff(await listMonitors(db, { includeDeleted: true }), source);
  for (const [index, monitor] of monitors.entries()) {
    diff.add(monitor);
    if (index % DIFFS_PER_TURN === DIFFS_PER_TURN - 1) await turn();
  }
  return diff.finish(monitors);
}

/**
 * Applies a plan atomically. Every update is conditional on the row being as the plan saw it, so a
 * plan made before someone else changed the monitors fails instead of silently undoing their change.
 */
export async function applyMonitorSync(db: Db, plan: MonitorSyncPlan, now: number, source: MonitorSource): Promise<void> {
  await inTransaction(db, (trx) => writeMonitorSync(trx, plan, now, source));
}

/** The writes of applyMonitorSync, inside the caller's transaction (a config sync writes every kind in one). */
export async function writeMonitorSync(trx: Db, plan: MonitorSyncPlan, now: number, source: MonitorSource): Promise<void> {
  const rows = plan.added.map((m) => ({ ...fields(m, source), created_at: now, updated_at: now, deleted_at: null }));
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('monitors')
      .values(rows.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
    await turn();
  }
  let written = 0;
  for (const { before, after } of [...plan.changed, ...plan.restored]) {
    await updateIfUnchanged(trx, before, { ...fields(after, source), updated_at: now, deleted_at: null });
    if (++written % UPDATES_PER_TURN === 0) await turn();
  }
  for (const before of plan.removed) {
    await updateIfUnchanged(trx, before, { updated_at: now, deleted_at: now });
    if (++written % UPDATES_PER_TURN === 0) await turn();
  }
}

/**
 * Lets the event loop turn between statements: a sync of 100,000 monitors is seconds of work, and
 * the engine must keep checking and beating to its supervisor meanwhile. Other queries wait for the
 * transaction's connection, so nothing else runs inside it.
 */
const UPDATES_PER_TURN = 500;
/** Comparing a monitor with its stored row serializes both: about 30 µs. */
const DIFFS_PER_TURN = 2000;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function fields(monitor: MonitorInput, source: MonitorSource) {
  return {
    id: monitor.id,
    type: monitor.type,
    name: monitor.name,
    source,
    definition: canonicalJson(monitor.definition),
    definition_version: MONITOR_DEFINITION_VERSION,
  };
}

async function updateIfUnchanged(trx: Db, before: MonitorRow, values: Partial<Selectable<MonitorsTable>>) {
  const result = await trx.updateTable('monitors').set(values).where('id', '=', before.id).where('updated_at', '=', before.updatedAt).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new Error(`Monitor "${before.id}" changed since the sync plan was made; nothing was applied. Plan again.`);
  }
}

function fromRecord(row: Selectable<MonitorsTable>): MonitorRow {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    source: row.source,
    definition: parseJson(row.definition),
    definitionVersion: row.definition_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** Text that is not JSON stays text, so one corrupted row is reported by the decoder instead of failing every listing. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
