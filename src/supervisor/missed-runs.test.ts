import { describe, expect, it } from 'vitest';
import { missedRuns, type LastSeen } from './missed-runs.js';

const notice = { reasons: ['event loop blocked for 20 s'], downSince: Date.parse('2024-03-01T02:14:00Z'), restarts: 1 };
const backAt = Date.parse('2024-03-01T02:15:00Z');
const monitors = [
  { id: 'web', interval: 10_000 },
  { id: 'db', interval: 60_000 },
  { id: 'new', interval: 10_000 },
];

describe('missedRuns', () => {
  it.each([
    ['a 10 s monitor last run 65 s ago', 'web', { at: backAt - 65_000, status: 'up', lastStatus: 'up' }, 5],
    ['a monitor whose next run was not yet due', 'db', { at: backAt - 70_000, status: 'down', lastStatus: 'down' }, 0],
    ['a 60 s monitor last run 3 min ago', 'db', { at: backAt - 180_000, status: 'down', lastStatus: 'up' }, 2],
  ] as const)('counts %s', (_name, id, seen: LastSeen, count: number) => {
    const rows = missedRuns(monitors, new Map([[id, seen]]), notice, backAt);
    if (count === 0) return expect(rows).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ monitorId: id, status: seen.status, missed: true, latencyMs: 0 });
    expect(rows[0]!.message).toBe(
      `${count} run${count === 1 ? '' : 's'} missed: tocsin was down from 2024-03-01T02:14:00Z to 2024-03-01T02:15:00Z (event loop blocked for 20 s)`,
    );
  });

  it('skips monitors that never ran before the outage', () => {
    expect(missedRuns(monitors, new Map(), notice, backAt)).toEqual([]);
  });

  it('places the row at the first slot that was lost', () => {
    const [row] = missedRuns(monitors, new Map([['web', { at: backAt - 65_000, status: 'up' as const, lastStatus: 'up' as const }]]), notice, backAt);
    expect(row!.at).toBe(backAt - 55_000);
  });

  it('gives a pending monitor its last result, kept out of uptime', () => {
    const [row] = missedRuns(monitors, new Map([['web', { at: backAt - 65_000, status: 'pending' as const, lastStatus: 'down' as const }]]), notice, backAt);
    expect(row).toMatchObject({ status: 'down', excluded: true, missed: true });
  });
});
