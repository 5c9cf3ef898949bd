import type { Kysely } from 'kysely';

/**
 * Who last wrote a target ("maintenance <id>") is asked at every view of the maintenance list: without
 * an index each view read the whole audit log, which grows with every write anyone makes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_target').execute();
}
