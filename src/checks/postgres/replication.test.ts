import { describe, expect, test } from 'vitest';
import { pgReplication } from './replication.js';
import { pgTls } from './tls.js';

describe('pgReplication', () => {
  test.each<[string, unknown[], ReturnType<typeof pgReplication>]>([
    ['a server not in recovery is a primary', [false, null], { role: 'primary' }],
    ['a caught-up standby is 0 s behind', [true, 0], { role: 'replica', lagSeconds: 0 }],
    ['a standby reads its lag from the numeric string', [true, '93.5'], { role: 'replica', lagSeconds: 93.5 }],
    ['clock skew never makes the lag negative', [true, '-0.2'], { role: 'replica', lagSeconds: 0 }],
    [
      'a standby that replayed nothing has an unknown lag',
      [true, null],
      { role: 'replica', lagSeconds: null, why: 'no transaction has been replayed yet (pg_last_xact_replay_timestamp() is NULL)' },
    ],
  ])('%s', (_name, row, replication) => {
    expect(pgReplication(row)).toEqual(replication);
  });
});

describe('pgTls', () => {
  test('is off by default and for disable', () => {
    expect(pgTls(null, 'db')).toBe(false);
    expect(pgTls('disable', 'db')).toBe(false);
  });

  test('encrypts without verifying for require and prefer', () => {
    expect(pgTls('require', 'db.internal')).toEqual({ rejectUnauthorized: false, servername: 'db.internal' });
    expect(pgTls('prefer', 'db.internal')).toEqual({ rejectUnauthorized: false, servername: 'db.internal' });
  });

  test('verifies against the configured name, never an IP, for verify-full', () => {
    expect(pgTls('verify-full', 'db.internal')).toEqual({ rejectUnauthorized: true, servername: 'db.internal' });
    expect(pgTls('verify-full', '10.0.0.5')).toEqual({ rejectUnauthorized: true, servername: undefined });
  });

  test('checks the chain but not the name for verify-ca', () => {
    const tls = pgTls('verify-ca', 'db.internal');
    expect(tls).toMatchObject({ rejectUnauthorized: true });
    expect(tls && tls.checkServerIdentity?.('other', {} as never)).toBeUndefined();
  });

  test('refuses an unknown sslmode', () => {
    expect(() => pgTls('maybe', 'db')).toThrow('unknown sslmode "maybe"; expected disable, require, verify-ca or verify-full');
  });
});
