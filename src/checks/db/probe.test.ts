import { describe, expect, test } from 'vitest';
import { Phases } from '../phases.js';
import { endpointLabel, locate, onAbort, toResult, unlessAborted } from './probe.js';

describe('endpointLabel', () => {
  test.each([
    ['127.0.0.1', '127.0.0.1', 5432, '127.0.0.1:5432'],
    ['::1', '::1', 6379, '[::1]:6379'],
    ['db.internal', '10.0.0.5', 3306, 'db.internal:3306 (10.0.0.5)'],
  ])('labels %s at %s', (host, ip, port, label) => {
    expect(endpointLabel(host, ip, port)).toBe(label);
  });
});

describe('onAbort', () => {
  test('tears down when the signal aborts, and not after it is disposed', () => {
    const calls: string[] = [];
    const first = new AbortController();
    onAbort(first.signal, () => calls.push('first'));
    first.abort();
    const second = new AbortController();
    onAbort(second.signal, () => calls.push('second'))();
    second.abort();
    expect(calls).toEqual(['first']);
  });

  test('tears down at once when the signal already aborted', () => {
    let torn = false;
    onAbort(AbortSignal.abort(), () => (torn = true));
    expect(torn).toBe(true);
  });
});

describe('unlessAborted', () => {
  test('settles with the abort reason while the work never settles', async () => {
    const controller = new AbortController();
    const pending = unlessAborted(new Promise(() => {}), controller.signal);
    controller.abort(new Error('timed out after 300 ms'));
    await expect(pending).rejects.toThrow('timed out after 300 ms');
  });

  test('passes the work through when it settles first', async () => {
    await expect(unlessAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });
});

describe('locate', () => {
  const ctx = () => ({ signal: new AbortController().signal, timeoutMs: 2000, phases: new Phases() });

  test('takes an IP address as it is, without a dns phase', async () => {
    const context = ctx();
    expect(await locate('127.0.0.1', 5432, context)).toEqual({ host: '127.0.0.1', ip: '127.0.0.1', port: 5432, label: '127.0.0.1:5432' });
    expect(context.phases.finish().dns).toBeUndefined();
  });

  test('reads localhost from the hosts file and labels both names', async () => {
    const found = await locate('localhost', 6379, ctx());
    expect(found).toMatchObject({ host: 'localhost', port: 6379 });
    expect('label' in found && found.label).toMatch(/^localhost:6379 \((127\.0\.0\.1|::1)\)$/);
  });
});

describe('toResult', () => {
  test('carries the verdict, the timings and only non-empty metrics', () => {
    let now = 0;
    const phases = new Phases(() => now);
    phases.enter('connect', 'db:5432');
    now = 12;
    const result = toResult({ status: 'up', message: 'fine', metrics: {} }, { signal: new AbortController().signal, timeoutMs: 1000, phases });
    expect(result).toEqual({ status: 'up', message: 'fine', latencyMs: 12, timings: { connect: 12, total: 12 } });
  });
});
