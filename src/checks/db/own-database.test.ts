import { describe, expect, test } from 'vitest';
import { isOwnDatabase, namesOwnDatabase, ownDatabaseOf } from './own-database.js';
import { parseDbUrl } from './url.js';

const own = ownDatabaseOf('postgres://tocsin:secret@DB.internal:5433/tocsin', '7715515398287366255')!;
const at = (host: string, ip: string, port = 5433) => ({ host, ip, port, label: `${host}:${port}` });

describe('ownDatabaseOf', () => {
  test('describes a PostgreSQL store, without its password', () => {
    expect(own).toEqual({ host: 'db.internal', port: 5433, database: 'tocsin', systemIdentifier: '7715515398287366255' });
  });

  test('has nothing to protect from SQL probes when the store is SQLite', () => {
    expect(ownDatabaseOf('sqlite:./data/tocsin.db')).toBeUndefined();
  });

  test('reads a store reached over a Unix socket, which has no host', () => {
    expect(ownDatabaseOf('postgres:///tocsin?host=/run/postgresql', '42')).toEqual({ host: '', port: 5432, database: 'tocsin', systemIdentifier: '42' });
  });

  test('names the database after the user when the URL has none, as libpq does', () => {
    expect(ownDatabaseOf('postgres://tocsin@db')).toMatchObject({ port: 5432, database: 'tocsin' });
  });
});

describe('namesOwnDatabase', () => {
  test.each([
    ['the same URL in another case', 'postgres://monitor@db.INTERNAL:5433/tocsin', at('db.INTERNAL', '10.0.0.5'), true],
    [
      "the server's address when the store is written by name (caught once connected)",
      'postgres://monitor@10.0.0.5:5433/tocsin',
      { ...at('10.0.0.5', '10.0.0.5'), host: '10.0.0.5' },
      false,
    ],
    ['another database on the same server', 'postgres://monitor@db.internal:5433/app', at('db.internal', '10.0.0.5'), false],
    ['another port', 'postgres://monitor@db.internal:5432/tocsin', at('db.internal', '10.0.0.5', 5432), false],
  ])('%s: %s', (_what, url, endpoint, refused) => {
    expect(namesOwnDatabase(own, parseDbUrl(url, 5432), endpoint)).toBe(refused);
  });

  test('matches by the resolved address when the store is written as an address', () => {
    const byIp = ownDatabaseOf('postgres://tocsin@127.0.0.1:5432/tocsin');
    expect(namesOwnDatabase(byIp, parseDbUrl('postgres://x@localhost/tocsin', 5432), at('localhost', '127.0.0.1', 5432))).toBe(true);
  });
});

describe('isOwnDatabase', () => {
  test.each([
    ['the same server and database', { database: 'tocsin', systemIdentifier: '7715515398287366255' }, true],
    ['another database of the same server', { database: 'app', systemIdentifier: '7715515398287366255' }, false],
    ['a database of the same name on another server', { database: 'tocsin', systemIdentifier: '1' }, false],
    ['a server whose identity could not be read', { database: 'tocsin', systemIdentifier: null }, false],
  ])('%s', (_what, seen, refused) => {
    expect(isOwnDatabase(own, seen)).toBe(refused);
  });
});
