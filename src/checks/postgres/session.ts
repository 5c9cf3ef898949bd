/**
 * The session a PostgreSQL probe's query runs in: a read-only transaction whose statements are cut
 * off when the check's deadline would pass, opened only for a role that cannot act outside it. A
 * read-only transaction stops INSERT, UPDATE, DDL and nextval(), but not pg_read_file(), COPY … TO
 * PROGRAM or pg_terminate_backend(): those need superuser, one of the server-file roles, or an
 * explicit grant, so a role holding any of them is refused before the query runs.
 */
import type pg from 'pg';
import { isOwnDatabase, ownDatabaseRefusal, type OwnDatabase } from '../db/own-database.js';

/** Built-in roles whose members act outside any transaction: server files, programs, other sessions. */
const POWERFUL_ROLES = ['pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program', 'pg_signal_backend'];
/** Functions that read or write server files, superuser-only unless granted. */
const FILE_FUNCTIONS = ['pg_read_file(text)', 'pg_read_binary_file(text)', 'pg_ls_dir(text)', 'pg_stat_file(text)', 'lo_import(text)', 'lo_export(oid,text)'];

const list = (items: readonly string[]) => items.map((item) => `'${item}'`).join(', ');

/**
 * What the session may do, from the catalogs. session_user, not current_user: a role that could
 * SET ROLE to a superuser is as powerful as one. The identity column is read only when tocsin's
 * store is PostgreSQL (pg_control_system() is readable by every role by default).
 */
function sessionQuery(withIdentity: boolean): string {
  return `SELECT current_database()::text,
  ${withIdentity ? '(SELECT system_identifier::text FROM pg_control_system())' : 'NULL::text'},
  ARRAY(
    SELECT 'superuser' WHERE EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolsuper AND pg_has_role(session_user, s.oid, 'MEMBER'))
    UNION ALL SELECT r.rolname::text FROM pg_roles r WHERE r.rolname IN (${list(POWERFUL_ROLES)}) AND pg_has_role(session_user, r.oid, 'MEMBER')
    UNION ALL SELECT 'EXECUTE on ' || f FROM unnest(ARRAY[${list(FILE_FUNCTIONS)}]) AS f WHERE has_function_privilege(session_user, to_regprocedure(f)::oid, 'EXECUTE')
  )`;
}

/**
 * Opens the read-only transaction and checks the session; answers why the probe's query must not
 * run, or undefined when it may. The transaction is never committed: the connection closes with it.
 */
export async function openReadOnly(
  client: pg.Client,
  at: { label: string; user: string; remainingMs: number; own: OwnDatabase | undefined },
): Promise<string | undefined> {
  const ms = Math.max(1, Math.floor(at.remainingMs));
  // lock_timeout too: a probe waiting on a lock would hold that lock's queue behind it.
  await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${ms}; SET LOCAL lock_timeout = ${ms}`);
  const result = await client.query<[string, string | null, string[]]>({ text: sessionQuery(at.own?.systemIdentifier !== undefined), rowMode: 'array' });
  const [database, systemIdentifier, powers] = result.rows[0] ?? ['', null, []];
  if (isOwnDatabase(at.own, { database, systemIdentifier })) return ownDatabaseRefusal(at.label);
  return roleRefusal(at.user, at.label, powers);
}

export function roleRefusal(user: string, label: string, powers: readonly string[]): string | undefined {
  if (powers.length === 0) return undefined;
  const held = powers.length > 3 ? `${powers.slice(0, 3).join(', ')} and ${powers.length - 3} more` : powers.join(', ');
  return `refused: role "${user}" on ${label} holds ${held}; a probe only reads, so connect as a role without superuser, server-file or signal roles (pg_monitor is enough)`;
}
