import { describe, expect, it } from 'vitest';
import { decideQuorum, type LocationResult, type Quorum } from './quorum.js';

const NOW = 1_000_000;
const up = (at = NOW - 1000): LocationResult => ({ status: 'up', at, message: 'HTTP 200 in 12 ms' });
const down = (message = 'connect timed out after 5 s', at = NOW - 1000): LocationResult => ({ status: 'down', at, message });

function decide(quorum: Quorum, latest: Record<string, LocationResult>, locations = Object.keys(latest)) {
  return decideQuorum({ locations, quorum, latest: new Map(Object.entries(latest)), intervalMs: 60_000, graceMs: 30_000, now: NOW });
}

describe('decideQuorum', () => {
  it.each([
    ['any', 'down'],
    ['all', 'up'],
    [2, 'up'],
    [1, 'down'],
  ] as const)('with quorum %s and one of three locations down the monitor is %s', (quorum, status) => {
    expect(decide(quorum, { local: up(), 'eu-west': up(), 'us-east-2': down() }).status).toBe(status);
  });

  it('goes down under quorum 2 once two locations agree', () => {
    expect(decide(2, { local: up(), 'eu-west': down('HTTP 503'), 'us-east-2': down() }).status).toBe('down');
  });

  it('names which locations see what, worst first', () => {
    const decision = decide('any', { local: up(), 'eu-west': up(), 'us-east-2': down() }, ['us-east-2', 'eu-west', 'local']);
    expect(decision.message).toBe('down from us-east-2 (connect timed out after 5 s); up from eu-west, local');
  });

  it('counts a result older than twice the interval plus the grace as unknown, and says how long it has been', () => {
    const decision = decide(2, { local: up(), 'eu-west': down('HTTP 503', NOW - 151_000) });
    expect(decision.locations.find((v) => v.location === 'eu-west')).toMatchObject({ status: 'unknown', stale: true });
    expect(decision.message).toBe('unknown from eu-west (no result for 151 s); up from local');
    // Its stale down no longer counts: one location cannot make a quorum of two.
    expect(decision.status).toBe('up');
    expect(decide('any', { local: up(), 'eu-west': down('HTTP 503', NOW - 151_000) }).status).toBe('unknown');
  });

  it('keeps a result exactly at the staleness limit', () => {
    expect(decide('any', { local: down('HTTP 503', NOW - 150_000) }).status).toBe('down');
  });

  it('is unknown while a location that could tip the quorum has not reported', () => {
    const decision = decide('any', { local: up() }, ['local', 'eu-west']);
    expect(decision.status).toBe('unknown');
    expect(decision.message).toBe('unknown from eu-west (no result yet); up from local');
  });

  it('stays up when the silent location could not make a quorum on its own', () => {
    expect(decide(2, { local: up(), 'eu-west': up() }, ['local', 'eu-west', 'ap-south']).status).toBe('up');
  });

  it('reports degraded when enough locations are degraded or down', () => {
    const slow: LocationResult = { status: 'degraded', at: NOW - 10, message: 'HTTP 200 in 2100 ms' };
    expect(decide(2, { local: slow, 'eu-west': down(), 'us-east': up() }).status).toBe('degraded');
  });
});
