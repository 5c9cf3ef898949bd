/**
 * Stored on-call overrides (migration 0027). The table is typed here rather than in schema.ts so the
 * rest of the store does not depend on it. Dialect-neutral; ids and times are made by the caller.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from './schema.js';

export interface OncallOverridesTable {
  id: string;
  schedule: string;
  person: string;
  starts_at: number;
  ends_at: number;
  reason: string | null;
  created_by: string;
  created_at: number;
}

export interface StoredOverride {
  id: string;
  schedule: string;
  person: string;
  start: number;
  end: number;
  reason?: string;
  createdBy: string;
  createdAt: number;
}

type OverrideDb = Kysely<{ oncall_overrides: OncallOverridesTable }>;
const table = (db: Db): OverrideDb => db.withTables<{ oncall_overrides: OncallOverridesTable }>() as unknown as OverrideDb;

/** Overrides still to end after `since` (all of them when omitted), by schedule then start. */
export async function listOverrides(db: Db, options: { schedule?: string; since?: number } = {}): Promise<StoredOverride[]> {
  let query = table(db).selectFrom('oncall_overrides').selectAll();
  if (options.schedule !== undefined) query = query.where('schedule', '=', options.schedule);
  if (options.since !== undefined) query = query.where('ends_at', '>', options.since);
  const rows = await query.orderBy('schedule').orderBy('starts_at').orderBy('id').execute();
  return rows.map(fromRow);
}

export async function getOverride(db: Db, id: string): Promise<StoredOverride | undefined> {
  const row = await table(db).selectFrom('oncall_overrides').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function insertOverride(db: Db, override: StoredOverride): Promise<void> {
  await table(db)
    .insertInto('oncall_overrides')
    .values({
      id: override.id,
      schedule: override.schedule,
      person: override.person,
      starts_at: override.start,
      ends_at: override.end,
      reason: override.reason ?? null,
      created_by: override.createdBy,
      created_at: override.createdAt,
    })
    .execute();
}

/** False when there was no such override. */
export async function deleteOverride(db: Db, id: string): Promise<boolean> {
  const result = await table(db).deleteFrom('oncall_overrides').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

function fromRow(row: Selectable<OncallOverridesTable>): StoredOverride {
  return {
    id: row.id,
    schedule: row.schedule,
    person: row.person,
    // PostgreSQL's bigint arrives as text.
    start: Number(row.starts_at),
    end: Number(row.ends_at),
    ...(row.reason !== null && { reason: row.reason }),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  };
}
