import { describe, expect, test } from 'vitest';
import { describePgError, type FailureContext } from './errors.js';
import { describeTransportError } from '../db/net-errors.js';

const at: FailureContext = { label: 'db:5432 (10.0.0.5)', user: 'monitor', phase: 'auth' };

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('describePgError', () => {
  test.each<[string, unknown, Partial<FailureContext>, string]>([
    [
      'names the user whose password failed',
      pgError('28P01', 'password authentication failed for user "monitor"'),
      {},
      'authentication failed for user "monitor" on db:5432 (10.0.0.5)',
    ],
    ['keeps the server wording for an unknown role', pgError('28000', 'role "x" does not exist'), {}, 'role "x" does not exist on db:5432 (10.0.0.5)'],
    [
      'keeps the server wording for an unknown database',
      pgError('3D000', 'database "nope" does not exist'),
      {},
      'database "nope" does not exist on db:5432 (10.0.0.5)',
    ],
    [
      'says when the server is starting up',
      pgError('57P03', 'the database system is starting up'),
      {},
      'the database system is starting up on db:5432 (10.0.0.5)',
    ],
    [
      'says a password is missing',
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      {},
      'db:5432 (10.0.0.5) asks for a password for user "monitor", and the URL has none',
    ],
    [
      'says the server has no TLS',
      new Error('The server does not support SSL connections'),
      { phase: 'tls' },
      'db:5432 (10.0.0.5) does not support TLS, but the URL asks for it (sslmode)',
    ],
    [
      'names a failed query and its SQLSTATE',
      pgError('42P01', 'relation "jobs" does not exist'),
      { phase: 'query' },
      'query failed on db:5432 (10.0.0.5): relation "jobs" does not exist (SQLSTATE 42P01)',
    ],
    ['says the server hung up', new Error('Connection terminated unexpectedly'), {}, 'db:5432 (10.0.0.5) closed the connection'],
    ['names the phase of anything else', new Error('odd'), { phase: 'connect' }, 'connecting to db:5432 (10.0.0.5) failed: odd'],
  ])('%s', (_name, error, change, message) => {
    expect(describePgError(error, { ...at, ...change })).toBe(message);
  });
});

describe('describeTransportError', () => {
  test.each<[string, unknown, string | undefined]>([
    ['ECONNREFUSED', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'connection refused by db:5432'],
    ['ECONNRESET', { code: 'ECONNRESET', message: 'read ECONNRESET' }, 'db:5432 reset the connection'],
    ['EHOSTUNREACH', { code: 'EHOSTUNREACH', message: 'x' }, 'no route to db:5432 (host unreachable)'],
    ['ENETUNREACH', { code: 'ENETUNREACH', message: 'x' }, 'network unreachable for db:5432'],
    ['a mysql2 lost connection', { code: 'PROTOCOL_CONNECTION_LOST', message: 'x' }, 'db:5432 closed the connection'],
    ['an expired certificate', { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, 'TLS with db:5432 failed: certificate has expired'],
    [
      'a wrong host name',
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" },
      "TLS with db:5432 failed: Hostname/IP does not match certificate's altnames",
    ],
    ['an ioredis closed connection', new Error('Connection is closed.'), 'db:5432 closed the connection'],
    ['a server error', { code: '28P01', message: 'password authentication failed' }, undefined],
    ['a string', 'boom', undefined],
  ])('words %s', (_name, error, message) => {
    expect(describeTransportError(error, 'db:5432')).toBe(message);
  });
});
