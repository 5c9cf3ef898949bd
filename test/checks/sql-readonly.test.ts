/**
 * SQL probes observe and never act, against the real PostgreSQL and MariaDB on 127.0.0.1: writes are
 * refused by a read-only transaction, accounts that could act beyond it (superuser, server files,
 * FILE, SUPER) are refused before the query runs, and tocsin's own database is never queried.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OwnDatabase } from '../../src/checks/db/own-database.js';
import { mysqlCheck } from '../../src/checks/mysql/check.js';
import { mysqlSettings } from '../../src/checks/mysql/schema.js';
import { postgresCheck } from '../../src/checks/postgres/check.js';
import { postgresSettings } from '../../src/checks/postgres/schema.js';
import { testContext } from '../helpers/check-context.js';
import { admin as mysqlAdmin, createMysqlUser, type MysqlUser } from './mysql-user.js';
import { asAdmin, createPgRole, type PgRole } from './pg-role.js';

const table = `tocsin_probe_${randomBytes(4).toString('hex')}`;

function runPostgres(settings: Record<string, unknown>, ownDatabase?: OwnDatabase) {
  const { ctx } = testContext(10_000);
  return postgresCheck.run(postgresSettings.parse(settings), { ...ctx, ownDatabase });
}

function runMysql(settings: Record<string, unknown>) {
  const { ctx } = testContext(10_000);
  return mysqlCheck.run(mysqlSettings.parse(settings), ctx);
}

async function pgValue(sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await client.connect();
  try {
    return (await client.query<unknown[]>({ text: sql, rowMode: 'array' })).rows[0]?.[0];
  } finally {
    await client.end();
  }
}

describe('a postgres probe', () => {
  let writer: PgRole;
  let fileReader: PgRole;
  beforeAll(async () => {
    await asAdmin(`CREATE TABLE ${table} (role text)`, `INSERT INTO ${table} VALUES ('editor')`);
    writer = await createPgRole(`GRANT SELECT, UPDATE, INSERT ON ${table} TO {role}`, 'GRANT CREATE ON SCHEMA public TO {role}');
    fileReader = await createPgRole('GRANT pg_read_server_files TO {role}');
  });
  afterAll(async () => {
    await writer.drop();
    await fileReader.drop();
    await asAdmin(`DROP TABLE IF EXISTS ${table}`);
  });

  test('refuses an update with a clear message and changes nothing', async () => {
    const result = await runPostgres({ url: writer.url, query: `UPDATE ${table} SET role = 'admin' RETURNING role` });
    expect(result.status).toBe('down');
    expect(result.message).toBe(
      'refused on 127.0.0.1:5432: cannot execute UPDATE in a read-only transaction; a probe runs its query in a read-only transaction and changes nothing',
    );
    expect(await pgValue(`SELECT role FROM ${table}`)).toBe('editor');
  });

  test('runs exactly one statement, so a COMMIT cannot end the read-only transaction first', async () => {
    const result = await runPostgres({ url: writer.url, query: `COMMIT; UPDATE ${table} SET role = 'admin'` });
    expect(result.message).toBe('refused on 127.0.0.1:5432: the query holds several statements; a probe runs exactly one');
    expect(await pgValue(`SELECT role FROM ${table}`)).toBe('editor');
  });

  test('refuses DDL', async () => {
    const result = await runPostgres({ url: writer.url, query: `CREATE TABLE ${table}_x (a int)` });
    expect(result.message).toMatch(/^refused on 127\.0\.0\.1:5432: cannot execute CREATE TABLE in a read-only transaction/);
    expect(await pgValue(`SELECT to_regclass('${table}_x')::text`)).toBeNull();
  });

  test("runs in a read-only transaction whose statements end before the check's deadline", async () => {
    expect((await runPostgres({ url: writer.url, query: 'SHOW transaction_read_only', expect: { equals: 'on' } })).status).toBe('up');
    const timeout = await runPostgres({ url: writer.url, query: "SELECT current_setting('statement_timeout')" });
    const ms = Number(/"(\d+)ms"/.exec(timeout.message)?.[1]);
    expect(ms).toBeGreaterThan(5_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });

  test('refuses a superuser before its query runs, so pg_read_file and COPY … TO PROGRAM never do', async () => {
    for (const query of ["SELECT pg_read_file('/etc/hostname')", `COPY (SELECT 1) TO PROGRAM 'touch /tmp/${table}'`]) {
      const result = await runPostgres({ url: 'postgres://postgres@127.0.0.1:5432/test', query });
      expect(result).toMatchObject({ status: 'unknown' });
      expect(result.message).toMatch(/^refused: role "postgres" on 127\.0\.0\.1:5432 holds superuser, .*; a probe only reads/);
    }
    expect(await pgValue(`SELECT (pg_stat_file('/tmp/${table}', true)).size IS NOT NULL`)).toBe(false);
  });

  test('refuses a role granted pg_read_server_files', async () => {
    const result = await runPostgres({ url: fileReader.url, query: "SELECT pg_read_file('/etc/hostname')" });
    expect(result.message).toBe(
      `refused: role "${fileReader.name}" on 127.0.0.1:5432 holds pg_read_server_files; a probe only reads, so connect as a role without superuser, server-file or signal roles (pg_monitor is enough)`,
    );
  });

  test("leaves pg_read_file to the server's own refusal for a plain role", async () => {
    const result = await runPostgres({ url: writer.url, query: "SELECT pg_read_file('/etc/hostname')" });
    expect(result.message).toMatch(/^query failed on 127\.0\.0\.1:5432: permission denied for function pg_read_file \(SQLSTATE 42501\)$/);
  });

  describe("when tocsin's own store is this database", () => {
    let own: OwnDatabase;
    beforeAll(async () => {
      own = {
        host: 'localhost',
        port: 5432,
        database: 'test',
        systemIdentifier: String(await pgValue('SELECT system_identifier::text FROM pg_control_system()')),
      };
    });

    test('refuses the URL that names it, before connecting', async () => {
      const result = await runPostgres({ url: writer.url.replace('127.0.0.1', 'localhost'), query: `UPDATE ${table} SET role = 'admin' RETURNING role` }, own);
      expect(result).toMatchObject({ status: 'unknown' });
      expect(result.message).toMatch(/^refused: localhost:5432 \(.+\) is tocsin's own database \(database\.url\)/);
      expect(result.timings.auth).toBeUndefined();
      expect(await pgValue(`SELECT role FROM ${table}`)).toBe('editor');
    });

    test("refuses another spelling of it once connected, by the server's identity", async () => {
      const result = await runPostgres({ url: writer.url, query: `SELECT role FROM ${table}` }, own);
      expect(result.message).toBe("refused: 127.0.0.1:5432 is tocsin's own database (database.url); a probe may not read or change tocsin's store");
      expect(result.timings.auth).toBeGreaterThanOrEqual(0);
    });

    test('still probes another database on the same server', async () => {
      const result = await runPostgres({ url: writer.url.replace('/test', '/postgres'), query: 'SELECT 1' }, own);
      expect(result.status).toBe('up');
    });
  });
});

describe('a mysql probe', () => {
  let writer: MysqlUser;
  let fileReader: MysqlUser;
  const url = (user: MysqlUser) => `mysql://${user.name}:${user.password}@127.0.0.1:3306/test`;
  const rows = async (sql: string) => {
    let found: unknown[] = [];
    await mysqlAdmin(async (run) => (found = (await run(sql, [])) as unknown[]));
    return (found[0] as unknown[]).length;
  };

  beforeAll(async () => {
    await mysqlAdmin(async (run) => {
      await run(`CREATE TABLE test.${table} (role varchar(20))`, []);
      await run(`INSERT INTO test.${table} VALUES ('editor')`, []);
    });
    writer = await createMysqlUser(`GRANT ALL ON test.* TO ?@'%'`);
    fileReader = await createMysqlUser(`GRANT FILE ON *.* TO ?@'%'`);
  });
  afterAll(async () => {
    await writer.drop();
    await fileReader.drop();
    await mysqlAdmin((run) => run(`DROP TABLE IF EXISTS test.${table}, test.${table}_x`, []));
  });

  test('refuses an update with a clear message and changes nothing', async () => {
    const result = await runMysql({ url: url(writer), query: `UPDATE ${table} SET role = 'admin'` });
    expect(result.message).toBe(
      'refused on 127.0.0.1:3306: Cannot execute statement in a READ ONLY transaction; a probe runs its query in a read-only transaction and changes nothing',
    );
    expect(await rows(`SELECT 1 FROM test.${table} WHERE role = 'admin'`)).toBe(0);
  });

  test('refuses DDL, which would otherwise commit the transaction and run outside it', async () => {
    const result = await runMysql({ url: url(writer), query: `CREATE TABLE ${table}_x (a int)` });
    expect(result.message).toMatch(/^refused on 127\.0\.0\.1:3306: Cannot execute statement in a READ ONLY transaction/);
    expect(await rows(`SHOW TABLES FROM test LIKE '${table}_x'`)).toBe(0);
  });

  test('runs one statement at a time', async () => {
    const result = await runMysql({ url: url(writer), query: `SELECT 1; UPDATE ${table} SET role = 'admin'` });
    expect(result.message).toMatch(/^query failed on 127\.0\.0\.1:3306: You have an error in your SQL syntax/);
    expect(await rows(`SELECT 1 FROM test.${table} WHERE role = 'admin'`)).toBe(0);
  });

  test("bounds every statement by the check's deadline", async () => {
    const result = await runMysql({ url: url(writer), query: 'SELECT @@session.max_statement_time', expect: { min_value: 5, max_value: 10 } });
    expect(result.status).toBe('up');
  });

  test.each([
    [
      'root, which holds every privilege',
      () => 'mysql://root@127.0.0.1:3306/test',
      /^refused: user "root" on 127\.0\.0\.1:3306 holds ALL PRIVILEGES on \*\.\*; a probe only reads/,
    ],
    ['an account with FILE', () => url(fileReader), /^refused: user "tocsin_\w+" on 127\.0\.0\.1:3306 holds FILE on \*\.\*/],
  ])('refuses %s before LOAD_FILE can run', async (_who, target, message) => {
    const result = await runMysql({ url: target(), query: "SELECT LOAD_FILE('/etc/hostname')" });
    expect(result).toMatchObject({ status: 'unknown' });
    expect(result.message).toMatch(message);
  });
});
