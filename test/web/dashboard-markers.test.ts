import { describe, expect, it } from 'vitest';
import { channelOutcomes, stepState } from '../../web/src/deliveries.js';
import { markersOf } from '../../web/src/markers.js';
import type { Delivery, MonitorState } from '../../web/src/types.js';

const shown = (state: Partial<MonitorState>, paused = false) => markersOf({ paused, state: { status: 'up', ...state } }).map((m) => m.label);

describe('the markers a monitor shows beside its status', () => {
  it('says "failing k of n" for a failure not confirmed yet, and "recovering" on the way back', () => {
    expect(shown({ confirming: { toward: 'down', count: 1, needed: 3 } })).toEqual(['failing 1 of 3']);
    expect(shown({ status: 'down', confirming: { toward: 'up', count: 1, needed: 2 } })).toEqual(['recovering 1 of 2']);
    expect(shown({ confirming: { toward: 'down', count: 2, needed: 3, of: 5 } })).toEqual(['failing 2 of the last 5 (3 needed)']);
  });

  it('names every hold and doubt in the order of docs/states.md', () => {
    const all = shown({ status: 'down', stale: true, acknowledged: { by: 'ana', at: 1 }, in_maintenance: true, silenced: true, flapping: true, blocked_by: ['core-db'] });
    expect(all).toEqual(['stale', 'acknowledged', 'maintenance', 'silenced', 'flapping', 'blocked by core-db']);
  });

  it('shows nothing for a plain up monitor, nor for a paused one (its badge says paused)', () => {
    expect(shown({})).toEqual([]);
    expect(shown({ stale: true }, true)).toEqual([]);
  });
});

const d = (channel: string, state: Delivery['state'], extra: Partial<Delivery> = {}): Delivery => ({
  channel, event: 'monitor.down', step: 0, state, attempts: state === 'queued' ? 0 : 1, created_at: 1, delivered_at: state === 'delivered' ? 2 : null,
  failed_at: state === 'failed' ? 2 : null, next_attempt_at: null, last_error: null, ...extra,
});

describe('who was told', () => {
  it('counts a channel as told once it took a notification, and names the rest retrying or failed', () => {
    const outcomes = channelOutcomes([d('hook', 'delivered'), d('pager', 'retrying'), d('mail', 'failed'), d('hook', 'retrying', { event: 'monitor.reminder', step: null })]);
    expect(outcomes.map((o) => [o.channel, o.state])).toEqual([['hook', 'delivered'], ['pager', 'retrying'], ['mail', 'failed']]);
    // A page still retrying is not hidden behind a later notification that is only queued.
    expect(channelOutcomes([d('pager', 'retrying', { attempts: 3 }), d('pager', 'queued', { event: 'monitor.acknowledged', step: null })])[0]).toMatchObject({ state: 'retrying', latest: { attempts: 3 } });
  });

  it('marks a step fired only when a channel took it, and a delivered degraded announcement as the first step', () => {
    const base = { escalation_steps_fired: [0], acknowledged: null };
    expect(stepState({ ...base, deliveries: [d('hook', 'retrying')] }, 0)).toBe('sending');
    expect(stepState({ ...base, deliveries: [d('hook', 'failed')] }, 0)).toBe('failed');
    expect(stepState({ ...base, deliveries: [d('hook', 'failed'), d('pager', 'delivered')] }, 0)).toBe('fired');
    expect(stepState({ escalation_steps_fired: [], acknowledged: null, deliveries: [d('hook', 'delivered', { event: 'monitor.degraded', step: null })] }, 0)).toBe('fired');
    expect(stepState({ escalation_steps_fired: [], acknowledged: { by: 'ana', at: 1 }, deliveries: [] }, 1)).toBe('stopped');
    expect(stepState({ escalation_steps_fired: [], acknowledged: null, deliveries: [] }, 1)).toBe('waiting');
  });
});
