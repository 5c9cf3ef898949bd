import { describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import type { RecordedResult } from './engine.js';
import type { Notification } from '../channels/types.js';
import { initialState } from '../core/alert/index.js';
import type { StoredAlertState } from '../store/alert-state.js';
import type { OutboxInsert } from '../store/outbox.js';
import { ResultWriter, type WriteBatch } from './result-writer.js';
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
    const writer = new ResultWriter(async (b) => void batches.push({ results: b.results.length, states: b.states }), silentLogger());
    for (let i = 0; i < 5; i++) writer.add(result('a', i), state('a', i));
    writer.add(result('b', 9), state('b', 9));
    await writer.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.results).toBe(6);
    expect(batches[0]!.states.map((s) => [s.monitorId, s.lastAt])).toEqual([
      ['a', 4],
      ['b', 9],
    ]);
  });

  it('keeps a failed batch and writes it on the next flush, reporting the error meanwhile', async () => {
    let fail = true;
    const written: number[] = [];
    const writer = new ResultWriter(async ({ results }) => {
      if (fail) throw new Error('SQLITE_FULL: database or disk is full');
      written.push(...results.map((x) => x.at));
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
    const writer = new ResultWriter(
      async () => {
        throw new Error('read-only file system');
      },
      silentLogger(),
      { flushEvery: 1000, maxBatch: 1000, maxPending: 10 },
    );
    for (let i = 0; i < 25; i++) writer.add(result('a', i), state('a', i));
    expect(writer.stats()).toMatchObject({ pending: 10, dropped: 15 });
  });

  it('writes a notification at once, without waiting for the batch timer, and wakes delivery after the commit', async () => {
    const batches: WriteBatch[] = [];
    let woken = 0;
    const writer = new ResultWriter(async (b) => void batches.push(b), silentLogger(), { flushEvery: 60_000, onNotified: () => woken++ });
    writer.start();
    writer.add(result('a', 1), state('a', 1), { alert: alerted('a'), notifications: [notification('a')] });
    await until(() => woken === 1);
    await writer.stop();
    expect(batches[0]).toMatchObject({
      results: [{ monitorId: 'a' }],
      states: [{ monitorId: 'a' }],
      alerts: [{ monitorId: 'a' }],
      notifications: [{ id: 'n-a' }],
    });
  });

  it('keeps notifications and applied acknowledgements of a failed write, however many results it drops', async () => {
    let fail = true;
    const written: WriteBatch[] = [];
    const writer = new ResultWriter(
      async (b) => {
        if (fail) throw new Error('disk I/O error');
        written.push(b);
      },
      silentLogger(),
      { flushEvery: 60_000, maxBatch: 1000, maxPending: 2 },
    );
    writer.addAlert({ alert: alerted('a'), notifications: [notification('a')], acks: [{ id: 'ack-1', appliedAt: 5, outcome: 'acknowledged' }] });
    for (let i = 0; i < 5; i++) writer.add(result('b', i), state('b', i));
    await writer.flush();
    fail = false;
    await writer.flush();
    expect(written).toHaveLength(1);
    expect(written[0]!.notifications.map((n) => n.id)).toEqual(['n-a']);
    expect(written[0]!.acks.map((a) => a.id)).toEqual(['ack-1']);
    expect(written[0]!.alerts.map((a) => a.monitorId)).toEqual(['a']);
    expect(writer.stats().dropped).toBe(3);
  });
});

function alerted(monitorId: string): StoredAlertState {
  return { monitorId, state: initialState(), updatedAt: 1 };
}

function notification(monitorId: string): OutboxInsert {
  const n: Notification = {
    id: `n-${monitorId}`,
    event: 'monitor.down',
    at: '2026-01-01T00:00:00.000Z',
    monitor: { id: monitorId, name: monitorId, type: 'http', target: 'GET http://127.0.0.1/' },
    state: 'down',
    previous_state: 'up',
    since: '2026-01-01T00:00:00.000Z',
    message: 'HTTP 503',
    dedup_key: `${monitorId}:1`,
  };
  return { id: n.id, dedupKey: '1:monitor.down:0', channel: 'hook', monitorId, notification: n, createdAt: 1 };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
}
