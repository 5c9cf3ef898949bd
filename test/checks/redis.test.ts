import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { redisCheck } from '../../src/checks/redis/check.js';
import { redisSettings } from '../../src/checks/redis/schema.js';
import { startRedisWithPassword, type PrivateRedis } from './redis-server.js';
import { closedPort } from '../helpers/tcp-servers.js';
import { testContext } from '../helpers/check-context.js';
import { givesUpOnASilentPeer } from './silent-peer.js';

/** Against the real Redis on 127.0.0.1:6379, and a private one with a password. */
function run(settings: Record<string, unknown>, timeoutMs = 10_000) {
  const { ctx } = testContext(timeoutMs);
  return redisCheck.run(redisSettings.parse(settings), ctx);
}

describe('redis check', () => {
  test('answers up when PING answers PONG', async () => {
    const result = await run({ url: 'redis://127.0.0.1:6379' });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^PING answered PONG in \d+ ms on 127\.0\.0\.1:6379$/);
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['connect', 'auth', 'query', 'total']));
  });

  test('passes INFO fields within their limits and graphs them', async () => {
    const result = await run({ url: 'redis://localhost/0', info: { connected_clients: { min: 1, max: 100_000 }, used_memory: { min: 1 } } });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/; connected_clients \d+, used_memory \d+$/);
    expect(result.metrics?.connected_clients).toBeGreaterThanOrEqual(1);
  });

  test('fails an INFO field above its max and names the figure', async () => {
    const result = await run({ url: 'redis://127.0.0.1:6379', info: { connected_clients: { max: 0 } } });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^redis INFO connected_clients is \d+, above max 0 on 127\.0\.0\.1:6379$/);
  });

  test('cannot tell when an INFO field does not exist', async () => {
    const result = await run({ url: 'redis://127.0.0.1:6379', info: { tocsin_no_such_field: { max: 1 } } });
    expect(result).toMatchObject({ status: 'unknown', message: 'redis INFO on 127.0.0.1:6379 has no field tocsin_no_such_field' });
  });

  test('logs in when the URL carries a password the server does not need', async () => {
    const result = await run({ url: 'redis://:unneeded@127.0.0.1:6379/1' });
    expect(result.status).toBe('up');
  });

  test('names a database number the server does not have', async () => {
    const result = await run({ url: 'redis://127.0.0.1:6379/99999' });
    expect(result).toMatchObject({ status: 'down', message: 'redis on 127.0.0.1:6379 has no database 99999' });
  });

  test('says who refused a connection to a closed port', async () => {
    const port = await closedPort();
    const result = await run({ url: `redis://127.0.0.1:${port}` });
    expect(result).toMatchObject({ status: 'down', message: `connection refused by 127.0.0.1:${port}` });
  });

  describe('with a password', () => {
    let server: PrivateRedis;
    beforeAll(async () => {
      server = await startRedisWithPassword('secret');
    });
    afterAll(() => server.stop());

    test('logs in with the right password', async () => {
      const result = await run({ url: `redis://:secret@127.0.0.1:${server.port}` });
      expect(result.status).toBe('up');
    });

    test('says NOAUTH when the URL has no password', async () => {
      const result = await run({ url: `redis://127.0.0.1:${server.port}` });
      expect(result).toMatchObject({ status: 'down', message: `NOAUTH: redis requires a password on 127.0.0.1:${server.port}` });
    });

    test('says WRONGPASS for a wrong password and never prints it', async () => {
      const result = await run({ url: `redis://:hunter2@127.0.0.1:${server.port}` });
      expect(result).toMatchObject({ status: 'down', message: `WRONGPASS: redis rejected the password for user "default" on 127.0.0.1:${server.port}` });
      expect(result.message).not.toContain('hunter2');
    });
  });

  givesUpOnASilentPeer('query', 'while running the query on', (port, ctx) => redisCheck.run(redisSettings.parse({ url: `redis://127.0.0.1:${port}` }), ctx));
});
