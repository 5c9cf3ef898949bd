/** The ping API, case by case as the Healthchecks docs describe it (https://healthchecks.io/docs/http_api/). */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit.js';
import { recentHeartbeatRuns } from '../../src/store/heartbeats.js';
import { heartbeat, heartbeatFixture, T0, type Fixture } from './fixture.js';

const U = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const P = '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60';
const RID = '123e4567-e89b-12d3-a456-426614174000';
const RID2 = '223e4567-e89b-12d3-a456-426614174000';

let f: Fixture;
beforeEach(async () => {
  f = await heartbeatFixture([
    heartbeat('backup', { uuid: U, period: '1d' }),
    heartbeat('nightly', { schedule: '0 2 * * *', max_runtime: '30m' }),
    heartbeat('paused-job', { uuid: P, period: '1h' }, { paused: true }),
  ]);
});
afterEach(async () => {
  await f.close();
});

const get = (url: string, headers: Record<string, string> = {}) => f.app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: string | Buffer, contentType = 'text/plain') =>
  f.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
const runs = (id = 'backup') => recentHeartbeatRuns(f.store.db, id, 100);

describe('pinging by UUID', () => {
  it('answers a success with 200 OK in plain text and the Healthchecks headers', async () => {
    const r = await get(`/ping/${U}`, { 'user-agent': 'curl/7.88.1' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('OK');
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['ping-body-limit']).toBe('100000');
    expect(r.headers['cache-control']).toContain('no-cache');
    const [row] = await runs();
    expect(row).toMatchObject({ kind: 'success', method: 'GET', user_agent: 'curl/7.88.1', exit_status: null });
  });

  it('records the result at once, so the status is known without waiting for a tick', async () => {
    await get(`/ping/${U}`);
    expect(f.results).toHaveLength(1);
    expect(f.results[0]!.result).toMatchObject({ status: 'up', message: expect.stringMatching(/^pinged 2026-11-20T01:00:00Z/) });
  });

  it('accepts HEAD and records it', async () => {
    const r = await f.app.inject({ method: 'HEAD', url: `/ping/${U}` });
    expect(r.statusCode).toBe(200);
    expect(await runs()).toHaveLength(1);
  });

  it('keeps the body of a POST as the log', async () => {
    expect((await post(`/ping/${U}`, 'hello world')).statusCode).toBe(200);
    expect((await runs())[0]).toMatchObject({ method: 'POST', log: 'hello world' });
  });

  it('accepts any content type, as curl --data-raw sends a form', async () => {
    const r = await post(`/ping/${U}/fail`, 'certbot: renewal failed', 'application/x-www-form-urlencoded');
    expect(r.statusCode).toBe(200);
    expect((await runs())[0]).toMatchObject({ kind: 'fail', log: 'certbot: renewal failed' });
  });

  it('stores the first 100 kB of a larger body and still answers 200', async () => {
    const r = await post(`/ping/${U}`, 'a'.repeat(300_000));
    expect(r.statusCode).toBe(200);
    expect((await runs())[0]!.log).toHaveLength(100_000);
  });

  it('accepts a body that is not valid UTF-8', async () => {
    const r = await post(`/ping/${U}`, Buffer.from('Hello \xe9 World\u0000!', 'latin1'));
    expect(r.statusCode).toBe(200);
    expect((await runs())[0]!.log).toBe('Hello \ufffd World!');
  });

  it('answers 404 "not found" for an unknown or malformed UUID', async () => {
    for (const url of ['/ping/not-uuid', '/ping/07c2f54898504b27af5d6c9dc157ec02', '/ping/07c2f548-9850-4b27-af5d-6c9dc157ec02', '/ping/a/b/c/d']) {
      const r = await get(url);
      expect([url, r.statusCode, r.body]).toEqual([url, 404, 'not found']);
    }
  });

  it('signals a failure with /fail, which takes the monitor down at once', async () => {
    expect((await get(`/ping/${U}/fail`)).statusCode).toBe(200);
    expect(f.results.at(-1)!.result).toMatchObject({ status: 'down', message: expect.stringContaining('reported failure (/fail)') });
  });

  it('signals a start with /start without changing the last success', async () => {
    await get(`/ping/${U}/start`);
    expect((await runs())[0]).toMatchObject({ kind: 'start', started_at: f.clock.now() });
    expect(f.results.at(-1)!.result.message).toMatch(/^running since/);
  });

  it('reads exit status 0 as success and 1–255 as failure, and refuses more with 400', async () => {
    expect((await get(`/ping/${U}/0`)).statusCode).toBe(200);
    expect((await get(`/ping/${U}/123`)).statusCode).toBe(200);
    const r = await get(`/ping/${U}/256`);
    expect([r.statusCode, r.body]).toEqual([400, 'invalid url format']);
    expect((await runs()).map((row) => [row.kind, row.exit_status])).toEqual([
      ['success', 0],
      ['fail', 123],
    ]);
    expect(f.results.at(-1)!.result.message).toMatch(/failed with exit status 123/);
  });

  it('logs with /log without changing the status', async () => {
    await get(`/ping/${U}`);
    const before = f.results.length;
    expect((await post(`/ping/${U}/log`, 'step 2 of 5')).statusCode).toBe(200);
    expect((await runs()).at(-1)).toMatchObject({ kind: 'log', log: 'step 2 of 5' });
    expect(f.results).toHaveLength(before);
  });

  it('saves the run id and pairs overlapping runs by it', async () => {
    await get(`/ping/${U}/start?rid=${RID}`);
    f.clock.advance(1000);
    await get(`/ping/${U}/start?rid=${RID2}`);
    f.clock.advance(5000);
    await get(`/ping/${U}?rid=${RID}`);
    const finish = (await runs()).at(-1)!;
    expect(finish).toMatchObject({ kind: 'success', rid: RID, duration_ms: 6000 });
  });

  it('refuses a run id that is not a canonical UUID with 400', async () => {
    for (const rid of ['12345', '684e2e73-017e-465f-8149-d70b7c5aaa490']) {
      const r = await get(`/ping/${U}/start?rid=${rid}`);
      expect([r.statusCode, r.body]).toEqual([400, 'invalid uuid format']);
    }
    expect(await runs()).toHaveLength(0);
  });

  it('accepts and records pings for a paused monitor without judging it', async () => {
    expect((await get(`/ping/${P}/fail`)).statusCode).toBe(200);
    expect(await runs('paused-job')).toHaveLength(1);
    expect(f.results).toHaveLength(0);
  });

  it('answers 429 with a clear body when one check is pinged faster than the limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push((await get(`/ping/${U}/log`)).statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(20);
    const r = await get(`/ping/${U}/log`);
    expect([r.statusCode, r.body]).toEqual([429, 'rate limited: more than 5 pings a second to this check; slow down']);
    expect(r.headers['retry-after']).toBe('1');
    f.clock.advance(1000);
    expect((await get(`/ping/${U}`)).statusCode).toBe(200);
  });
});

