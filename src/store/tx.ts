import type { Db } from './schema.js';

/**
 * Runs `work` in a transaction, or inside the caller's one when `db` already is a transaction.
 * A failed transaction reports its own error: SQLite ends a transaction by itself on some errors
 * (a full disk at commit, a corrupt page), so the rollback that follows fails too, and its "no
 * transaction is active" must not hide the cause a person needs to read.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  const trx = await db.startTransaction().execute();
  try {
    const result = await work(trx);
    await trx.commit().execute();
    return result;
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw error;
  }
}
