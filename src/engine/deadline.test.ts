import { describe, expect, it } from 'vitest';
import { runWithDeadline } from './deadline.js';

describe('runWithDeadline', () => {
  it('returns the check result when it settles in time', async () => {
    const result = await runWithDeadline(async () => ({ status: 'up', latencyMs: 1, timings: {}, message: 'fine' }), 1000);
    expect(result.message).toBe('fine');
  });

  it('reports a check that never settles as down with the phase it hung in', async () => {
    const started = Date.now();
    const result = await runWithDeadline((ctx) => {
      ctx.phases.enter('dns', 'db.internal');
      ctx.phases.enter('connect', '10.0.0.5:5432');
      return new Promise(() => {});
    }, 200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.status).toBe('down');
    expect(result.message).toBe('timed out after 200 ms while connecting to 10.0.0.5:5432');
    expect(result.timings.dns).toBeGreaterThanOrEqual(0);
    expect(result.timings.connect).toBeGreaterThanOrEqual(150);
  });

  it('aborts the signal at the deadline so the check can release its resources', async () => {
    let abortedWith: unknown;
    await runWithDeadline(
      (ctx) =>
        new Promise(() => {
          ctx.signal.addEventListener('abort', () => (abortedWith = ctx.signal.reason));
        }),
      50,
    );
    expect(String(abortedWith)).toContain('timed out after 50 ms');
  });

  it('turns a check that throws into a down result naming the phase', async () => {
    const result = await runWithDeadline(async (ctx) => {
      ctx.phases.enter('query', 'db');
      throw new Error('relation "x" does not exist');
    }, 1000);
    expect(result.status).toBe('down');
    expect(result.message).toBe('check failed while running the query on db: relation "x" does not exist');
  });
});
