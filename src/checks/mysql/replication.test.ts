import { describe, expect, test } from 'vitest';
import { mysqlReplication } from './replication.js';
import { mysqlTls } from './tls.js';

describe('mysqlReplication', () => {
  test.each<[string, Record<string, unknown>[], ReturnType<typeof mysqlReplication>]>([
    ['no status row is a primary', [], { role: 'primary' }],
    [
      'MariaDB reports Seconds_Behind_Master',
      [{ Seconds_Behind_Master: 12, Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes' }],
      { role: 'replica', lagSeconds: 12 },
    ],
    ['MySQL 8 reports Seconds_Behind_Source', [{ Seconds_Behind_Source: '3', Replica_IO_Running: 'Yes' }], { role: 'replica', lagSeconds: 3 }],
    [
      'a NULL lag means replication stopped, with the last error',
      [{ Seconds_Behind_Master: null, Slave_IO_Running: 'No', Slave_SQL_Running: 'Yes', Last_IO_Error: 'error connecting to master', Last_SQL_Error: '' }],
      { role: 'replica', lagSeconds: null, why: 'replication is not running (IO thread No, SQL thread Yes): error connecting to master' },
    ],
    [
      'a NULL lag without an error still says which thread stopped',
      [{ Seconds_Behind_Source: null, Replica_IO_Running: 'Yes', Replica_SQL_Running: 'No', Last_IO_Error: '', Last_SQL_Error: '' }],
      { role: 'replica', lagSeconds: null, why: 'replication is not running (IO thread Yes, SQL thread No)' },
    ],
  ])('%s', (_name, rows, replication) => {
    expect(mysqlReplication(rows)).toEqual(replication);
  });
});

describe('mysqlTls', () => {
  test.each([
    [null, undefined],
    ['DISABLED', undefined],
    ['preferred', { rejectUnauthorized: false }],
    ['REQUIRED', { rejectUnauthorized: false }],
    ['VERIFY_CA', { rejectUnauthorized: true, verifyIdentity: false }],
    ['VERIFY_IDENTITY', { rejectUnauthorized: true, verifyIdentity: true }],
  ])('maps ssl-mode %s', (mode, options) => {
    expect(mysqlTls(mode)).toEqual(options);
  });

  test('refuses an unknown ssl-mode', () => {
    expect(() => mysqlTls('SOMETIMES')).toThrow('unknown ssl-mode "SOMETIMES"; expected DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY');
  });
});
