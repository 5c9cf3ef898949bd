/** The audit log: who changed what, when, with before/after already stripped of secrets. */
import { z } from 'zod';
import type { Db } from './schema.js';
import { storedJsonOr, type DamagedPart } from './stored-json.js';

export interface AuditLogTable {
  id: string;
  at: number;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

export interface AuditRow {
  id: string;
  at: number;
  actor: { kind: string; id: string | null; label: string };
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  /** Only when `before` or `after` could not be read as stored: left out (null), and why. */
  damaged?: DamagedPart[];
}

/** Newest first; `before` is the cursor of the last row of the previous page. */
export interface AuditPageQuery {
  limit: number;
  before?: { at: number; id: string };
}

function tables(db: Db) {
  return db.withTables<{ audit_log: AuditLogTable }>();
}

export async function insertAudit(db: Db, row: AuditRow): Promise<void> {
  await tables(db)
    .insertInto('audit_log')
    .values({
      id: row.id,
      at: row.at,
      actor_kind: row.actor.kind,
      actor_id: row.actor.id,
      actor_label: row.actor.label,
      action: row.action,
      target: row.target,
      before: row.before === undefined || row.before === null ? null : JSON.stringify(row.before),
      after: row.after === undefined || row.after === null ? null : JSON.stringify(row.after),
    })
    .execute();
}

export async function listAudit(db: Db, query: AuditPageQuery): Promise<AuditRow[]> {
  let select = tables(db).selectFrom('audit_log').selectAll();
  const cursor = query.before;
  if (cursor) {
    // Keyset paging: rows written while someone pages never shift the pages they have not read yet.
    select = select.where((eb) => eb.or([eb('at', '<', cursor.at), eb.and([eb('at', '=', cursor.at), eb('id', '<', cursor.id)])]));
  }
  const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((r) => {
    // A row that does not read is listed with the part left out and marked: one damaged row never hides the log.
    const damaged: DamagedPart[] = [];
    const json = (text: string | null, field: string) => (text === null ? null : storedJsonOr(z.unknown(), text, null, field, damaged));
    const row = {
      id: r.id,
      at: r.at,
      actor: { kind: r.actor_kind, id: r.actor_id, label: r.actor_label },
      action: r.action,
      target: r.target,
      before: json(r.before, 'before'),
      after: json(r.after, 'after'),
    };
    return damaged.length > 0 ? { ...row, damaged } : row;
  });
}

/** Who last wrote each of `targets` ("maintenance <id>"), by the audit log: for the few windows a view names, never the whole log. */
export async function lastWriters(db: Db, targets: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (targets.length === 0) return found;
  const rows = await tables(db)
    .selectFrom('audit_log')
    .select(['target', 'actor_label', 'at', 'id'])
    .where('target', 'in', [...targets])
    .orderBy('at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  for (const row of rows) found.set(row.target, row.actor_label);
  return found;
}
