/**
 * The writers for people: create, change role or password, remove. Each validates, writes in one
 * transaction with its audit entry, and keeps at least one admin so nobody locks tocsin away.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../api/auth/access.js';
import { checkPasswordPolicy, hashPassword } from '../lib/password.js';
import { TocsinError } from '../lib/errors.js';
import { deleteUserSessions } from '../store/tokens.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import * as users from '../store/users.js';
import { recordAudit, type AuditActor } from './audit.js';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

export interface ChangeContext {
  actor: AuditActor;
  now: number;
}

/** What the API and CLI show of a person: never a hash or a key. */
export interface PublicUser {
  id: string;
  email: string;
  role: Role;
  totp: boolean;
  createdAt: number;
  /** May define probes that reach inside networks (admins always may). */
  probe_internal: boolean;
}

export function publicUser(user: users.User): PublicUser {
  return { id: user.id, email: user.email, role: user.role, totp: user.totpKey !== null, createdAt: user.createdAt, probe_internal: user.probeInternal };
}

export function normalizeEmail(email: string): string {
  const clean = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(clean) || clean.length > 254) {
    throw new TocsinError('invalid_input', `"${email}" is not an email address`, { field: 'email', expected: 'an email address such as ana@example.org' });
  }
  return clean;
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new TocsinError('invalid_input', `"${role}" is not a role`, { field: 'role', expected: ROLES.join(', ') });
  }
  return role as Role;
}

export async function createUser(
  db: Db,
  input: { email: string; role: string; password: string; probeInternal?: boolean },
  ctx: ChangeContext,
): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  const role = checkRole(input.role);
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    if (await users.getUserByEmail(trx, email)) throw new TocsinError('conflict', `a user ${email} already exists`);
    const probeInternal = input.probeInternal ?? false;
    const user: users.User = {
      id: randomUUID(),
      email,
      role,
      passwordHash,
      totpKey: null,
      totpPending: null,
      totpLastStep: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      probeInternal,
    };
    await users.insertUser(trx, user);
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'user.create',
      target: `user ${email}`,
      after: { email, role, probe_internal: probeInternal },
      at: ctx.now,
    });
    return publicUser(user);
  });
}

export interface UserChange {
  role?: string;
  password?: string;
  /** Grant (true) or withdraw (false) probes that reach inside networks. */
  probeInternal?: boolean;
}

/** A new role, password or grant signs the person out everywhere, so the change takes effect at once. */
export async function updateUser(db: Db, id: string, change: UserChange, ctx: ChangeContext): Promise<PublicUser> {
  const role = change.role === undefined ? undefined : checkRole(change.role);
  if (change.password !== undefined) checkPasswordPolicy(change.password);
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  return inTransaction(db, async (trx) => {
    const user = await mustGetUser(trx, id);
    if (role !== undefined && role !== 'admin' && user.role === 'admin') await keepAnAdmin(trx, user, `make ${user.email} ${role}`);
    const probeInternal = change.probeInternal ?? user.probeInternal;
    const next: users.User = { ...user, role: role ?? user.role, passwordHash: passwordHash ?? user.passwordHash, probeInternal, updatedAt: ctx.now };
    await users.saveUser(trx, next);
    await deleteUserSessions(trx, id);
    if (passwordHash !== undefined) await users.clearFailedLogins(trx, user.email);
    const before = { email: user.email, role: user.role, probe_internal: user.probeInternal };
    const after = { email: user.email, role: next.role, probe_internal: probeInternal, ...(passwordHash === undefined ? {} : { password: 'new' }) };
    await recordAudit(trx, { actor: ctx.actor, action: 'user.update', target: `user ${user.email}`, before, after, at: ctx.now });
    return publicUser(next);
  });
}

export async function removeUser(db: Db, id: string, ctx: ChangeContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const user = await mustGetUser(trx, id);
    if (user.role === 'admin') await keepAnAdmin(trx, user, `remove ${user.email}`);
    // Sessions and tokens go with the user (ON DELETE CASCADE).
    await users.deleteUser(trx, id);
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'user.delete',
      target: `user ${user.email}`,
      before: { email: user.email, role: user.role },
      at: ctx.now,
    });
  });
}

export async function mustGetUser(db: Db, id: string): Promise<users.User> {
  const user = await users.getUser(db, id);
  if (!user) throw new TocsinError('not_found', `no user with id ${id}`);
  return user;
}

async function keepAnAdmin(trx: Db, user: users.User, what: string): Promise<void> {
  if ((await users.countUsers(trx, 'admin')) <= 1) {
    throw new TocsinError('conflict', `cannot ${what}: ${user.email} is the only admin; make someone else admin first`);
  }
}
