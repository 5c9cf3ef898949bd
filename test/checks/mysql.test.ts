import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mysqlCheck } from '../../src/checks/mysql/check.js';
import { mysqlSettings } from '../../src/checks/mysql/schema.js';
import { createMysqlUser, type MysqlUser } from './mysql-user.js';
import { closedPort } from '../helpers/tcp-servers.js';
import { testContext } from '../helpers/check-context.js';
import { givesUpOnASilentPeer } from './silent-peer.js';

/** Against the real MariaDB on 127.0.0.1:3306 (database test), as an account that may only read: probes refuse root. */
let reader: MysqlUser;
let base: string;
beforeAll(async () => {
  reader = await createMysqlUser(`GRANT SLAVE MONITOR ON *.* TO ?@'%'`);
  base = `mysql://${reader.name}:${reader.password}@127.0.0.1:3306/test`;
});
afterAll(() => reader.drop());

function run(settings: Record<string, unknown>, timeoutMs = 10_000) {
  const { ctx } = testContext(timeoutMs);
  return mysqlCheck.run(mysqlSettings.parse(settings), ctx);
}

describe('mysql check', () => {
  test('answers up for the default query with the value and the time', async () => {
    const result = await run({ url: base });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^SELECT 1 returned 1 in \d+ ms on 127\.0\.0\.1:3306$/);
    expect(result.metrics).toEqual({ value: 1 });
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['connect', 'auth', 'query', 'total']));
  });

  test('passes when the value meets the expectation', async () => {
    const result = await run({ url: base.replace('mysql://', 'mariadb://').replace(':3306', ''), query: "SELECT 'ok'", expect: { equals: 'ok' } });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^SELECT 'ok' returned "ok" in \d+ ms/);
  });

  test('fails when the value is below min_value and says by how much', async () => {
    const result = await run({ url: base, query: 'SELECT COUNT(*) FROM information_schema.schemata WHERE 1 = 0', expect: { min_value: 1 } });
    expect(result).toMatchObject({ status: 'down', message: 'query returned 0, below min_value 1 on 127.0.0.1:3306', metrics: { value: 0 } });
  });

  test('names a database that does not exist', async () => {
    const result = await run({ url: 'mysql://root@127.0.0.1:3306/tocsin_no_such_db' });
    expect(result).toMatchObject({ status: 'down', message: 'database "tocsin_no_such_db" does not exist on 127.0.0.1:3306' });
  });

  test('names the failing query', async () => {
    const result = await run({ url: base, query: 'SELECT * FROM tocsin_no_such_table' });
    expect(result.message).toBe("query failed on 127.0.0.1:3306: Table 'test.tocsin_no_such_table' doesn't exist (ER_NO_SUCH_TABLE)");
  });

  test('calls a primary degraded when a replication lag limit is set', async () => {
    const result = await run({ url: base, max_replication_lag: '30s' });
    expect(result).toMatchObject({ status: 'degraded', message: '127.0.0.1:3306 is not a replica, but max_replication_lag 30s is set' });
  });

  test('says who refused a connection to a closed port', async () => {
    const port = await closedPort();
    const result = await run({ url: `mysql://root@127.0.0.1:${port}/test` });
    expect(result).toMatchObject({ status: 'down', message: `connection refused by 127.0.0.1:${port}` });
  });

  describe('with a user that has a password', () => {
    let user: MysqlUser;
    beforeAll(async () => {
      user = await createMysqlUser();
    });
    afterAll(() => user.drop());

    test('logs in with the right password', async () => {
      const result = await run({ url: `mysql://${user.name}:${user.password}@127.0.0.1/test` });
      expect(result.status).toBe('up');
    });

    test('names the user whose password was wrong, and never prints the password', async () => {
      const result = await run({ url: `mysql://${user.name}:wrong-${user.password}@127.0.0.1/test` });
      expect(result).toMatchObject({ status: 'down', message: `authentication failed for user "${user.name}" on 127.0.0.1:3306` });
    });

    test('says when the URL has no password', async () => {
      const result = await run({ url: `mysql://${user.name}@127.0.0.1/test` });
      expect(result.message).toBe(`authentication failed for user "${user.name}" on 127.0.0.1:3306 (the URL has no password)`);
    });

    test('cannot read the replication status without the privilege', async () => {
      const result = await run({ url: `mysql://${user.name}:${user.password}@127.0.0.1/test`, max_replication_lag: '30s' });
      expect(result).toMatchObject({ status: 'unknown' });
      expect(result.message).toMatch(/^could not read the replication status of 127\.0\.0\.1:3306: Access denied/);
      expect(result.message).not.toContain(user.password);
    });
  });

  givesUpOnASilentPeer('auth', 'while authenticating to', (port, ctx) =>
    mysqlCheck.run(mysqlSettings.parse({ url: `mysql://root@127.0.0.1:${port}/test` }), ctx),
  );
});
