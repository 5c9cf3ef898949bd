/**
 * Stored API resources (channels, escalation policies, maintenance windows, status pages). The table is typed here
 * rather than in schema.ts so that the rest of the store does not depend on it. Dialect-neutral.
 */
import type { Kysely, Selectable } from 'kysely';
import { API_RESOURCE_DEFINITION_VERSION, decodeApiResource, type ApiResourceKind } from './api-resource-codec.js';
import type { Db } from './schema.js';

export type { ApiResourceKind } from './api-resource-codec.js';

export interface ApiResourcesTable {
  kind: ApiResourceKind;
  id: string;
  /** JSON of the definition as tocsin.yaml would write it (secrets included: reads mask them). */
  definition: string;
  /** The shape `definition` has (api-resource-codec.ts); written on every write. */
  definition_version: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

interface ApiResourceMeta {
  kind: ApiResourceKind;
  id: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/**
 * One stored resource: its definition when it decodes (api-resource-codec.ts), else why it does not. An
 * unreadable row is still listed, so that it can be reported, replaced or deleted, but is never used.
 */
export type ApiResourceRow = ApiResourceMeta & ({ ok: true; definition: unknown } | { ok: false; problem: string });

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
      .set({ definition: json, definition_version: API_RESOURCE_DEFINITION_VERSION, updated_at: now, deleted_at: null })
      .where('kind', '=', kind)
      .where('id', '=', id)
      .execute();
  } else {
    await table(db)
      .insertInto('api_resources')
      .values({ kind, id, definition: json, definition_version: API_RESOURCE_DEFINITION_VERSION, created_at: now, updated_at: now, deleted_at: null })
      .execute();
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
  const meta: ApiResourceMeta = {
    kind: row.kind,
    id: row.id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
  };
  const decoded = decodeApiResource(row.kind, row.definition, Number(row.definition_version));
  return decoded.ok ? { ...meta, ok: true, definition: decoded.definition } : { ...meta, ok: false, problem: decoded.problem };
}
