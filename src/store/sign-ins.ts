/**
 * What the sign-in throttle reads and remembers besides the failures themselves (src/store/users.ts):
 * failure counts, the sources each account signed in from, and notices of lockout-level attempts.
 */
import type { Db } from './schema.js';
import type { AttemptKind, UserTables } from './users.js';

interface LoginSourcesTable {
  email: string;
  source: string;
  last_at: number;
}

interface AccountNoticesTable {
  id: string;
  user_id: string;
  at: number;
  message: string;
  seen_at: number | null;
}

function tables(db: Db) {
  return db.withTables<UserTables & { login_sources: LoginSourcesTable; account_notices: AccountNoticesTable }>();
}

/** How many failures of `kind` match (by email, by source, or both) since `since`, and when the latest was. */
export async function tallyFailures(
  db: Db,
  match: { email?: string; source?: string; kind: AttemptKind },
  since: number,
): Promise<{ count: number; lastAt: number }> {
  let query = tables(db)
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('at').as('last')])
    .where('kind', '=', match.kind)
    .where('at', '>=', since);
  if (match.email !== undefined) query = query.where('email', '=', match.email.toLowerCase());
  if (match.source !== undefined) query = query.where('ip', '=', match.source);
  const row = await query.executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) and max(bigint) as strings.
  return { count: Number(row.n), lastAt: Number(row.last ?? 0) };
}

/** How many sources failed to sign in to `email` since `since`. */
export async function countFailingSources(db: Db, email: string, since: number): Promise<number> {
  const row = await tables(db)
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.count<number | string>('ip').distinct().as('n'))
    .where('email', '=', email.toLowerCase())
    .where('kind', '=', 'login')
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether `source` signed in to `email` since `since`. */
export async function isKnownSource(db: Db, email: string, source: string, since: number): Promise<boolean> {
  const row = await tables(db)
    .selectFrom('login_sources')
    .select('last_at')
    .where('email', '=', email.toLowerCase())
    .where('source', '=', source)
    .where('last_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a good sign-in from `source`, and forgets the account's sources unused since `forgetBefore`. */
export async function rememberSource(db: Db, email: string, source: string, now: number, forgetBefore: number): Promise<void> {
  const address = email.toLowerCase();
  await tables(db)
    .insertInto('login_sources')
    .values({ email: address, source, last_at: now })
    .onConflict((oc) => oc.columns(['email', 'source']).doUpdateSet({ last_at: now }))
    .execute();
  await tables(db).deleteFrom('login_sources').where('email', '=', address).where('last_at', '<', forgetBefore).execute();
}

/** Stores a notice unless one with this id exists; true when this call stored it. */
export async function insertNotice(db: Db, notice: { id: string; userId: string; at: number; message: string }): Promise<boolean> {
  const result = await tables(db)
    .insertInto('account_notices')
    .values({ id: notice.id, user_id: notice.userId, at: notice.at, message: notice.message, seen_at: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The notices `userId` has not seen yet, oldest first, marked seen at `now`. */
export async function takeNotices(db: Db, userId: string, now: number): Promise<Array<{ at: number; message: string }>> {
  const rows = await tables(db)
    .selectFrom('account_notices')
    .select(['id', 'at', 'message'])
    .where('user_id', '=', userId)
    .where('seen_at', 'is', null)
    .orderBy('at')
    .execute();
  if (rows.length === 0) return [];
  await tables(db)
    .updateTable('account_notices')
    .set({ seen_at: now })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({ at: Number(r.at), message: r.message }));
}
