/**
 * The latest result of each location of a monitor run in several places (services/location-results.ts):
 * one small row per (monitor, location), so the quorum decides from every location's last word
 * after a restart instead of calling the silent ones unknown for an interval.
 */
import type { LocationResult } from '../core/locations/quorum.js';
import type { Status } from '../core/types.js';
import type { Db } from './schema.js';

export interface LocationStateTable {
  monitor_id: string;
  location: string;
  status: Status;
  /** When the check started there (epoch ms). */
  at: number;
  message: string;
  /** When the row was written (epoch ms, the writer's clock; migration 0040): what another instance reads since its last look. */
  written_at: number;
}

export interface LocationStateRow extends LocationResult {
  monitorId: string;
  location: string;
}

/** 6 columns per row: well under the parameter limit of either dialect (see results.ts). */
const ROWS_PER_STATEMENT = 1000;

function table(db: Db) {
  return db.withTables<{ location_state: LocationStateTable }>();
}

/** Upserts; a row never goes back in time, so writes that overtake each other leave the newest. */
export async function saveLocationStates(db: Db, rows: readonly LocationStateRow[], writtenAt: number): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await table(db)
      .insertInto('location_state')
      .values(
        rows
          .slice(start, start + ROWS_PER_STATEMENT)
          .map((r) => ({ monitor_id: r.monitorId, location: r.location, status: r.status, at: r.at, message: r.message, written_at: writtenAt })),
      )
      .onConflict((oc) =>
        oc
          .columns(['monitor_id', 'location'])
          .doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            at: eb.ref('excluded.at'),
            message: eb.ref('excluded.message'),
            written_at: eb.ref('excluded.written_at'),
          }))
          .where('location_state.at', '<=', (eb) => eb.ref('excluded.at')),
      )
      .execute();
  }
}

/** Every stored location state, by monitor id then location. */
export async function readLocationStates(db: Db): Promise<Map<string, Map<string, LocationResult>>> {
  const rows = await table(db).selectFrom('location_state').selectAll().execute();
  const out = new Map<string, Map<string, LocationResult>>();
  for (const row of rows) {
    const places = out.get(row.monitor_id) ?? new Map<string, LocationResult>();
    out.set(row.monitor_id, places);
    places.set(row.location, { status: row.status, at: Number(row.at), message: row.message });
  }
  return out;
}

/** Forgets the locations of monitors no longer run in several places. */
export async function deleteLocationStates(db: Db, monitorIds: readonly string[]): Promise<void> {
  for (let start = 0; start < monitorIds.length; start += ROWS_PER_STATEMENT) {
    await table(db)
      .deleteFrom('location_state')
      .where('monitor_id', 'in', monitorIds.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
  }
}

/**
 * Rows written after `since`, in the order written, at most `limit`: what other instances may have
 * stored since the last look (an agent posting to an instance that does not hold the monitor).
 */
export async function readLocationStatesSince(db: Db, since: number, limit: number): Promise<Array<LocationStateRow & { writtenAt: number }>> {
  const rows = await table(db).selectFrom('location_state').selectAll().where('written_at', '>', since).orderBy('written_at').limit(limit).execute();
  return rows.map((r) => ({ ...toRow(r), writtenAt: Number(r.written_at) }));
}

/** The stored rows of these monitors (a monitor newly held starts from them). */
export async function readLocationStatesOf(db: Db, monitorIds: readonly string[]): Promise<LocationStateRow[]> {
  const out: LocationStateRow[] = [];
  for (let start = 0; start < monitorIds.length; start += ROWS_PER_STATEMENT) {
    const ids = monitorIds.slice(start, start + ROWS_PER_STATEMENT);
    out.push(...(await table(db).selectFrom('location_state').selectAll().where('monitor_id', 'in', ids).execute()).map(toRow));
  }
  return out;
}

function toRow(row: LocationStateTable): LocationStateRow {
  return { monitorId: row.monitor_id, location: row.location, status: row.status, at: Number(row.at), message: row.message };
}
