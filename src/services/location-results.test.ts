import { describe, expect, it } from 'vitest';
import type { RecordedResult } from '../engine/engine.js';
import type { MonitorConfig } from '../schema/config.js';
import { LocationResults } from './location-results.js';

const monitor = (locations: string[] | undefined, quorum?: 'any' | 'all' | number) =>
  ({
    id: 'web',
    name: 'web',
    type: 'http',
    interval: 60_000,
    timeout: 5000,
    tags: [],
    depends_on: [],
    paused: false,
    alert: {},
    settings: {},
    ...(locations && { locations }),
    ...(quorum !== undefined && { quorum }),
  }) as unknown as MonitorConfig;

function rig(m: MonitorConfig) {
  let now = 1_000_000;
  const live: RecordedResult[] = [];
  const history: RecordedResult[] = [];
  const results = new LocationResults({
    clock: { now: () => now },
    monitor: (id) => (id === m.id ? m : undefined),
    record: (r) => live.push(r),
    history: (r) => history.push(r),
  });
  const result = (
    location: string | undefined,
    status: 'up' | 'down',
    at = now,
    message = status === 'up' ? 'HTTP 200' : 'connect timed out after 5 s',
  ): RecordedResult => ({
    monitorId: 'web',
    at,
    missed: 0,
    result: { status, latencyMs: 3, timings: {}, message },
    ...(location !== undefined && { location }),
  });
  return { results, live, history, result, advance: (ms: number) => (now += ms) };
}

describe('LocationResults', () => {
  it('passes a local-only monitor through untouched', () => {
    const { results, live, result } = rig(monitor(undefined));
    const local = result(undefined, 'down');
    results.accept(local);
    expect(live).toEqual([local]);
  });

  it('records the quorum status with the words of every location, tagged with the reporting one', () => {
    const { results, live, result } = rig(monitor(['local', 'us-east-2'], 2));
    results.accept(result(undefined, 'up'));
    results.accept(result('us-east-2', 'down'));
    expect(live.at(-1)).toMatchObject({
      location: 'us-east-2',
      result: { status: 'up', message: 'down from us-east-2 (connect timed out after 5 s); up from local' },
    });
    expect(results.views('web')!.map((v) => [v.location, v.status])).toEqual([
      ['local', 'up'],
      ['us-east-2', 'down'],
    ]);
  });

  it('stores a replayed result older than the staleness limit as history that decides nothing', () => {
    const { results, live, history, result, advance } = rig(monitor(['local', 'eu-west']));
    advance(600_000);
    results.accept(result('eu-west', 'down', 1_000_000));
    expect(live).toEqual([]);
    expect(history[0]).toMatchObject({ location: 'eu-west', excluded: true, result: { status: 'down', message: 'from eu-west: connect timed out after 5 s' } });
  });

  it('keeps an agent result for a location the monitor does not name out of the decision', () => {
    const { results, live, history, result } = rig(monitor(['local', 'eu-west']));
    results.accept(result('ap-south', 'down'));
    expect(live).toEqual([]);
    expect(history).toHaveLength(1);
  });
});
