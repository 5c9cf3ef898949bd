import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresCheck } from '../../src/checks/postgres/check.js';
import { postgresSettings } from '../../src/checks/postgres/schema.js';
import { closedPort } from '../helpers/tcp-servers.js';
import { testContext } from '../helpers/check-context.js';
import { createPgRole, type PgRole } from './pg-role.js';
import { givesUpOnASilentPeer } from './silent-peer.js';

/** Against the real PostgreSQL on 127.0.0.1:5432 (database test), as a role that may only read: probes refuse superusers. */
let role: PgRole;
let base: string;
beforeAll(async () => {
  role = await createPgRole('GRANT pg_monitor TO {role}');
  base = role.url;
});
afterAll(() => role.drop());

function run(settings: Record<string, unknown>, timeoutMs = 10_000) {
  const { ctx } = testContext(timeoutMs);
  return postgresCheck.run(postgresSettings.parse(settings), ctx);
}

describe('postgres check', () => {
  test('answers up for the default query with the value and the time', async () => {
    const result = await run({ url: base });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^SELECT 1 returned 1 in \d+ ms on 127\.0\.0\.1:5432$/);
    expect(result.metrics).toEqual({ value: 1 });
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['connect', 'auth', 'query', 'total']));
  });

  test('passes when the value meets the expectation', async () => {
    const result = await run({ url: base, query: 'SELECT 150::bigint', expect: { min_value: 100, max_value: 180 } });
    expect(result).toMatchObject({ status: 'up', metrics: { value: 150 } });
  });

  test('fails when the value is above max_value and says by how much', async () => {
    const result = await run({ url: base, query: 'SELECT 193', expect: { max_value: 180 } });
    expect(result.status).toBe('down');
    expect(result.message).toBe('query returned 193, above max_value 180 on 127.0.0.1:5432');
  });

  test('names a database that does not exist', async () => {
    const result = await run({ url: 'postgres://postgres@127.0.0.1:5432/tocsin_no_such_db' });
    expect(result.status).toBe('down');
    expect(result.message).toBe('database "tocsin_no_such_db" does not exist on 127.0.0.1:5432');
  });

  test('names a role that does not exist and keeps its password out of the message', async () => {
    const result = await run({ url: 'postgres://tocsin_no_such_role:hunter2@127.0.0.1:5432/test' });
    expect(result.status).toBe('down');
    expect(result.message).toBe('role "tocsin_no_such_role" does not exist on 127.0.0.1:5432');
  });

  test('names the failing query', async () => {
    const result = await run({ url: base, query: 'SELECT * FROM tocsin_no_such_table' });
    expect(result.message).toBe('query failed on 127.0.0.1:5432: relation "tocsin_no_such_table" does not exist (SQLSTATE 42P01)');
  });

  test('calls a primary degraded when a replication lag limit is set', async () => {
    const result = await run({ url: base, max_replication_lag: '30s' });
    expect(result.status).toBe('degraded');
    expect(result.message).toBe('127.0.0.1:5432 is not a replica, but max_replication_lag 30s is set');
  });

  test('resolves localhost without dns.lookup and labels the address', async () => {
    const result = await run({ url: base.replace('127.0.0.1', 'localhost') });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/on localhost:5432 \((127\.0\.0\.1|::1)\)$/);
  });

  test('says who refused a connection to a closed port', async () => {
    const port = await closedPort();
    const result = await run({ url: `postgres://postgres@127.0.0.1:${port}/test` });
    expect(result).toMatchObject({ status: 'down', message: `connection refused by 127.0.0.1:${port}` });
  });

  givesUpOnASilentPeer('auth', 'while authenticating to', (port, ctx) =>
    postgresCheck.run(postgresSettings.parse({ url: `postgres://postgres@127.0.0.1:${port}/test` }), ctx),
  );
});
