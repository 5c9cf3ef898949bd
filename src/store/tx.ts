import type { Db } from './schema.js';

/** Runs `work` in a transaction, or inside the caller's one when `db` already is a transaction. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
