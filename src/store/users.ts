/** People who sign in, and their failed logins (for rate limiting and lockout). */
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

export interface LoginAttemptsTable {
  id: string;
  email: string;
  ip: string;
  at: number;
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
  let query = tables(db).selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (role) query = query.where('role', '=', role);
  const row = await query.executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) as a bigint string.
  return Number(row.n);
}

export async function recordFailedLogin(db: Db, attempt: LoginAttemptsTable): Promise<void> {
  await tables(db).insertInto('login_attempts').values(attempt).execute();
}

/** Failed logins for an email since `since`, oldest first. */
export async function failedLogins(db: Db, email: string, since: number): Promise<Array<{ ip: string; at: number }>> {
  return tables(db).selectFrom('login_attempts').select(['ip', 'at']).where('email', '=', email.toLowerCase()).where('at', '>=', since).orderBy('at').execute();
}

/** After a good login (from that address) or a password reset (every address). */
export async function clearFailedLogins(db: Db, email: string, ip?: string): Promise<void> {
  let query = tables(db).deleteFrom('login_attempts').where('email', '=', email.toLowerCase());
  if (ip !== undefined) query = query.where('ip', '=', ip);
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
