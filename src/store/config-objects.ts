/**
 * The config file's channels, escalation policies, status pages and maintenance windows as last
 * applied (table config_objects, migration 0023). Written only by a config sync, in its transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import { decodeConfigObject } from './config-object-codec.js';
import type { ObjectKind, ObjectRow, ObjectSyncPlan } from './config-plan.js';
import { canonicalJson } from './monitor-plan.js';
import type { Db } from './schema.js';

export interface ConfigObjectsTable {
  kind: ObjectKind;
  id: string;
  /** canonicalJson of the resolved definition, secrets included (reads mask them). */
  definition: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

type ObjectsDb = Kysely<{ config_objects: ConfigObjectsTable }>;
const table = (db: Db): ObjectsDb => db.withTables<{ config_objects: ConfigObjectsTable }>() as unknown as ObjectsDb;

export async function listConfigObjects(db: Db, options: { includeDeleted?: boolean } = {}): Promise<ObjectRow[]> {
  let query = table(db).selectFrom('config_objects').selectAll();
  if (!options.includeDeleted) query = query.where('deleted_at', 'is', null);
  const rows = await query.orderBy('kind').orderBy('id').execute();
  return rows.map(fromRecord);
}

/** Like the monitors' writes, every update is conditional on the row the plan saw. */
export async function writeObjectSync(trx: Db, plan: ObjectSyncPlan, now: number): Promise<void> {
  for (const object of plan.added) {
    await table(trx)
      .insertInto('config_objects')
      .values({ kind: object.kind, id: object.id, definition: canonicalJson(object.definition), created_at: now, updated_at: now, deleted_at: null })
      .execute();
  }
  for (const { before, after } of [...plan.changed, ...plan.restored]) {
    await updateIfUnchanged(trx, before, { definition: canonicalJson(after.definition), updated_at: now, deleted_at: null });
  }
  for (const before of plan.removed) await updateIfUnchanged(trx, before, { updated_at: now, deleted_at: now });
}

/** Forgets objects soft-deleted before `before`; returns how many. */
export async function purgeConfigObjects(db: Db, before: number): Promise<number> {
  const result = await table(db).deleteFrom('config_objects').where('deleted_at', 'is not', null).where('deleted_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

async function updateIfUnchanged(trx: Db, before: ObjectRow, values: Partial<Selectable<ConfigObjectsTable>>): Promise<void> {
  const result = await table(trx)
    .updateTable('config_objects')
    .set(values)
    .where('kind', '=', before.kind)
    .where('id', '=', before.id)
    .where('updated_at', '=', before.updatedAt)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new Error(`The ${before.kind} "${before.id}" changed since the plan was made; nothing was applied. Plan again.`);
  }
}

/**
 * The definition as stored (a plan compares it with the file's as is), with why it does not decode when it
 * does not: a damaged one is still listed (definition null), so a sync rewrites it and a refused one reports it.
 */
function fromRecord(row: Selectable<ConfigObjectsTable>): ObjectRow {
  let definition: unknown = null;
  try {
    definition = JSON.parse(row.definition) as unknown;
  } catch {
    // decodeConfigObject says why, below.
  }
  const decoded = decodeConfigObject(row.kind, definition === null ? row.definition : definition);
  return {
    kind: row.kind,
    id: row.id,
    definition,
    ...(decoded.ok ? {} : { problem: decoded.problem }),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
  };
}
