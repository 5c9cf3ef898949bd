/**
 * Anyone with a ping URL may post 100 kB logs as fast as the rate limit allows (5 a second, a
 * burst of 20): each heartbeat's logs stay within its budget, newest kept, and every run is still
 * recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LogBudget } from '../../src/store/heartbeat-log-budget.js';
import { keptLogBytes, recentHeartbeatRuns, type HeartbeatRun } from '../../src/store/heartbeats.js';
import { heartbeat, heartbeatFixture, type Fixture } from './fixture.js';

const U = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const LOG = 'x'.repeat(100_000);
const ROW: HeartbeatRun = {
  id: '',
  monitor_id: 'backup',
  rid: null,
  kind: 'log',
  at: 0,
  started_at: null,
  ended_at: null,
  duration_ms: null,
  exit_status: null,
  log: null,
  log_bytes: null,
  log_dropped_at: null,
  method: 'POST',
  remote_addr: null,
  user_agent: null,
};

let f: Fixture;
afterEach(async () => {
  await f.close();
});

/** 100 kB pings every 50 ms for `seconds` of the fixture's clock; returns how many were taken. */
async function flood(seconds: number): Promise<number> {
  let taken = 0;
  for (let t = 0; t < seconds * 1000; t += 50) {
    const r = await f.app.inject({ method: 'POST', url: `/ping/${U}`, payload: LOG, headers: { 'content-type': 'text/plain' } });
    if (r.statusCode === 200) taken++;
    f.clock.advance(50);
  }
  return taken;
}

describe('the log budget of a heartbeat', () => {
  it('keeps at most 2 MB of logs under a 30 s flood of 100 kB pings, and every run', async () => {
    f = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d' })]);
    const taken = await flood(30);
    expect(taken).toBeGreaterThan(150);
    expect(await keptLogBytes(f.store.db, 'backup')).toBe(2_000_000);
    const runs = await recentHeartbeatRuns(f.store.db, 'backup', 1000);
    expect(runs).toHaveLength(taken);
    const kept = runs.filter((r) => r.log !== null);
    // The newest 20 logs are kept; every older run is still there, its log dropped and the time noted.
    expect(kept).toEqual(runs.slice(-20));
    for (const run of runs.slice(0, -20)) expect(run).toMatchObject({ log: null, log_bytes: 100_000, log_dropped_at: expect.any(Number) });
  });

  it("follows the monitor's own log_budget, and keeps small logs whole", async () => {
    f = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d', log_budget: '250kB' })]);
    await flood(2);
    expect(await keptLogBytes(f.store.db, 'backup')).toBe(200_000);
    await f.app.inject({ method: 'POST', url: `/ping/${U}`, payload: 'done', headers: { 'content-type': 'text/plain' } });
    const [latest] = (await recentHeartbeatRuns(f.store.db, 'backup', 1)).reverse();
    expect(latest).toMatchObject({ log: 'done', log_bytes: 4 });
    expect(await keptLogBytes(f.store.db, 'backup')).toBe(200_004);
  });

  it('counts, after a restart, the logs an earlier process stored', async () => {
    f = await heartbeatFixture([]);
    const run = (n: number) => ({ ...ROW, id: `run-${n}`, at: n, log: LOG, log_bytes: LOG.length });
    const before = new LogBudget(f.store.db);
    for (let n = 1; n <= 3; n++) await before.store(run(n), 250_000);
    const after = new LogBudget(f.store.db);
    await after.store(run(4), 250_000);
    expect(await keptLogBytes(f.store.db, 'backup')).toBe(200_000);
    expect((await recentHeartbeatRuns(f.store.db, 'backup', 10)).map((r) => r.log !== null)).toEqual([false, false, true, true]);
  });

  it('recounts after old runs are pruned, so a pruned log does not cost a new one', async () => {
    f = await heartbeatFixture([heartbeat('backup', { uuid: U, period: '1d', log_budget: '250kB' })]);
    await flood(0.4);
    f.clock.advance(15 * 86_400_000);
    await f.evaluator.prune();
    for (let i = 0; i < 100 && (await recentHeartbeatRuns(f.store.db, 'backup', 10)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await f.app.inject({ method: 'POST', url: `/ping/${U}`, payload: LOG, headers: { 'content-type': 'text/plain' } });
    expect(await keptLogBytes(f.store.db, 'backup')).toBe(100_000);
  });
});
