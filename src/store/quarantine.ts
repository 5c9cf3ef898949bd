/** Monitors held back after freezing the engine (src/services/quarantine.ts decides; this stores). */
import type { Db } from './schema.js';

export interface QuarantineTable {
  monitor_id: string;
  definition: string;
  reason: string;
  at: number;
}

export interface Quarantine {
  monitorId: string;
  /** canonicalJson of the definition it froze the engine with. */
  definition: string;
  reason: string;
  at: number;
}

function table(db: Db) {
  return db.withTables<{ monitor_quarantine: QuarantineTable }>();
}

/** Replaces the rows of these monitors: a second quarantine keeps the newest reason. */
export async function putQuarantines(db: Db, rows: readonly Quarantine[]): Promise<void> {
  if (rows.length === 0) return;
  await deleteQuarantines(
    db,
    rows.map((row) => row.monitorId),
  );
  await table(db)
    .insertInto('monitor_quarantine')
    .values(rows.map((row) => ({ monitor_id: row.monitorId, definition: row.definition, reason: row.reason, at: row.at })))
    .execute();
}

export async function listQuarantines(db: Db): Promise<Quarantine[]> {
  const rows = await table(db).selectFrom('monitor_quarantine').selectAll().orderBy('monitor_id').execute();
  return rows.map((row) => ({ monitorId: row.monitor_id, definition: row.definition, reason: row.reason, at: Number(row.at) }));
}

/** How many of these monitors were quarantined. */
export async function deleteQuarantines(db: Db, monitorIds: readonly string[]): Promise<number> {
  if (monitorIds.length === 0) return 0;
  const result = await table(db).deleteFrom('monitor_quarantine').where('monitor_id', 'in', monitorIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}
