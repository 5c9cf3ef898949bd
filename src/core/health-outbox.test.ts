import { describe, expect, it } from 'vitest';
import { assessHealth, type HealthInputs, type OutboxHealth } from './health.js';

const base: HealthInputs = {
  now: 1_000_000,
  startedAt: 0,
  scheduled: 0,
  resultEvery: 0,
  lastResultAt: undefined,
  lagP99: 0,
  lastWriteOkAt: 999_000,
  lastWriteError: undefined,
  pendingWrites: 0,
  stallAfter: 15_000,
};

const outbox = (change: Partial<OutboxHealth>): OutboxHealth => ({
  pending: 0,
  oldestUndeliveredAt: undefined,
  failing: [],
  failingAfterMs: 600_000,
  ...change,
});

describe('assessHealth: notifications', () => {
  it.each([
    ['nothing waits', outbox({}), true, '0 notifications waiting'],
    ['a few wait briefly', outbox({ pending: 3, oldestUndeliveredAt: 998_000 }), true, '3 notifications waiting, the oldest 2.0 s old'],
    [
      'a channel fails but not for long',
      outbox({ pending: 1, oldestUndeliveredAt: 990_000, failing: [{ channel: 'ops-slack', failingSince: 990_000, lastError: 'HTTP 503' }] }),
      true,
      'retrying ops-slack',
    ],
    [
      'a channel fails past the threshold',
      outbox({ pending: 4, oldestUndeliveredAt: 300_000, failing: [{ channel: 'ops-slack', failingSince: 300_000, lastError: 'HTTP 503' }] }),
      false,
      'notifications to ops-slack have failed for 700 s: HTTP 503; 4 notifications waiting',
    ],
    [
      'a notification waits past the threshold',
      outbox({ pending: 2, oldestUndeliveredAt: 100_000 }),
      false,
      'the oldest undelivered notification is 900 s old; 2 waiting',
    ],
  ])('when %s, healthy is %s', (_name, o, ok, detail) => {
    const health = assessHealth({ ...base, outbox: o });
    expect(health.healthy).toBe(ok);
    expect(health.checks.find((c) => c.name === 'notifications')?.detail).toContain(detail);
  });

  it('leaves the notifications check out when no delivery worker runs', () => {
    expect(assessHealth(base).checks.map((c) => c.name)).not.toContain('notifications');
  });
});
