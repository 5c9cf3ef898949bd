/**
 * Heartbeat deadlines live in the store (heartbeat_state.alert_after, indexed) and a timer heap
 * keyed on them: a heartbeat goes down the moment its deadline passes, a restart reads the state
 * back with no replay, and a ping another instance received counts. On SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HeartbeatEvaluator } from '../../src/engine/heartbeats.js';
import type { RecordedResult } from '../../src/engine/engine.js';
import { VirtualTimers } from '../../src/engine/virtual-timers.js';
import { silentLogger, type Logger } from '../../src/lib/logger.js';
import type { MonitorConfig } from '../../src/schema/config.js';
import { loadHeartbeatStates, overdueHeartbeats, saveHeartbeatState } from '../../src/store/heartbeat-state.js';
import type { Db } from '../../src/store/schema.js';
import { heartbeat, T0 } from './fixture.js';
import { DIALECTS, openTestStore, type TestStore } from './stores.js';

const MIN = 60_000;
const backup = () => heartbeat('backup', { period: '1h', grace: '5m' });

interface Instance {
  evaluator: HeartbeatEvaluator;
  results: RecordedResult[];
}

async function instance(db: Db, timers: VirtualTimers, monitors: MonitorConfig[], logger: Logger = silentLogger()): Promise<Instance> {
  const results: RecordedResult[] = [];
  const evaluator = new HeartbeatEvaluator({
    db,
    clock: timers,
    logger,
    startedAt: T0,
    record: (r) => results.push(r),
    retention: () => 14 * 86_400_000,
  });
  await evaluator.setMonitors(monitors);
  timers.waitFor(() => evaluator.settled());
  evaluator.start();
  return { evaluator, results };
}

const ping = (i: Instance) => i.evaluator.receive('backup', { kind: 'success', method: 'GET' });
/** Each change of status with when it was recorded (the once-a-minute records in between left out). */
const changes = (i: Instance) =>
  i.results.filter((r, n) => n === 0 || i.results[n - 1]!.result.status !== r.result.status).map((r) => `${new Date(r.at).toISOString()} ${r.result.status}`);

