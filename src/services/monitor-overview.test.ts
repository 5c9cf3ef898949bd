import { afterEach, describe, expect, it } from 'vitest';
import { initialState } from '../core/alert/index.js';
import { silentLogger } from '../lib/logger.js';
import { parseMonitor } from '../schema/config.js';
import { defaultsSchema } from '../schema/system.js';
import { upsertAlertStates } from '../store/alert-state.js';
import type { Instance } from '../store/instances.js';
import { migrate } from '../store/migrate.js';
import { openStore, type Store } from '../store/open.js';
import { upsertStates } from '../store/state.js';
import { judgeEngine, readOverview, statusExitCode, type MonitorOverview, type Overview } from './monitor-overview.js';
import { syncMonitors } from './sync-monitors.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

const instance = (over: Partial<Instance> = {}): Instance => ({
  name: 'mon1',
  pid: 1234,
  host: 'mon1',
  version: '0.1.0',
  startedAt: NOW - 3_600_000,
  heartbeatAt: NOW - 3_000,
  stoppedAt: null,
  checksCompleted: 100,
  monitorsScheduled: 2,
  lastResultAt: NOW - 1_000,
  health: [],
  ...over,
});

describe('judgeEngine', () => {
  it.each([
    ['no engine ever ran', [], 'free', 'never'],
    ['a fresh heartbeat from an engine holding the lock', [instance()], 'held', 'checking'],
    ['a fresh heartbeat left by an engine SIGKILLed a second ago: the lock is free', [instance()], 'free', 'gone'],
    ['a clean stop', [instance({ stoppedAt: NOW - 60_000, heartbeatAt: NOW - 60_000 })], 'free', 'stopped'],
    ['a lock it cannot probe and a heartbeat 31 s old', [instance({ heartbeatAt: NOW - 31_000 })], 'unknown', 'gone'],
    ['a lock it cannot probe and a heartbeat 29 s old', [instance({ heartbeatAt: NOW - 29_000 })], 'unknown', 'checking'],
    ['a held lock but no heartbeat for 31 s', [instance({ heartbeatAt: NOW - 31_000 })], 'held', 'not_checking'],
    ["a held lock and the previous run's stopped row: starting", [instance({ stoppedAt: NOW - 5_000 })], 'held', 'not_checking'],
  ] as const)('%s: %s', (_name, instances, lock, state) => {
    expect(judgeEngine(instances, NOW, lock).state).toBe(state);
  });

  it('says an engine whose checks stalled is not checking, in the words of its /healthz', () => {
    const detail = 'no check has completed for 45 s; 2 monitors are due at least every 2.0 s';
    expect(judgeEngine([instance({ health: [{ name: 'checks_running', detail }] })], NOW, 'held')).toMatchObject({ state: 'not_checking', detail });
  });

  it('keeps checking when only notifications fail: that is a marker of its own, not a stop', () => {
    expect(judgeEngine([instance({ health: [{ name: 'notifications', detail: 'ops failing' }] })], NOW, 'held').state).toBe('checking');
  });

  it('reports the instance with the latest heartbeat', () => {
    const older = instance({ name: 'old', heartbeatAt: NOW - 86_400_000, stoppedAt: NOW - 86_400_000 });
    expect(judgeEngine([older, instance()], NOW, 'held').instance?.name).toBe('mon1');
  });
});

describe('statusExitCode', () => {
  const row = (status: string, over: Partial<MonitorOverview> = {}): MonitorOverview => ({
    id: status,
    name: status,
    type: 'http',
    source: 'config',
    status,
    since: null,
    last_at: null,
    latency_ms: null,
    message: '',
    confirming: null,
    stale: false,
    acknowledged_by: null,
    maintenance: false,
    silenced: false,
    flapping: false,
    blocked_by: [],
    ...over,
  });
  const checking = (monitors: MonitorOverview[]): Overview => ({ engine: { state: 'checking', instance: instance() }, monitors });

  it.each([
    ['everything up, pending or paused', [row('up'), row('pending'), row('paused')], 0],
    ['a degraded monitor', [row('up'), row('degraded')], 1],
    ['a down monitor beside a degraded and an unknown one', [row('degraded'), row('down'), row('unknown')], 2],
    ['a monitor down in maintenance', [row('up'), row('down', { maintenance: true })], 0],
    ['an unknown monitor', [row('up'), row('unknown')], 3],
    ['a stale result', [row('up', { stale: true })], 3],
  ])('%s: %i', (_name, monitors, code) => {
    expect(statusExitCode(checking(monitors))).toBe(code);
  });

  it('is 3 whenever tocsin is not checking, whatever the results said then', () => {
    for (const state of ['gone', 'stopped', 'never', 'not_checking'] as const) {
      expect(statusExitCode({ engine: { state, instance: null }, monitors: [row('down')] })).toBe(3);
    }
  });
});

describe('readOverview', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('lists stored monitors, inbound and self monitors known only by their state, never deleted ones, with their markers', async () => {
    store = await openStore('sqlite::memory:');
    await migrate(store.db);
    const defaults = defaultsSchema.parse({});
    const monitor = (input: Record<string, unknown>) => {
      const parsed = parseMonitor({ type: 'tcp', host: '127.0.0.1', port: 1, interval: '10s', timeout: '5s', ...input }, defaults);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      return parsed.monitor;
    };
    const sync = (monitors: ReturnType<typeof monitor>[], allowDeletions: boolean, now: number) =>
      syncMonitors(store!.db, monitors, { allowDeletions, now, logger: silentLogger() });
    await sync([monitor({ id: 'web' }), monitor({ id: 'db' }), monitor({ id: 'gone' }), monitor({ id: 'off', paused: true })], false, NOW - 3_600_000);
    await sync([monitor({ id: 'web' }), monitor({ id: 'db' }), monitor({ id: 'off', paused: true })], true, NOW - 3_600_000);

    const state = (monitorId: string, status: 'up' | 'down', lastAt: number) => ({
      monitorId,
      status,
      since: NOW - 600_000,
      lastAt,
      lastStatus: status,
      lastMessage: `${monitorId} is ${status}`,
      lastLatencyMs: 3,
      updatedAt: lastAt,
    });
    await upsertStates(store.db, [
      state('web', 'down', NOW - 2_000),
      state('db', 'up', NOW - 60_000),
      state('gone', 'down', NOW - 9_000_000),
      state('am-disk-full', 'down', NOW - 5_000),
      state('tocsin-self-schedule_lag', 'up', NOW - 5_000),
    ]);
    const held = {
      ...initialState(),
      status: 'down' as const,
      acknowledged: { by: 'ana', at: NOW - 1_000 },
      blockedBy: ['db'],
      maintenance: { until: NOW + 60_000 },
    };
    await upsertAlertStates(store.db, [{ monitorId: 'web', state: held, updatedAt: NOW }]);

    const { monitors } = await readOverview(store.db, NOW, 'free');
    expect(monitors.map((m) => [m.id, m.source, m.type, m.status, m.stale])).toEqual([
      ['db', 'config', 'tcp', 'up', true],
      ['off', 'config', 'tcp', 'paused', false],
      ['web', 'config', 'tcp', 'down', false],
      ['am-disk-full', 'inbound', 'inbound', 'down', false],
      ['tocsin-self-schedule_lag', 'self', 'self', 'up', false],
    ]);
    expect(monitors.find((m) => m.id === 'web')).toMatchObject({
      acknowledged_by: 'ana',
      blocked_by: ['db'],
      maintenance: true,
      flapping: false,
      message: 'web is down',
    });
  });
});
