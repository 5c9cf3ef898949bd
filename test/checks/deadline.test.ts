import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mysqlCheck } from '../../src/checks/mysql/check.js';
import { mysqlSettings } from '../../src/checks/mysql/schema.js';
import { postgresCheck } from '../../src/checks/postgres/check.js';
import { postgresSettings } from '../../src/checks/postgres/schema.js';
import { redisCheck } from '../../src/checks/redis/check.js';
import { redisSettings } from '../../src/checks/redis/schema.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';

/**
 * The three probes under the real runner, against a server that accepts and
 * never answers: the Jenkins database failure. The result names the phase,
 * and the probe leaves no socket behind.
 */
describe('database probes under the runner deadline', () => {
  let silent: TestListener;
  beforeAll(async () => {
    silent = await startSilentListener();
  });
  afterAll(() => silent.close());

  test.each([
    [
      'postgres',
      'authenticating to',
      () => postgresCheck.run.bind(postgresCheck, postgresSettings.parse({ url: `postgres://postgres@127.0.0.1:${silent.port}/test` })),
    ],
    ['mysql', 'authenticating to', () => mysqlCheck.run.bind(mysqlCheck, mysqlSettings.parse({ url: `mysql://root@127.0.0.1:${silent.port}/test` }))],
    ['redis', 'running the query on', () => redisCheck.run.bind(redisCheck, redisSettings.parse({ url: `redis://127.0.0.1:${silent.port}` }))],
  ])('%s is reported down while %s the silent server, and closes its socket', async (_type, words, probe) => {
    const started = performance.now();
    const result = await runWithDeadline(probe(), 300);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.status).toBe('down');
    expect(result.message).toBe(`timed out after 300 ms while ${words} 127.0.0.1:${silent.port}`);
    await silent.allClosed();
  });
});
