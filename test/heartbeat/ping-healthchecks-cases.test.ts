/**
 * The cases of Healthchecks' own ping tests (hc/api/tests/test_ping.py, test_ping_by_slug.py) that
 * the other ping suites here did not cover yet: a long User-Agent, a start to a paused check, the
 * duration of a run without a run id, and the same answers by ping key and slug as by UUID.
 * Left out on purpose: X-Forwarded-For is read only from server.trusted_proxies, taking the last
 * untrusted hop rather than the first (see test/api/trusted-proxies.test.ts); duplicate slugs cannot
 * happen (monitor ids are unique); a check's "POST only" setting and confirmation links do not exist here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recentHeartbeatRuns } from '../../src/store/heartbeats.js';
import { heartbeat, heartbeatFixture, type Fixture } from './fixture.js';

const U = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function fixture(paused = false): Promise<{ fx: Fixture; resumed: string[] }> {
  const resumed: string[] = [];
  const fx = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d' }, { paused })], {
    resume: async (id) => {
      resumed.push(id);
      return true;
    },
  });
  f = fx;
  return { fx, resumed };
}

/** Oldest first. */
const runs = (fx: Fixture) => recentHeartbeatRuns(fx.store.db, 'backup', 10);

describe('pinging, as Healthchecks tests it', () => {
  it('keeps the first 200 characters of a longer User-Agent, and a 120-character one whole', async () => {
    const { fx } = await fixture();
    const browser = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/44.0.2403.89 Safari/537.36';
    const long = '01234567890'.repeat(30);
    for (const ua of [browser, long]) expect((await fx.app.inject({ method: 'GET', url: `/ping/${U}`, headers: { 'user-agent': ua } })).statusCode).toBe(200);
    const [oldest, newest] = await runs(fx);
    expect(oldest!.user_agent).toBe(browser);
    expect(newest!.user_agent).toBe(long.slice(0, 200));
  });

  it('does not resume a paused check on /start or /log, only on a success or a failure', async () => {
    const { fx, resumed } = await fixture(true);
    for (const suffix of ['/start', '/log']) expect((await fx.app.inject({ method: 'GET', url: `/ping/${U}${suffix}` })).statusCode).toBe(200);
    expect(resumed).toEqual([]);
    expect((await fx.app.inject({ method: 'GET', url: `/ping/${U}/fail` })).statusCode).toBe(200);
    expect(resumed).toEqual(['backup']);
  });

  it('times a run from its start to its success without a run id', async () => {
    const { fx } = await fixture();
    await fx.app.inject({ method: 'GET', url: `/ping/${U}/start` });
    fx.clock.advance(10_000);
    await fx.app.inject({ method: 'GET', url: `/ping/${U}` });
    expect((await runs(fx)).at(-1)).toMatchObject({ kind: 'success', duration_ms: 10_000 });
  });
});

describe('pinging by ping key and slug, as by UUID', () => {
  it('answers OK with the same headers, never cached, to GET, HEAD and a POST whose body is kept', async () => {
    const { fx } = await fixture();
    const url = '/ping/key-12345678/backup';
    for (const method of ['GET', 'HEAD'] as const) {
      const r = await fx.app.inject({ method, url });
      expect([method, r.statusCode, r.headers['access-control-allow-origin'], r.headers['cache-control']]).toEqual([method, 200, '*', 'no-cache']);
    }
    const posted = await fx.app.inject({ method: 'POST', url, payload: 'hello world', headers: { 'content-type': 'text/plain' } });
    expect([posted.statusCode, posted.body]).toEqual([200, 'OK']);
    expect((await runs(fx)).map((r) => [r.method, r.log])).toEqual([
      ['GET', null],
      ['HEAD', null],
      ['POST', 'hello world'],
    ]);
  });

  it('takes /log by slug without changing the status, and answers 404 "not found" for an unknown slug', async () => {
    const { fx } = await fixture();
    const r = await fx.app.inject({ method: 'POST', url: '/ping/key-12345678/backup/log', payload: 'halfway', headers: { 'content-type': 'text/plain' } });
    expect(r.statusCode).toBe(200);
    expect((await runs(fx))[0]).toMatchObject({ kind: 'log', log: 'halfway' });
    expect(fx.results).toHaveLength(0);
    const unknown = await fx.app.inject({ method: 'GET', url: '/ping/key-12345678/bar' });
    expect([unknown.statusCode, unknown.body]).toEqual([404, 'not found']);
  });
});
