import { describe, expect, it } from 'vitest';
import { nextDeadline } from './heartbeat-deadline.js';

const H = 3_600_000;
const D = 24 * H;
const daily = { period: D, tz: 'UTC', grace: H };
const T = (iso: string) => Date.parse(iso);

describe('the next heartbeat deadline', () => {
  it('is a period after the last sign of life, plus grace', () => {
    expect(nextDeadline(daily, T('2026-11-19T02:00:00Z'), T('2026-11-01T00:00:00Z'))).toEqual({
      expectedAt: T('2026-11-20T02:00:00Z'),
      dueAt: T('2026-11-20T03:00:00Z'),
    });
  });

  it('counts from when tocsin began watching when there is no ping yet', () => {
    expect(nextDeadline(daily, null, T('2026-11-19T12:00:00Z'))).toEqual({ expectedAt: T('2026-11-20T12:00:00Z'), dueAt: T('2026-11-20T13:00:00Z') });
  });

  it('counts from the restart when the deadline fell while tocsin was not watching', () => {
    expect(nextDeadline(daily, T('2026-11-01T02:00:00Z'), T('2026-11-19T12:00:00Z')).dueAt).toBe(T('2026-11-20T13:00:00Z'));
  });

  it('follows a cron schedule in its time zone', () => {
    const nightly = { schedule: '0 2 * * *', tz: 'Europe/Berlin', grace: H };
    expect(nextDeadline(nightly, T('2026-11-19T01:00:05Z'), 0).expectedAt).toBe(T('2026-11-20T01:00:00Z'));
  });
});
