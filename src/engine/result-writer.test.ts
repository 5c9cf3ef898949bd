import { describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import type { RecordedResult } from './engine.js';
import { ResultWriter } from './result-writer.js';
import type { MonitorStatus } from './state-tracker.js';

const result = (monitorId: string, at: number): RecordedResult => ({
  monitorId,
  at,
  missed: 0,
  result: { status: 'up', latencyMs: 1, timings: {}, message: 'ok' },
});
const state = (monitorId: string, at: number): MonitorStatus => ({
  monitorId,
  status: 'up',
  since: 0,
  lastAt: at,
  lastStatus: 'up',
  lastMessage: 'ok',
  lastLatencyMs: 1,
});

describe('ResultWriter', () => {
  it('writes results in batches with the latest state of each monitor', async () => {
    const batches: { results: number; states: MonitorStatus[] }[] = [];
    const writer = new ResultWriter(async (r, s) => void batches.push({ results: r.length, states: s }), silentLogger());
    for (let i = 0; i < 5; i++) writer.add(result('a', i), state('a', i));
    writer.add(result('b', 9), state('b', 9));
    await writer.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.results).toBe(6);
    expect(batches[0]!.states.map((s) => [s.monitorId, s.lastAt])).toEqual([['a', 4], ['b', 9]]);
  });

  it('keeps a failed batch and writes it on the next flush, reporting the error meanwhile', async () => {
    let fail = true;
    const written: number[] = [];
    const writer = new ResultWriter(async (r) => {
      if (fail) throw new Error('SQLITE_FULL: database or disk is full');
      written.push(...r.map((x) => x.at));
    }, silentLogger());
    writer.add(result('a', 1), state('a', 1));
    await writer.flush();
    expect(writer.stats().lastWriteError).toContain('SQLITE_FULL');
    expect(writer.stats().pending).toBe(1);
    writer.add(result('a', 2), state('a', 2));
    fail = false;
    await writer.flush();
    expect(written).toEqual([1, 2]);
    expect(writer.stats()).toMatchObject({ pending: 0, lastWriteError: undefined, dropped: 0 });
  });

  it('drops and counts the oldest results rather than growing without bound', async () => {
    const writer = new ResultWriter(async () => {
      throw new Error('read-only file system');
    }, silentLogger(), { flushEvery: 1000, maxBatch: 1000, maxPending: 10 });
    for (let i = 0; i < 25; i++) writer.add(result('a', i), state('a', i));
    expect(writer.stats()).toMatchObject({ pending: 10, dropped: 15 });
  });
});
