import { describe, expect, it } from 'vitest';
import { initialState } from '../../core/alert/index.js';
import type { MonitorConfig } from '../../schema/config.js';
import type { StateRow } from '../../store/state.js';
import { canonicalJson } from '../../store/monitor-plan.js';
import type { MonitorRow } from '../../store/monitors.js';
import { quarantineView, stateView } from './views.js';

const row: StateRow = {
  monitorId: 'web',
  status: 'up',
  since: 0,
  lastAt: 100_000,
  lastStatus: 'up',
  lastMessage: 'HTTP 200',
  lastLatencyMs: 5,
  updatedAt: 100_000,
};
const web = { id: 'web', type: 'http', interval: 60_000, timeout: 10_000, paused: false } as MonitorConfig;
const beat = { id: 'cron', type: 'heartbeat', interval: 60_000, timeout: 10_000, paused: false } as MonitorConfig;

describe('stateView', () => {
  it.each([
    ['a result just in', web, 100_000 + 1_000, false],
    ['a result exactly 2 × interval + timeout old', web, 100_000 + 130_000, false],
    ['a polled monitor with no result for longer', web, 100_000 + 130_001, true],
    ['a heartbeat, whose lateness is its own state', beat, 100_000 + 10 * 60_000, false],
    ['a paused monitor', { ...web, paused: true }, 100_000 + 10 * 60_000, false],
  ] as const)('marks stale %s: %s', (_name, monitor, now, stale) => {
    expect(stateView(row, undefined, monitor, now)?.stale).toBe(stale);
  });

  it('tells a silence from planned maintenance', () => {
    const silence = { ...initialState(), maintenance: { until: 5, silence: true as const } };
    const planned = { ...initialState(), maintenance: { until: 5 } };
    expect(stateView(row, silence, web, 0)).toMatchObject({ silenced: true, in_maintenance: false });
    expect(stateView(row, planned, web, 0)).toMatchObject({ silenced: false, in_maintenance: true });
  });

  it('carries the change the latest results point to', () => {
    const failing = { ...row, lastStatus: 'down' as const, confirming: { toward: 'down' as const, count: 1, needed: 2 } };
    expect(stateView(failing, undefined, web, 100_000)?.confirming).toEqual({ toward: 'down', count: 1, needed: 2 });
  });
});

describe('quarantineView', () => {
  const stored = { id: 'web', definition: web } as unknown as MonitorRow;
  const held = { monitorId: 'web', definition: canonicalJson(web), reason: 'froze twice', at: 5 };

  it('shows a quarantine that holds the monitor as defined now', () => {
    expect(quarantineView(stored, held)).toEqual({ reason: 'froze twice', at: 5 });
  });

  it('shows none once the monitor was edited (an edit releases it), nor without a quarantine', () => {
    expect(quarantineView({ ...stored, definition: { ...web, interval: 30_000 } } as unknown as MonitorRow, held)).toBeNull();
    expect(quarantineView(stored, undefined)).toBeNull();
  });
});
