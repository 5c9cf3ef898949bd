import { describe, expect, test } from 'vitest';
import { describeMysqlError, type MysqlFailureContext } from './errors.js';

const at: MysqlFailureContext = { label: 'db:3306 (10.0.0.5)', user: 'monitor', database: 'app', phase: 'auth' };

function mysqlError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeMysqlError', () => {
  test.each<[string, unknown, Partial<MysqlFailureContext>, string]>([
    [
      'names the user whose password failed',
      mysqlError('ER_ACCESS_DENIED_ERROR', "Access denied for user 'monitor'@'10.0.0.9' (using password: YES)"),
      {},
      'authentication failed for user "monitor" on db:3306 (10.0.0.5)',
    ],
    [
      'says when no password was sent',
      mysqlError('ER_ACCESS_DENIED_ERROR', "Access denied for user 'monitor'@'10.0.0.9' (using password: NO)"),
      {},
      'authentication failed for user "monitor" on db:3306 (10.0.0.5) (the URL has no password)',
    ],
    [
      'names the database that does not exist',
      mysqlError('ER_BAD_DB_ERROR', "Unknown database 'app'"),
      {},
      'database "app" does not exist on db:3306 (10.0.0.5)',
    ],
    [
      'names a database the user may not use',
      mysqlError('ER_DBACCESS_DENIED_ERROR', "Access denied for user 'monitor'@'%' to database 'app'"),
      {},
      'user "monitor" may not use database "app" on db:3306 (10.0.0.5)',
    ],
    [
      'keeps the server wording for a host it refuses',
      mysqlError('ER_HOST_NOT_PRIVILEGED', "Host '10.0.0.9' is not allowed to connect to this MariaDB server"),
      {},
      "Host '10.0.0.9' is not allowed to connect to this MariaDB server (db:3306 (10.0.0.5))",
    ],
    [
      'keeps the server wording for too many connections',
      mysqlError('ER_CON_COUNT_ERROR', 'Too many connections'),
      {},
      'Too many connections (db:3306 (10.0.0.5))',
    ],
    [
      'says the server has no TLS',
      mysqlError('HANDSHAKE_NO_SSL_SUPPORT', 'Server does not support secure connection'),
      {},
      'db:3306 (10.0.0.5) does not support TLS, but the URL asks for it (ssl-mode)',
    ],
    [
      'names a failed query and its code',
      mysqlError('ER_NO_SUCH_TABLE', "Table 'app.jobs' doesn't exist"),
      { phase: 'query' },
      "query failed on db:3306 (10.0.0.5): Table 'app.jobs' doesn't exist (ER_NO_SUCH_TABLE)",
    ],
    ['says who refused the connection', mysqlError('ECONNREFUSED', 'connect ECONNREFUSED'), { phase: 'connect' }, 'connection refused by db:3306 (10.0.0.5)'],
    [
      'says the server hung up',
      mysqlError('PROTOCOL_CONNECTION_LOST', 'Connection lost: The server closed the connection.'),
      {},
      'db:3306 (10.0.0.5) closed the connection',
    ],
    ['names the phase of anything else', new Error('odd'), {}, 'logging in to db:3306 (10.0.0.5) failed: odd'],
  ])('%s', (_name, error, change, message) => {
    expect(describeMysqlError(error, { ...at, ...change })).toBe(message);
  });
});
