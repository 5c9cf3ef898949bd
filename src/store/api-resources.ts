/**
 * Stored API resources (channels, escalation policies, maintenance windows, status pages). The table is typed here
 * rather than in schema.ts so that the rest of the store does not depend on it. Dialect-neutral.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from './schema.js';

export type ApiResourceKind = 'channel' | 'escalation' | 'maintenance' | 'status_page';

export interface ApiResourcesTable {
  kind: ApiResourceKind;
  id: string;
  /** JSON of the definition as tocsin.yaml would write it (secrets included: reads mask them). */
  definition: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface ApiResourceRow {
  kind: ApiResourceKind;
  id: string;
  definition: unknown;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

type ResourceDb = Kysely<{ api_resources: ApiResourcesTable }>;
const table = (db: Db): ResourceDb => db.withTables<{ api_resources: ApiResourcesTable }>() as unknown as ResourceDb;

export async function listApiResources(db: Db, options: { kind?: ApiResourceKind; includeDeleted?: boolean } = {}): Promise<ApiResourceRow[]> {
  let query = table(db).selectFrom('api_resources').selectAll();
  if (options.kind) query = query.where('kind', '=', options.kind);
  if (!options.includeDeleted) query = query.where('deleted_at', 'is', null);
  const rows = await query.orderBy('kind').orderBy('id').execute();
  return rows.map(fromRecord);
}

/** The live row of `kind` `id`, or undefined when there is none or it was deleted. */
export async function getApiResource(db: Db, kind: ApiResourceKind, id: string): Promise<ApiResourceRow | undefined> {
  const row = await table(db)
    .selectFrom('api_resources')
    .selectAll()
    .where('kind', '=', kind)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? fromRecord(row) : undefined;
}

/** Creates, replaces or restores (a soft-deleted id) one resource. */
export async function putApiResource(db: Db, kind: ApiResourceKind, id: string, definition: unknown, now: number): Promise<void> {
  const json = JSON.stringify(definition);
  const existing = await table(db).selectFrom('api_resources').select('id').where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  if (existing) {
    await table(db)
      .updateTable('api_resources')
      .set({ definition: json, updated_at: now, deleted_at: null })
      .where('kind', '=', kind)
      .where('id', '=', id)
      .execute();
  } else {
    await table(db).insertInto('api_resources').values({ kind, id, definition: json, created_at: now, updated_at: now, deleted_at: null }).execute();
  }
}

/** Soft-deletes a live resource; false when there was none. */
export async function deleteApiResource(db: Db, kind: ApiResourceKind, id: string, now: number): Promise<boolean> {
  const result = await table(db)
    .updateTable('api_resources')
    .set({ updated_at: now, deleted_at: now })
    .where('kind', '=', kind)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function fromRecord(row: Selectable<ApiResourcesTable>): ApiResourceRow {
  return {
    kind: row.kind,
    id: row.id,
    definition: JSON.parse(row.definition) as unknown,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
  };
}
