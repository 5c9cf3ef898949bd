/**
 * API tokens and browser sessions: both are random secrets handed out once and stored only as their
 * SHA-256, so a copy of the database signs nobody in.
 */
import type { Role } from '../api/auth/access.js';
import type { Db } from './schema.js';
import type { UsersTable } from './users.js';

export type TokenScope = 'read' | 'write';

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: TokenScope;
  hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf: string;
  created_at: number;
  last_seen_at: number;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A token or session together with the person it acts for. */
export interface Owner {
  userId: string;
  email: string;
  role: Role;
}

export interface Session {
  idHash: string;
  userId: string;
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

function tables(db: Db) {
  return db.withTables<{ api_tokens: ApiTokensTable; sessions: SessionsTable; users: UsersTable }>();
}

export async function insertToken(db: Db, token: ApiToken & { hash: string }): Promise<void> {
  await tables(db)
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      name: token.name,
      scope: token.scope,
      hash: token.hash,
      prefix: token.prefix,
      created_at: token.createdAt,
      last_used_at: token.lastUsedAt,
      revoked_at: token.revokedAt,
    })
    .execute();
}

export async function findTokenByHash(db: Db, hash: string): Promise<(ApiToken & Owner) | undefined> {
  const row = await tables(db)
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens')
    .select(['users.email', 'users.role'])
    .where('api_tokens.hash', '=', hash)
    .executeTakeFirst();
  return row && { ...fromTokenRecord(row), email: row.email, role: row.role };
}

export async function getToken(db: Db, id: string): Promise<ApiToken | undefined> {
  const row = await tables(db).selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromTokenRecord(row);
}

/** Every token, or one person's; newest first. */
export async function listTokens(db: Db, userId?: string): Promise<ApiToken[]> {
  let query = tables(db).selectFrom('api_tokens').selectAll();
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(fromTokenRecord);
}

export async function revokeToken(db: Db, id: string, at: number): Promise<void> {
  await tables(db).updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function touchToken(db: Db, id: string, at: number): Promise<void> {
  await tables(db).updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function insertSession(db: Db, session: Session): Promise<void> {
  await tables(db)
    .insertInto('sessions')
    .values({ id_hash: session.idHash, user_id: session.userId, csrf: session.csrf, created_at: session.createdAt, last_seen_at: session.lastSeenAt })
    .execute();
}

export async function findSession(db: Db, idHash: string): Promise<(Session & Owner) | undefined> {
  const row = await tables(db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select(['users.email', 'users.role'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  return (
    row && {
      idHash: row.id_hash,
      userId: row.user_id,
      csrf: row.csrf,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      email: row.email,
      role: row.role,
    }
  );
}

export async function touchSession(db: Db, idHash: string, at: number): Promise<void> {
  await tables(db).updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await tables(db).deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Signs a person out everywhere: after a password change, a role change or their removal. */
export async function deleteUserSessions(db: Db, userId: string, except?: string): Promise<void> {
  let query = tables(db).deleteFrom('sessions').where('user_id', '=', userId);
  if (except !== undefined) query = query.where('id_hash', '!=', except);
  await query.execute();
}

export async function pruneSessions(db: Db, idleBefore: number, createdBefore: number): Promise<void> {
  await tables(db)
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute();
}

function fromTokenRecord(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
