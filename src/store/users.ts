/** People who sign in, and their failed logins (for the sign-in throttle). */
import type { ColumnType } from 'kysely';
import type { Role } from '../api/auth/access.js';
import type { Db } from './schema.js';

export interface UsersTable {
  id: string;
  email: string;
  role: Role;
  password_hash: string;
  totp_key: string | null;
  totp_pending: string | null;
  totp_last_step: number | null;
  created_at: number;
  updated_at: number;
  /** 1: an editor trusted with probes that reach inside networks (src/services/probe-reach.ts). */
  probe_internal: number;
}

/** A failed sign-in, or a wrong password or code given to change one's own account. */
export type AttemptKind = 'login' | 'reauth';

export interface LoginAttemptsTable {
  id: string;
  email: string;
  /** The source as the throttle counts it (src/api/auth/source.ts). */
  ip: string;
  at: number;
  kind: ColumnType<AttemptKind, AttemptKind, never>;
}

export interface User {
  id: string;
  email: string;
  role: Role;
  passwordHash: string;
  /** Base32 TOTP key once confirmed; null without a second factor. */
  totpKey: string | null;
  totpPending: string | null;
  totpLastStep: number | null;
  createdAt: number;
  updatedAt: number;
  /** May define probes that reach inside networks, as admins may; meaningful for editors. */
  probeInternal: boolean;
}

export type UserTables = { users: UsersTable; login_attempts: LoginAttemptsTable };

function tables(db: Db) {
  return db.withTables<UserTables>();
}

export async function insertUser(db: Db, user: User): Promise<void> {
  await tables(db).insertInto('users').values(toRecord(user)).execute();
}

export async function saveUser(db: Db, user: User): Promise<void> {
  const { id, ...rest } = toRecord(user);
  await tables(db).updateTable('users').set(rest).where('id', '=', id).execute();
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  await tables(db).deleteFrom('users').where('id', '=', id).execute();
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const row = await tables(db).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRecord(row);
}

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await tables(db).selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row && fromRecord(row);
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await tables(db).selectFrom('users').selectAll().orderBy('email').execute();
  return rows.map(fromRecord);
}

export async function countUsers(db: Db, role?: Role): Promise<number> {
  let query = tables(db)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (role) query = query.where('role', '=', role);
  const row = await query.executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) as a bigint string.
  return Number(row.n);
}

export async function recordFailedLogin(db: Db, attempt: { id: string; email: string; ip: string; at: number; kind: AttemptKind }): Promise<void> {
  await tables(db)
    .insertInto('login_attempts')
    .values({ ...attempt, email: attempt.email.toLowerCase() })
    .execute();
}

/** After a good sign-in (that source's failures) or password change (all of them); `kind` narrows to one kind. */
export async function clearFailedLogins(db: Db, email: string, only: { ip?: string; kind?: AttemptKind } = {}): Promise<void> {
  let query = tables(db).deleteFrom('login_attempts').where('email', '=', email.toLowerCase());
  if (only.ip !== undefined) query = query.where('ip', '=', only.ip);
  if (only.kind !== undefined) query = query.where('kind', '=', only.kind);
  await query.execute();
}

export async function pruneFailedLogins(db: Db, before: number): Promise<void> {
  await tables(db).deleteFrom('login_attempts').where('at', '<', before).execute();
}

function toRecord(user: User): UsersTable {
  return {
    id: user.id,
    email: user.email.toLowerCase(),
    role: user.role,
    password_hash: user.passwordHash,
    totp_key: user.totpKey,
    totp_pending: user.totpPending,
    totp_last_step: user.totpLastStep,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    probe_internal: user.probeInternal ? 1 : 0,
  };
}

function fromRecord(row: UsersTable): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    passwordHash: row.password_hash,
    totpKey: row.totp_key,
    totpPending: row.totp_pending,
    totpLastStep: row.totp_last_step,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    probeInternal: Number(row.probe_internal) === 1,
  };
}
