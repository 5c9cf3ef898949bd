import { describe, expect, test } from 'vitest';
import { describeRedisError, isNeedlessAuth, type RedisFailureContext } from './errors.js';
import { parseInfo } from './info.js';
import { judgeRedis, type RedisObservation } from './judge.js';

const ok: RedisObservation = {
  target: '127.0.0.1:6379',
  elapsedMs: 2.6,
  pong: 'PONG',
  info: { connected_clients: '612', used_memory: '1048576', role: 'master' },
};

describe('judgeRedis', () => {
  test.each<[string, Partial<RedisObservation>, Parameters<typeof judgeRedis>[1], ReturnType<typeof judgeRedis>]>([
    ['answers up for PONG', {}, undefined, { status: 'up', message: 'PING answered PONG in 3 ms on 127.0.0.1:6379', metrics: {} }],
    [
      'passes a failure through as down',
      { failure: 'NOAUTH: redis requires a password on 127.0.0.1:6379' },
      undefined,
      { status: 'down', message: 'NOAUTH: redis requires a password on 127.0.0.1:6379' },
    ],
    [
      'fails a reply other than PONG',
      { pong: 'hello' },
      undefined,
      { status: 'down', message: 'redis on 127.0.0.1:6379 answered "hello" to PING, expected PONG' },
    ],
    [
      'lists fields within their limits',
      {},
      { connected_clients: { max: 1000 }, used_memory: { min: 1 } },
      {
        status: 'up',
        message: 'PING answered PONG in 3 ms on 127.0.0.1:6379; connected_clients 612, used_memory 1048576',
        metrics: { connected_clients: 612, used_memory: 1048576 },
      },
    ],
    [
      'fails a field above max',
      {},
      { connected_clients: { max: 500 } },
      { status: 'down', message: 'redis INFO connected_clients is 612, above max 500 on 127.0.0.1:6379', metrics: { connected_clients: 612 } },
    ],
    [
      'fails a field below min',
      {},
      { connected_clients: { min: 1000 } },
      { status: 'down', message: 'redis INFO connected_clients is 612, below min 1000 on 127.0.0.1:6379', metrics: { connected_clients: 612 } },
    ],
    [
      'cannot tell about a missing field',
      {},
      { evicted_keys: { max: 0 } },
      { status: 'unknown', message: 'redis INFO on 127.0.0.1:6379 has no field evicted_keys', metrics: {} },
    ],
    [
      'cannot compare a text field',
      {},
      { role: { max: 1 } },
      { status: 'unknown', message: 'redis INFO role is "master" on 127.0.0.1:6379, not a number to compare', metrics: {} },
    ],
  ])('%s', (_name, change, limits, verdict) => {
    expect(judgeRedis({ ...ok, ...change }, limits)).toEqual(verdict);
  });
});

describe('parseInfo', () => {
  test('reads fields across sections and keeps values with colons whole', () => {
    const text = '# Server\r\nredis_version:7.0.15\r\nexecutable:/usr/bin/redis-server\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=0\r\nweird:a:b\r\n';
    expect(parseInfo(text)).toEqual({ redis_version: '7.0.15', executable: '/usr/bin/redis-server', db0: 'keys=3,expires=0', weird: 'a:b' });
  });
});

describe('describeRedisError', () => {
  const at: RedisFailureContext = { label: 'cache:6379 (10.0.0.7)', user: undefined, db: 2, phase: 'auth' };
  test.each<[string, unknown, Partial<RedisFailureContext>, string]>([
    ['NOAUTH', new Error('NOAUTH Authentication required.'), { phase: 'query' }, 'NOAUTH: redis requires a password on cache:6379 (10.0.0.7)'],
    [
      'WRONGPASS for the default user',
      new Error('WRONGPASS invalid username-password pair or user is disabled.'),
      {},
      'WRONGPASS: redis rejected the password for user "default" on cache:6379 (10.0.0.7)',
    ],
    [
      'WRONGPASS for an ACL user',
      new Error('WRONGPASS invalid username-password pair or user is disabled.'),
      { user: 'monitor' },
      'WRONGPASS: redis rejected the password for user "monitor" on cache:6379 (10.0.0.7)',
    ],
    [
      'NOPERM',
      new Error("NOPERM this user has no permissions to run the 'info' command"),
      { user: 'monitor', phase: 'query' },
      'NOPERM: user "monitor" lacks a permission on cache:6379 (10.0.0.7): this user has no permissions to run the \'info\' command',
    ],
    [
      'LOADING',
      new Error('LOADING Redis is loading the dataset in memory'),
      { phase: 'query' },
      'redis on cache:6379 (10.0.0.7) is still loading its dataset into memory',
    ],
    ['a database out of range', new Error('ERR DB index is out of range'), {}, 'redis on cache:6379 (10.0.0.7) has no database 2'],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6379'), { code: 'ECONNREFUSED' }),
      { phase: 'connect' },
      'connection refused by cache:6379 (10.0.0.7)',
    ],
    [
      'anything else, quoted',
      new Error('MASTERDOWN Link with MASTER is down'),
      { phase: 'query' },
      'redis on cache:6379 (10.0.0.7) answered "MASTERDOWN Link with MASTER is down"',
    ],
  ])('words %s', (_name, error, change, message) => {
    expect(describeRedisError(error, { ...at, ...change })).toBe(message);
  });

  test('treats AUTH against a server without a password as harmless', () => {
    expect(
      isNeedlessAuth(new Error('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?')),
    ).toBe(true);
    expect(isNeedlessAuth(new Error('WRONGPASS invalid username-password pair'))).toBe(false);
  });
});