describe('pinging by ping key and monitor id', () => {
  it('works for success, start, fail and exit statuses', async () => {
    for (const suffix of ['', '/start', '/fail', '/0', '/7']) {
      const r = await get(`/ping/key-12345678/nightly${suffix}`);
      expect([suffix, r.statusCode, r.body]).toEqual([suffix, 200, 'OK']);
    }
    expect((await runs('nightly')).map((row) => row.kind)).toEqual(['success', 'start', 'fail', 'success', 'fail']);
  });

  it('answers 404 for a wrong ping key, or when no ping key is configured', async () => {
    expect((await get('/ping/key-00000000/nightly')).statusCode).toBe(404);
    f.options.pingKey = undefined;
    expect((await get('/ping/key-12345678/nightly')).statusCode).toBe(404);
  });

  it('answers 404 for a monitor id that is not a heartbeat', async () => {
    const r = await get('/ping/key-12345678/nothing-here');
    expect([r.statusCode, r.body]).toEqual([404, 'not found']);
  });

  it('answers 400 for an uppercase monitor id and 404 for one Healthchecks would not route', async () => {
    const upper = await get('/ping/key-12345678/Nightly');
    expect([upper.statusCode, upper.body]).toEqual([400, 'invalid url format']);
    for (const slug of ['night.ly', 'night%20ly', '-nightly']) {
      const r = await get(`/ping/key-12345678/${slug}`);
      expect([slug, r.statusCode, r.body]).toEqual([slug, 404, 'not found']);
    }
  });

  it('does not auto-provision unless the server allows it', async () => {
    expect((await get('/ping/key-12345678/srv01?create=1')).statusCode).toBe(404);
    expect(f.evaluator.findById('srv01')).toBeUndefined();
  });

  it('auto-provisions a heartbeat with ?create=1 when allowed: 201 Created, then 200', async () => {
    f.options.autoCreate = true;
    const r = await get('/ping/key-12345678/srv01?create=1');
    expect([r.statusCode, r.body]).toEqual([201, 'Created']);
    expect((await get('/ping/key-12345678/srv01?create=1')).statusCode).toBe(200);
    expect(await runs('srv01')).toHaveLength(2);
    const row = await f.store.db.selectFrom('monitors').selectAll().where('id', '=', 'srv01').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ type: 'heartbeat', source: 'api' });
    expect(JSON.parse(row.definition).settings).toEqual({ period: 86_400_000, tz: 'UTC', grace: 3_600_000 });
  });

  it('creates through the monitors API verb: one audit row, by the ping key, as an API create', async () => {
    f.options.autoCreate = true;
    expect((await get('/ping/key-12345678/srv02?create=1')).statusCode).toBe(201);
    expect((await get('/ping/key-12345678/srv02?create=1')).statusCode).toBe(200);
    const audit = await listAudit(f.store.db, { limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'monitor.create', target: 'srv02', actor: { kind: 'token', label: 'ping key (server.ping_key)' } });
    expect(audit[0]!.after).toMatchObject({ id: 'srv02', type: 'heartbeat', tags: ['auto-provisioned'] });
  });

  it('restores a deleted monitor of the same id as a heartbeat, as an API create does', async () => {
    f.options.autoCreate = true;
    await get('/ping/key-12345678/srv03?create=1');
    await f.store.db.updateTable('monitors').set({ deleted_at: T0 }).where('id', '=', 'srv03').execute();
    await f.evaluator.setMonitors([]);
    expect((await get('/ping/key-12345678/srv03?create=1')).statusCode).toBe(201);
    const row = await f.store.db.selectFrom('monitors').selectAll().where('id', '=', 'srv03').executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeNull();
  });

  it('creates no more than server.ping_auto_create_limit monitors, even when the pings race', async () => {
    const logs: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => void (logs.push(String(chunk)), done()) }));
    const capped = await heartbeatFixture([], {}, logger);
    try {
      Object.assign(capped.options, { autoCreate: true, autoCreateLimit: 3 });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => capped.app.inject({ method: 'GET', url: `/ping/key-12345678/job-${i}?create=1` })),
      );
      expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(3);
      const refused = answers.filter((r) => r.statusCode === 403);
      expect(refused).toHaveLength(17);
      expect(refused[0]!.body).toMatch(
        /^forbidden: pings already created 3 heartbeat monitors, the limit \(server\.ping_auto_create_limit\); "job-\d+" was not created$/,
      );
      const stored = await capped.store.db.selectFrom('monitors').select('id').execute();
      expect(stored).toHaveLength(3);
      expect(logs.filter((l) => l.includes('the limit (server.ping_auto_create_limit)'))).toHaveLength(1);
      // A monitor already created still takes its pings.
      const first = answers.findIndex((r) => r.statusCode === 201);
      expect((await capped.app.inject({ method: 'GET', url: `/ping/key-12345678/job-${first}?create=1` })).statusCode).toBe(200);
    } finally {
      await capped.close();
    }
  });

  it('answers 409 when ?create=1 names a monitor of another type', async () => {
    f.options.autoCreate = true;
    await f.store.db
      .insertInto('monitors')
      .values({ id: 'web', type: 'http', name: 'web', source: 'config', definition: '{}', created_at: 1, updated_at: 1, deleted_at: null })
      .execute();
    expect((await get('/ping/key-12345678/web?create=1')).statusCode).toBe(409);
  });
});
