import { describe, expect, it } from 'vitest';
import { deliveryState, stepOf } from './alert-deliveries.js';

describe('an outbox row as an alert delivery', () => {
  it('reads the escalation step of a down page from its key, and no step for other events', () => {
    expect(stepOf('db|3:monitor.down:0|hook')).toBe(0);
    expect(stepOf('db|3:monitor.down:2|pager')).toBe(2);
    expect(stepOf('db|3:monitor.degraded|hook')).toBeNull();
    expect(stepOf('db|3:monitor.reminder:1|hook')).toBeNull();
  });

  it('is delivered once taken, failed once given up, retrying after a failed attempt, else queued', () => {
    expect(deliveryState({ delivered_at: 5, dead_at: null, attempts: 2 })).toBe('delivered');
    expect(deliveryState({ delivered_at: null, dead_at: 5, attempts: 9 })).toBe('failed');
    expect(deliveryState({ delivered_at: null, dead_at: null, attempts: 1 })).toBe('retrying');
    expect(deliveryState({ delivered_at: null, dead_at: null, attempts: 0 })).toBe('queued');
  });
});
