import { beforeEach, expect, it } from 'vitest';
import * as signIns from '../../src/store/sign-ins.js';
import * as users from '../../src/store/users.js';
import { describeStore } from '../store/dialects.js';

const ana: users.User = {
  id: 'u1',
  email: 'ana@example.org',
  role: 'viewer',
  passwordHash: 'scrypt$1$1$1$s$h',
  totpKey: null,
  totpPending: null,
  totpLastStep: null,
  probeInternal: false,
  createdAt: 0,
  updatedAt: 0,
};

describeStore('the sign-in throttle store', (store) => {
  beforeEach(async () => {
    const db = store().db.withTables<{
      login_attempts: { id: string };
      login_sources: { email: string };
      account_notices: { id: string };
      users: { id: string };
    }>();
    for (const table of ['login_attempts', 'login_sources', 'account_notices', 'users'] as const) await db.deleteFrom(table).execute();
  });

  it('tallies failures by account, by source and by kind since a time, with the latest', async () => {
    const fail = (id: string, email: string, ip: string, at: number, kind: users.AttemptKind = 'login') =>
      users.recordFailedLogin(store().db, { id, email, ip, at, kind });
    await fail('a1', 'Ana@Example.org', '10.0.0.1', 1_000);
    await fail('a2', 'ana@example.org', '10.0.0.2', 5_000);
    await fail('a3', 'ed@example.org', '10.0.0.1', 6_000);
    await fail('a4', 'ana@example.org', '10.0.0.1', 7_000, 'reauth');
    const db = store().db;
    expect(await signIns.tallyFailures(db, { email: 'ana@example.org', kind: 'login' }, 0)).toEqual({ count: 2, lastAt: 5_000 });
    expect(await signIns.tallyFailures(db, { email: 'ana@example.org', kind: 'login' }, 2_000)).toEqual({ count: 1, lastAt: 5_000 });
    expect(await signIns.tallyFailures(db, { email: 'ana@example.org', source: '10.0.0.1', kind: 'login' }, 0)).toEqual({ count: 1, lastAt: 1_000 });
    expect(await signIns.tallyFailures(db, { source: '10.0.0.1', kind: 'login' }, 0)).toEqual({ count: 2, lastAt: 6_000 });
    expect(await signIns.tallyFailures(db, { email: 'ana@example.org', kind: 'reauth' }, 0)).toEqual({ count: 1, lastAt: 7_000 });
    expect(await signIns.countFailingSources(db, 'ana@example.org', 0)).toBe(2);
    await users.clearFailedLogins(db, 'ana@example.org', { kind: 'reauth' });
    expect(await signIns.tallyFailures(db, { email: 'ana@example.org', kind: 'reauth' }, 0)).toEqual({ count: 0, lastAt: 0 });
    expect(await signIns.tallyFailures(db, { email: 'ana@example.org', kind: 'login' }, 0)).toMatchObject({ count: 2 });
  });

  it('remembers the sources an account signed in from, and forgets the ones unused for too long', async () => {
    const db = store().db;
    await signIns.rememberSource(db, 'ana@example.org', '10.0.0.1', 1_000, 0);
    await signIns.rememberSource(db, 'ana@example.org', '10.0.0.1', 2_000, 0);
    expect(await signIns.isKnownSource(db, 'Ana@example.org', '10.0.0.1', 1_500)).toBe(true);
    expect(await signIns.isKnownSource(db, 'ana@example.org', '10.0.0.2', 0)).toBe(false);
    expect(await signIns.isKnownSource(db, 'ed@example.org', '10.0.0.1', 0)).toBe(false);
    await signIns.rememberSource(db, 'ana@example.org', '10.0.0.2', 9_000, 5_000);
    expect(await signIns.isKnownSource(db, 'ana@example.org', '10.0.0.1', 0)).toBe(false);
    expect(await signIns.isKnownSource(db, 'ana@example.org', '10.0.0.2', 0)).toBe(true);
  });

  it('stores a notice once per id and hands each unseen notice to one sign-in', async () => {
    const db = store().db;
    await users.insertUser(db, ana);
    expect(await signIns.insertNotice(db, { id: 'u1:1', userId: 'u1', at: 1_000, message: 'first' })).toBe(true);
    expect(await signIns.insertNotice(db, { id: 'u1:1', userId: 'u1', at: 1_500, message: 'again' })).toBe(false);
    expect(await signIns.insertNotice(db, { id: 'u1:2', userId: 'u1', at: 2_000, message: 'second' })).toBe(true);
    expect(await signIns.takeNotices(db, 'u1', 3_000)).toEqual([
      { at: 1_000, message: 'first' },
      { at: 2_000, message: 'second' },
    ]);
    expect(await signIns.takeNotices(db, 'u1', 4_000)).toEqual([]);
  });
});
