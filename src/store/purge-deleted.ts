/**
 * Forgets what was soft-deleted longer ago than retention.deleted: the monitors with their history
 * in every table keyed by monitor_id, and config objects. Until then `tocsin restore` brings them back.
 * The outbox is left to its own pruning by age: a sent notification is a record of what people were told.
 */
import { PostgresAdapter, sql } from 'kysely';
import { listColumns, listTables } from '../backup/tables.js';
import { purgeConfigObjects } from './config-objects.js';
import type { Db } from './schema.js';
import { inTransaction } from './tx.js';

const KEPT = new Set(['monitors', 'outbox']);
/** Monitors purged per round: a mass removal long ago is forgotten over a few rounds, not one long lock. */
const BATCH = 500;

export async function purgeDeleted(db: Db, before: number): Promise<{ monitors: number; objects: number }> {
  const ids = (await db.selectFrom('monitors').select('id').where('deleted_at', 'is not', null).where('deleted_at', '<', before).limit(BATCH).execute()).map(
    (r) => r.id,
  );
  if (ids.length > 0) {
    const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    const tables: string[] = [];
    for (const table of await listTables(db, dialect)) {
      if (!KEPT.has(table) && (await listColumns(db, dialect, table)).includes('monitor_id')) tables.push(table);
    }
    await inTransaction(db, async (trx) => {
      const list = sql.join(ids);
      for (const table of tables) await sql`delete from ${sql.table(table)} where ${sql.ref('monitor_id')} in (${list})`.execute(trx);
      await trx.deleteFrom('monitors').where('id', 'in', ids).where('deleted_at', '<', before).execute();
    });
  }
  return { monitors: ids.length, objects: await purgeConfigObjects(db, before) };
}
