import { afterEach, describe, expect, it } from 'vitest';
import { HeartbeatEvaluator } from '../../src/engine/heartbeats.js';
import type { RecordedResult } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/lib/logger.js';
import { heartbeat, heartbeatFixture, T0, type Fixture } from './fixture.js';

const U = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const MIN = 60_000;

let f: Fixture;
afterEach(async () => {
  await f.close();
});

const ping = (suffix = '') => f.app.inject({ method: 'GET', url: `/ping/${U}${suffix}` });
const messages = () => f.results.map((r) => `${r.result.status}: ${r.result.message}`);

describe('the heartbeat evaluator', () => {
  it('says nothing about a new heartbeat until its first due time, then reports it late', async () => {
    f = await heartbeatFixture([heartbeat('nightly', { uuid: U, schedule: '0 2 * * *', grace: '1h' })]);
    f.clock.set(Date.parse('2026-11-20T03:00:00Z'));
    await f.evaluator.tick();
    expect(f.results).toHaveLength(0);
    f.clock.set(Date.parse('2026-11-20T03:00:01Z'));
    await f.evaluator.tick();
    expect(messages()).toEqual(['down: no ping since monitoring began at 2026-11-20T01:00:00Z; expected by 2026-11-20T02:00:00Z + grace 1h']);
  });

  it('takes a job that starts and never finishes down at max_runtime', async () => {
    f = await heartbeatFixture([heartbeat('renew', { uuid: U, period: '1d', max_runtime: '30m' })]);
    await ping('/start');
    f.clock.advance(30 * MIN);
    await f.evaluator.tick();
    expect(f.results.at(-1)!.result.status).toBe('up');
    f.clock.advance(1000);
    await f.evaluator.tick();
    expect(messages().at(-1)).toBe('down: started 2026-11-20T01:00:00Z and has not finished after 30m (max_runtime)');
  });

  it('records when the status or message changes, and otherwise once per interval', async () => {
    f = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d' })]);
    await ping();
    f.clock.advance(10_000);
    await f.evaluator.tick();
    expect(f.results).toHaveLength(1);
    f.clock.advance(50_000);
    await f.evaluator.tick();
    expect(f.results).toHaveLength(2);
    expect(f.results[1]!.result.message).toBe(f.results[0]!.result.message);
  });

  it('keeps what it knows about a heartbeat across a config reload', async () => {
    f = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d' })]);
    await ping('/fail');
    await f.evaluator.setMonitors([heartbeat('backup', { uuid: U, period: '1d' })]);
    f.clock.advance(MIN);
    await f.evaluator.tick();
    expect(f.results.at(-1)!.result).toMatchObject({ status: 'down', message: expect.stringMatching(/reported failure/) });
  });

  it('replays stored pings after a restart', async () => {
    f = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d' })]);
    await ping('/start');
    f.clock.advance(1000);
    await ping('/3');
    const results: RecordedResult[] = [];
    const restarted = new HeartbeatEvaluator({
      db: f.store.db,
      clock: f.clock,
      logger: silentLogger(),
      startedAt: f.clock.now() + MIN,
      record: (r) => results.push(r),
      retention: () => 86_400_000,
    });
    await restarted.setMonitors([heartbeat('backup', { uuid: U, period: '1d' })]);
    f.clock.advance(2 * MIN);
    await restarted.tick();
    expect(results.map((r) => r.result.message)).toEqual(['the job failed with exit status 3 at 2026-11-20T01:00:01Z after 1 s']);
  });

  it('gives every job its grace again after tocsin itself was down, instead of a storm of alerts', async () => {
    f = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1h', grace: '10m' })]);
    await ping();
    const results: RecordedResult[] = [];
    const restartAt = T0 + 5 * 60 * MIN;
    f.clock.set(restartAt);
    const restarted = new HeartbeatEvaluator({
      db: f.store.db,
      clock: f.clock,
      logger: silentLogger(),
      startedAt: restartAt,
      record: (r) => results.push(r),
      retention: () => 86_400_000,
    });
    await restarted.setMonitors([heartbeat('backup', { uuid: U, period: '1h', grace: '10m' })]);
    await restarted.tick();
    expect(results).toHaveLength(0);
    f.clock.set(restartAt + 70 * MIN + 1);
    await restarted.tick();
    expect(results.map((r) => r.result.status)).toEqual(['down']);
  });
});
