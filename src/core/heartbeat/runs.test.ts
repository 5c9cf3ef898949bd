import { describe, expect, it } from 'vitest';
import { applyPing, MAX_OPEN_RUNS, replayPings, EMPTY_RUNS } from './runs.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('applyPing', () => {
  it('pairs a finish with the start of the same run id', () => {
    const state = replayPings([
      { kind: 'start', at: 100, rid: A },
      { kind: 'start', at: 200, rid: B },
    ]);
    const applied = applyPing(state, { kind: 'success', at: 300, rid: A });
    expect(applied.startedAt).toBe(100);
    expect(applied.state.open).toEqual([{ startedAt: 200, rid: B }]);
    expect(applied.state.lastFinish).toEqual({ at: 300, ok: true, rid: A, startedAt: 100 });
  });

  it('pairs a finish without run id with the latest start without one and closes every open start', () => {
    const state = replayPings([
      { kind: 'start', at: 100, rid: A },
      { kind: 'start', at: 150 },
    ]);
    const applied = applyPing(state, { kind: 'fail', at: 300, exitStatus: 2 });
    expect(applied.startedAt).toBe(150);
    expect(applied.state.open).toEqual([]);
    expect(applied.state.lastFinish).toMatchObject({ ok: false, exitStatus: 2 });
  });

  it('does not pair a finish whose run id never started', () => {
    const applied = applyPing(replayPings([{ kind: 'start', at: 100, rid: A }]), { kind: 'success', at: 200, rid: B });
    expect(applied.startedAt).toBeUndefined();
    expect(applied.state.open).toEqual([{ startedAt: 100, rid: A }]);
  });

  it('restarts the timer when the same run starts again', () => {
    const state = replayPings([
      { kind: 'start', at: 100 },
      { kind: 'start', at: 200 },
    ]);
    expect(state.open).toEqual([{ startedAt: 200 }]);
    expect(state.lastStartAt).toBe(200);
  });

  it('treats exit status 0 as success and others as failure', () => {
    expect(applyPing(EMPTY_RUNS, { kind: 'success', at: 1, exitStatus: 0 }).state.lastFinish?.ok).toBe(true);
    expect(applyPing(EMPTY_RUNS, { kind: 'fail', at: 1, exitStatus: 1 }).state.lastFinish?.ok).toBe(false);
  });

  it('ignores log pings', () => {
    const state = replayPings([{ kind: 'start', at: 100 }]);
    expect(applyPing(state, { kind: 'log', at: 200, log: 'hello' }).state).toBe(state);
  });

  it('keeps a bounded number of open runs', () => {
    const pings = Array.from({ length: MAX_OPEN_RUNS + 10 }, (_, i) => ({
      kind: 'start' as const,
      at: i,
      rid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const state = replayPings(pings);
    expect(state.open).toHaveLength(MAX_OPEN_RUNS);
    expect(state.open[0]?.startedAt).toBe(10);
  });
});
