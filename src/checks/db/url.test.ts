import { describe, expect, test } from 'vitest';
import { parseDbUrl, redactSecrets, redactUrl } from './url.js';

describe('parseDbUrl', () => {
  test('splits a full URL and decodes the credentials', () => {
    const url = parseDbUrl('postgres://mon%40x:p%2Fss@db.internal:6543/app%20db?sslmode=require', 5432);
    expect(url).toMatchObject({ scheme: 'postgres', host: 'db.internal', port: 6543, user: 'mon@x', password: 'p/ss', database: 'app db' });
    expect(url.params.get('sslmode')).toBe('require');
  });

  test('uses the default port and leaves absent parts undefined', () => {
    expect(parseDbUrl('redis://cache', 6379)).toMatchObject({ host: 'cache', port: 6379, user: undefined, password: undefined, database: undefined });
  });

  test('unwraps IPv6 hosts', () => {
    expect(parseDbUrl('mysql://root@[::1]:3307/test', 3306)).toMatchObject({ host: '::1', port: 3307, database: 'test' });
  });

  test('refuses an unparsable URL without printing its password', () => {
    expect(() => parseDbUrl('postgres://u:hunter2@:bad:port', 5432)).toThrow(/^invalid URL postgres:\/\/u:\*\*\*@/);
    expect(() => parseDbUrl('postgres://u:hunter2@:bad:port', 5432)).not.toThrow(/hunter2/);
  });
});

describe('redaction', () => {
  test.each([
    ['postgres://u:hunter2@db/x', 'postgres://u:***@db/x'],
    ['redis://:hunter2@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['mysql://root@db/test', 'mysql://root@db/test'],
    ['postgres://db/x?user=u&password=hunter2&sslmode=require', 'postgres://db/x?user=u&password=***&sslmode=require'],
  ])('redactUrl masks the password in %s', (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });

  test('redactSecrets masks raw and URL-encoded secrets', () => {
    expect(redactSecrets('bad p@ss in p%40ss', ['p@ss', undefined])).toBe('bad *** in ***');
  });
});
