import { beforeEach, expect, it } from 'vitest';
import * as tokens from '../../src/store/tokens.js';
import { tallyFailures } from '../../src/store/sign-ins.js';
import * as users from '../../src/store/users.js';
import { describeStore } from './dialects.js';

const user = (id: string, email: string, role: users.User['role'] = 'viewer'): users.User => ({
  id,
  email,
  role,
  passwordHash: 'scrypt$32768$8$1$salt$hash',
  totpKey: null,
  totpPending: null,
  totpLastStep: null,
  createdAt: 1_000,
  updatedAt: 1_000,
  probeInternal: false,
});

const token = (id: string, userId: string, hash: string): tokens.ApiToken & { hash: string } => ({
  id,
  userId,
  name: `token ${id}`,
  scope: 'read',
  prefix: 'tocsin_abcd',
  createdAt: 2_000,
  lastUsedAt: null,
  revokedAt: null,
  hash,
});

describeStore('users, sessions and tokens', (store) => {
  beforeEach(async () => {
    const db = store().db.withTables<{ sessions: { id_hash: string }; api_tokens: { id: string }; login_attempts: { id: string }; users: { id: string } }>();
    for (const table of ['sessions', 'api_tokens', 'login_attempts', 'users'] as const) await db.deleteFrom(table).execute();
  });

  it('finds users by id and by email in any case, counts them by role, and refuses a second account per email', async () => {
    await users.insertUser(store().db, user('u1', 'Ana@Example.org', 'admin'));
    await users.insertUser(store().db, user('u2', 'ed@example.org', 'editor'));
    expect(await users.getUserByEmail(store().db, 'ANA@example.org')).toEqual(user('u1', 'ana@example.org', 'admin'));
    expect((await users.getUser(store().db, 'u2'))?.email).toBe('ed@example.org');
    expect([await users.countUsers(store().db), await users.countUsers(store().db, 'admin'), await users.countUsers(store().db, 'viewer')]).toEqual([2, 1, 0]);
    await expect(users.insertUser(store().db, user('u3', 'ana@example.org'))).rejects.toThrow();
    await users.saveUser(store().db, { ...user('u2', 'ed@example.org', 'viewer'), totpKey: 'KEY', totpLastStep: 56_666_666 });
    expect(await users.getUser(store().db, 'u2')).toMatchObject({ role: 'viewer', totpKey: 'KEY', totpLastStep: 56_666_666 });
    await users.saveUser(store().db, { ...user('u2', 'ed@example.org', 'editor'), probeInternal: true });
    expect(await users.getUser(store().db, 'u2')).toMatchObject({ role: 'editor', probeInternal: true });
  });

  it('keeps failed logins per email and address until cleared or pruned', async () => {
    await users.recordFailedLogin(store().db, { id: 'a1', email: 'ana@example.org', ip: '10.0.0.1', at: 1_000, kind: 'login' });
    await users.recordFailedLogin(store().db, { id: 'a2', email: 'ana@example.org', ip: '10.0.0.2', at: 2_000, kind: 'login' });
    await users.recordFailedLogin(store().db, { id: 'a3', email: 'ed@example.org', ip: '10.0.0.1', at: 3_000, kind: 'login' });
    const ana = () => tallyFailures(store().db, { email: 'ana@example.org', kind: 'login' }, 0);
    expect(await ana()).toEqual({ count: 2, lastAt: 2_000 });
    await users.clearFailedLogins(store().db, 'ana@example.org', { ip: '10.0.0.2' });
    expect(await ana()).toEqual({ count: 1, lastAt: 1_000 });
    await users.pruneFailedLogins(store().db, 2_500);
    expect(await ana()).toEqual({ count: 0, lastAt: 0 });
    expect(await tallyFailures(store().db, { email: 'ed@example.org', kind: 'login' }, 0)).toEqual({ count: 1, lastAt: 3_000 });
  });

  it('finds a token by its hash with its owner, revokes it once, and records its last use', async () => {
    await users.insertUser(store().db, user('u1', 'ana@example.org', 'editor'));
    await tokens.insertToken(store().db, token('t1', 'u1', 'h1'));
    expect(await tokens.findTokenByHash(store().db, 'h1')).toMatchObject({ id: 't1', email: 'ana@example.org', role: 'editor', revokedAt: null });
    expect(await tokens.findTokenByHash(store().db, 'nope')).toBeUndefined();
    await tokens.touchToken(store().db, 't1', 5_000);
    await tokens.revokeToken(store().db, 't1', 6_000);
    await tokens.revokeToken(store().db, 't1', 7_000);
    expect(await tokens.getToken(store().db, 't1')).toMatchObject({ lastUsedAt: 5_000, revokedAt: 6_000 });
  });

  it('drops sessions idle or too old, and everything of a user who is removed', async () => {
    await users.insertUser(store().db, user('u1', 'ana@example.org'));
    await tokens.insertSession(store().db, { idHash: 'fresh', userId: 'u1', csrf: 'c', createdAt: 9_000, lastSeenAt: 9_500 });
    await tokens.insertSession(store().db, { idHash: 'idle', userId: 'u1', csrf: 'c', createdAt: 9_000, lastSeenAt: 9_000 });
    await tokens.insertSession(store().db, { idHash: 'old', userId: 'u1', csrf: 'c', createdAt: 1_000, lastSeenAt: 9_900 });
    await tokens.pruneSessions(store().db, 9_100, 5_000);
    expect(await tokens.findSession(store().db, 'fresh')).toMatchObject({ userId: 'u1', email: 'ana@example.org', role: 'viewer' });
    expect([await tokens.findSession(store().db, 'idle'), await tokens.findSession(store().db, 'old')]).toEqual([undefined, undefined]);
    await tokens.insertToken(store().db, token('t1', 'u1', 'h1'));
    await users.deleteUser(store().db, 'u1');
    expect([await tokens.findSession(store().db, 'fresh'), await tokens.getToken(store().db, 't1')]).toEqual([undefined, undefined]);
  });
});
