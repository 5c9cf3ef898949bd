import { describe, expect, it } from 'vitest';
import { CHANGED, decodeDetail, decodeResult, encodeResult, EXCLUDED, MISSED, SAMPLE_MS, shape, type ResultRow } from './result-codec.js';

const T0 = Date.UTC(2024, 0, 15, 10, 0, 0);
const up = (at: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  monitorId: 'web',
  at,
  status: 'up',
  latencyMs: 12.345,
  message: 'HTTP 200 in 12 ms',
  timings: { connect: 1.5, total: 12.345 },
  metrics: { http_status: 200 },
  ...extra,
});

describe('the compact result row', () => {
  it('packs status and flags into one small code and latency into whole microseconds', () => {
    const row = encodeResult(7, up(T0, { status: 'down', missed: true, excluded: true }), undefined);
    expect(row).toMatchObject({ monitor_key: 7, at: T0, code: 2 | MISSED | EXCLUDED | CHANGED, latency_us: 12_345 });
    expect(decodeResult('web', row, decodeDetail(row.detail!))).toEqual({ ...up(T0), status: 'down', missed: true, excluded: true });
  });

  it('keeps the words of a first result, a failure, a change and the first result of each clock hour', () => {
    const first = encodeResult(1, up(T0), undefined);
    expect(first.detail).not.toBeNull();
    const routine = encodeResult(1, up(T0 + 60_000, { message: 'HTTP 200 in 9 ms' }), { at: T0, code: first.code, shape: shape('HTTP 200 in 12 ms') });
    expect(routine).toMatchObject({ code: 0, detail: null });
    const down = encodeResult(1, up(T0 + 120_000, { status: 'down' }), routine);
    expect(down.code).toBe(2 | CHANGED);
    expect(down.detail).not.toBeNull();
    const stillDown = encodeResult(1, up(T0 + 180_000, { status: 'down' }), down);
    expect(stillDown.code).toBe(2);
    expect(stillDown.detail).not.toBeNull();
    const back = encodeResult(1, up(T0 + 240_000), stillDown);
    expect(back.code).toBe(CHANGED);
    expect(back.detail).not.toBeNull();
    expect(encodeResult(1, up(T0 + SAMPLE_MS), { at: T0 + SAMPLE_MS - 1, code: 0, shape: shape(up(T0).message) }).detail).not.toBeNull();
    expect(encodeResult(1, up(T0 + 300_000, { excluded: true }), back).detail).not.toBeNull();
    // Same status, other words: kept; same words with other numbers: not.
    const running = { at: T0, code: 0, shape: shape('running since 2024-01-15T10:00:00Z') };
    expect(encodeResult(1, up(T0 + 1000, { message: 'pinged at 2024-01-15T10:00:01Z' }), running).detail).not.toBeNull();
    expect(encodeResult(1, up(T0 + 1000, { message: 'running since 2024-01-15T10:00:01Z' }), running).detail).toBeNull();
  });

  it('shows an earlier row’s words on a row that kept none, and only its own figures when there are none', () => {
    const routine = encodeResult(1, up(T0 + 60_000, { latencyMs: 3 }), { at: T0, code: 0, shape: shape(up(T0).message) });
    const words = decodeDetail(encodeResult(1, up(T0), undefined).detail!);
    expect(decodeResult('web', routine, words, T0)).toEqual({ ...up(T0 + 60_000, { latencyMs: 3 }), missed: false, excluded: false, detailAt: T0 });
    expect(decodeResult('web', routine, undefined)).toMatchObject({ message: 'up', timings: { total: 3 }, metrics: null });
  });

  it('refuses a status it does not know, naming it', () => {
    expect(() => encodeResult(1, up(T0, { status: 'sideways' as never }), undefined)).toThrow(/expected one of up, degraded, down, unknown, got "sideways"/);
  });
});