describe.each(DIALECTS)('heartbeat deadlines on %s', (dialect) => {
  let t: TestStore;
  const running: Instance[] = [];
  afterEach(async () => {
    for (const i of running.splice(0)) i.evaluator.stop();
    await t.drop();
  });
  const start = async (timers: VirtualTimers, monitors = [backup()], logger?: Logger) => {
    const i = await instance(t.store.db, timers, monitors, logger);
    running.push(i);
    return i;
  };

  it('stores last ping + period + grace as the deadline on each ping, found by the indexed query once passed', async () => {
    t = await openTestStore(dialect, 'hbdl');
    const timers = new VirtualTimers(T0);
    const a = await start(timers);
    await ping(a);
    await a.evaluator.settled();
    const { states } = await loadHeartbeatStates(t.store.db, ['backup']);
    expect(states.get('backup')!.alertAfter).toBe(T0 + 65 * MIN + 1);
    expect(await overdueHeartbeats(t.store.db, T0 + 65 * MIN)).toEqual([]);
    expect(await overdueHeartbeats(t.store.db, T0 + 65 * MIN + 1)).toEqual(['backup']);
  });

  it('goes down the millisecond its deadline passes, with no extra period, and clears the deadline', async () => {
    t = await openTestStore(dialect, 'hbdl');
    const timers = new VirtualTimers(T0);
    const a = await start(timers);
    await ping(a);
    await timers.advanceTo(T0 + 65 * MIN);
    expect(changes(a)).toEqual(['2026-11-20T01:00:00.000Z up']);
    await timers.advanceTo(T0 + 65 * MIN + 1);
    expect(changes(a)).toEqual(['2026-11-20T01:00:00.000Z up', '2026-11-20T02:05:00.001Z down']);
    await a.evaluator.settled();
    const { states } = await loadHeartbeatStates(t.store.db, ['backup']);
    expect(states.get('backup')!.alertAfter).toBeNull();
  });

  it('picks the deadline up from the store after a restart, with no replay of pings', async () => {
    t = await openTestStore(dialect, 'hbdl');
    const timers = new VirtualTimers(T0);
    const a = await start(timers);
    await ping(a);
    await a.evaluator.settled();
    a.evaluator.stop();
    // The pings are gone: only the stored state can tell the restarted evaluator when the job last ran.
    await t.store.db.deleteFrom('heartbeat_runs' as never).execute();
    const b = await start(timers);
    await timers.advanceTo(T0 + 65 * MIN + 1);
    expect(changes(b)).toEqual(['2026-11-20T01:00:00.000Z up', '2026-11-20T02:05:00.001Z down']);
    expect(b.results.at(-1)!.result.message).toBe('no ping since 2026-11-20T01:00:00Z; expected by 2026-11-20T02:00:00Z + grace 5m');
  });

  it('counts a ping another instance received before paging the deadline', async () => {
    t = await openTestStore(dialect, 'hbdl');
    const timers = new VirtualTimers(T0);
    const a = await start(timers);
    const b = await start(timers);
    await ping(a);
    await a.evaluator.settled();
    await timers.advanceTo(T0 + 30 * MIN);
    await ping(b);
    await b.evaluator.settled();
    await timers.advanceTo(T0 + 65 * MIN + 1);
    expect(a.results.map((r) => r.result.status)).not.toContain('down');
    expect(a.evaluator.nextCheckAt('backup')).toBeLessThanOrEqual(T0 + 95 * MIN + 1);
    await timers.advanceTo(T0 + 95 * MIN + 1);
    expect(a.results.at(-1)!.result.status).toBe('down');
  });

  it('reports a stored state that does not validate on its monitor only, and rebuilds it from the pings', async () => {
    t = await openTestStore(dialect, 'hbdl');
    const timers = new VirtualTimers(T0);
    const a = await start(timers);
    await ping(a);
    await a.evaluator.settled();
    a.evaluator.stop();
    await saveHeartbeatState(t.store.db, { monitorId: 'backup', runs: { open: 'garbage' } as never, alertAfter: 1, updatedAt: T0 });
    const logged: string[] = [];
    const logger = { ...silentLogger(), error: (_o: unknown, message?: string) => void logged.push(String(message)) } as Logger;
    const other = heartbeat('other', { period: '1h', grace: '5m' });
    const b = await start(timers, [backup(), other], logger);
    await timers.advance(1000);
    expect(logged).toEqual([
      'backup: stored heartbeat state is invalid at open: Invalid input: expected array, received string; rebuilding it from the stored pings',
    ]);
    expect(b.results.filter((r) => r.monitorId === 'backup').map((r) => r.result.message)).toEqual([
      'pinged 2026-11-20T01:00:00Z; next expected by 2026-11-20T02:00:00Z + grace 5m',
    ]);
  });

  it('keeps one timer for a thousand heartbeats, armed for the earliest deadline', async () => {
    t = await openTestStore(dialect, 'hbdl');
    const timers = new VirtualTimers(T0);
    const monitors = Array.from({ length: 1000 }, (_, n) => heartbeat(`hb${n}`, { period: `${n + 2}m`, grace: '1m' }));
    const a = await start(timers, monitors);
    await timers.advance(1);
    // The evaluator's deadlines share one timer; the other two are its store poll and hourly prune.
    expect(timers.size).toBe(3);
    expect(a.evaluator.nextCheckAt('hb0')).toBe(T0 + 3 * MIN + 1);
    expect(a.evaluator.nextCheckAt('hb999')).toBe(T0 + 1002 * MIN + 1);
  });

  it('clears the deadline of a heartbeat no longer configured, so stale rows never crowd the overdue query', async () => {
    t = await openTestStore(dialect, 'hbdl');
    const timers = new VirtualTimers(T0);
    await saveHeartbeatState(t.store.db, { monitorId: 'gone', runs: { open: [] }, alertAfter: T0 - MIN, updatedAt: T0 - 2 * MIN });
    const a = await start(timers);
    await timers.advance(5000);
    await a.evaluator.settled();
    expect(await overdueHeartbeats(t.store.db, T0 + 5000)).toEqual([]);
  });
});
