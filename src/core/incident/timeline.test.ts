import { describe, expect, it } from 'vitest';
import { MIN, outage, T0 } from './fixtures.js';
import { buildTimeline, deriveTimes } from './timeline.js';

describe('incident timeline', () => {
  it('orders what tocsin recorded and what people did by time, the cause first at the same instant', () => {
    const entries = buildTimeline(outage());
    expect(entries.map((e) => [(e.at - T0) / 1000, e.kind])).toEqual([
      [0, 'failure'],
      [60, 'failure'],
      [120, 'opened'],
      [120, 'page'],
      [120.9, 'delivered'],
      [180, 'joined'],
      [300, 'escalation'],
      [360, 'undelivered'],
      [420, 'acknowledged'],
      [600, 'status-page'],
      [720, 'note'],
      [1800, 'recovered'],
      [2400, 'notified'],
      [2400, 'recovered'],
      [2400.5, 'delivered'],
      [3000, 'state'],
    ]);
    expect(entries.find((e) => e.kind === 'acknowledged')).toMatchObject({ by: 'ana', text: 'db acknowledged by ana' });
    expect(entries.find((e) => e.kind === 'escalation')?.text).toBe('escalation step 1: db down paged to phone');
    expect(entries.find((e) => e.kind === 'undelivered')?.text).toBe('phone could not be reached: HTTP 500');
    expect(entries.find((e) => e.kind === 'status-page')?.text).toBe('status page "public" updated (investigating): Downloads fail.');
  });

  it('derives detection from the first page, acknowledgement from the first ack, recovery from the last monitor back', () => {
    expect(deriveTimes(outage())).toEqual({
      startedAt: T0,
      detectedAt: T0 + 2 * MIN,
      acknowledgedAt: T0 + 7 * MIN,
      recoveredAt: T0 + 40 * MIN,
      resolvedAt: T0 + 50 * MIN,
      toDetectMs: 2 * MIN,
      toAcknowledgeMs: 5 * MIN,
      toRecoverMs: 40 * MIN,
    });
  });

  it('has not recovered while one monitor is still down, and counts a person acting as acknowledgement when nobody acked', () => {
    const sources = outage();
    const times = deriveTimes({
      ...sources,
      acks: [],
      events: sources.events.filter((e) => e.id !== 'e5'),
      incident: { ...sources.incident, resolvedAt: null },
    });
    expect(times.recoveredAt).toBeNull();
    expect(times.toRecoverMs).toBeNull();
    expect(times.acknowledgedAt).toBe(T0 + 12 * MIN);
  });

  it('starts a hand-opened incident without alerts at its opening', () => {
    const sources = outage();
    const manual = { ...sources, failures: [], notifications: [], acks: [], events: [], incident: { ...sources.incident, monitors: [], openedAt: T0 } };
    expect(deriveTimes(manual)).toMatchObject({ startedAt: T0, detectedAt: T0, toDetectMs: 0, acknowledgedAt: null, recoveredAt: T0 + 50 * MIN });
  });
});
