import { describe, expect, it } from 'vitest';
import { groupBroken, messagePattern } from '../../web/src/broken-groups.js';
import { bulkSummary, forEachLimited } from '../../web/src/bulk.js';
import { countDown, titleFor } from '../../web/src/title.js';
import { channelOutcomes, stepState } from '../../web/src/deliveries.js';
import { markersOf } from '../../web/src/markers.js';
import type { Delivery, Monitor, MonitorState } from '../../web/src/types.js';

const shown = (state: Partial<MonitorState>, paused = false) => markersOf({ paused, state: { status: 'up', ...state } }).map((m) => m.label);

describe('the markers a monitor shows beside its status', () => {
  it('says "failing k of n" for a failure not confirmed yet, and "recovering" on the way back', () => {
    expect(shown({ confirming: { toward: 'down', count: 1, needed: 3 } })).toEqual(['failing 1 of 3']);
    expect(shown({ status: 'down', confirming: { toward: 'up', count: 1, needed: 2 } })).toEqual(['recovering 1 of 2']);
    expect(shown({ confirming: { toward: 'down', count: 2, needed: 3, of: 5 } })).toEqual(['failing 2 of the last 5 (3 needed)']);
  });

  it('names every hold and doubt in the order of docs/states.md', () => {
    const all = shown({
      status: 'down',
      stale: true,
      acknowledged: { by: 'ana', at: 1 },
      in_maintenance: true,
      silenced: true,
      flapping: true,
      blocked_by: ['core-db'],
    });
    expect(all).toEqual(['stale', 'acknowledged', 'maintenance', 'silenced', 'flapping', 'blocked by core-db']);
  });

  it('says a quarantined monitor is quarantined, checked or not', () => {
    expect(markersOf({ paused: false, state: null, quarantined: { reason: 'froze twice', at: 1 } }).map((m) => m.label)).toEqual(['quarantined']);
    expect(markersOf({ paused: false, state: { status: 'unknown', stale: true }, quarantined: { reason: 'froze twice', at: 1 } }).map((m) => m.label)).toEqual([
      'quarantined',
      'stale',
    ]);
  });

  it('shows nothing for a plain up monitor, nor for a paused one (its badge says paused)', () => {
    expect(shown({})).toEqual([]);
    expect(shown({ stale: true }, true)).toEqual([]);
  });
});

const d = (channel: string, state: Delivery['state'], extra: Partial<Delivery> = {}): Delivery => ({
  channel,
  event: 'monitor.down',
  step: 0,
  state,
  attempts: state === 'queued' ? 0 : 1,
  created_at: 1,
  delivered_at: state === 'delivered' ? 2 : null,
  failed_at: state === 'failed' ? 2 : null,
  next_attempt_at: null,
  last_error: null,
  ...extra,
});

describe('who was told', () => {
  it('counts a channel as told once it took a notification, and names the rest retrying or failed', () => {
    const outcomes = channelOutcomes([
      d('hook', 'delivered'),
      d('pager', 'retrying'),
      d('mail', 'failed'),
      d('hook', 'retrying', { event: 'monitor.reminder', step: null }),
    ]);
    expect(outcomes.map((o) => [o.channel, o.state])).toEqual([
      ['hook', 'delivered'],
      ['pager', 'retrying'],
      ['mail', 'failed'],
    ]);
    // A page still retrying is not hidden behind a later notification that is only queued.
    expect(channelOutcomes([d('pager', 'retrying', { attempts: 3 }), d('pager', 'queued', { event: 'monitor.acknowledged', step: null })])[0]).toMatchObject({
      state: 'retrying',
      latest: { attempts: 3 },
    });
  });

  it('marks a step fired only when a channel took it, and a delivered degraded announcement as the first step', () => {
    const base = { escalation_steps_fired: [0], acknowledged: null };
    expect(stepState({ ...base, deliveries: [d('hook', 'retrying')] }, 0)).toBe('sending');
    expect(stepState({ ...base, deliveries: [d('hook', 'failed')] }, 0)).toBe('failed');
    expect(stepState({ ...base, deliveries: [d('hook', 'failed'), d('pager', 'delivered')] }, 0)).toBe('fired');
    expect(
      stepState({ escalation_steps_fired: [], acknowledged: null, deliveries: [d('hook', 'delivered', { event: 'monitor.degraded', step: null })] }, 0),
    ).toBe('fired');
    expect(stepState({ escalation_steps_fired: [], acknowledged: { by: 'ana', at: 1 }, deliveries: [] }, 1)).toBe('stopped');
    expect(stepState({ escalation_steps_fired: [], acknowledged: null, deliveries: [] }, 1)).toBe('waiting');
  });
});

describe('broken monitors grouped by cause', () => {
  const broken = (id: string, message: string, extra: Partial<MonitorState> = {}, more: Partial<Monitor> = {}): Monitor => ({
    id,
    name: id,
    type: 'http',
    tags: [],
    depends_on: [],
    paused: false,
    source: 'api',
    read_only: false,
    interval: 60_000,
    timeout: 10_000,
    alert: { down_after: 2, up_after: 1, unknown: 'notify' },
    created_at: 0,
    updated_at: 0,
    quarantined: null,
    unreadable: null,
    settings: {},
    state: { status: 'down', since: 0, last_message: message, ...extra },
    ...more,
  });

  it('blanks what differs between monitors failing the same way, and keeps what they share', () => {
    expect(messagePattern('HTTP 500 from https://a.example.org/health in 1.2 s')).toBe('HTTP 500 from … in #');
    expect(messagePattern('connection refused by 127.0.0.1:36109')).toBe('connection refused by …');
    expect(messagePattern('blocked by core-db: timed out after 10000 ms during connect to [::1]:5432')).toBe('timed out after # during connect to …');
    expect(messagePattern('WARNING: disk 91% full')).toBe('WARNING: disk # full');
  });

  it('makes one line of 86 monitors with one cause, with the counts, biggest group first', () => {
    const list = [
      ...Array.from({ length: 86 }, (_, i) => broken(`web-${i}`, `HTTP 500 from https://shop-${i}.example.org/`)),
      broken('db', 'connection refused by 10.0.0.5:5432'),
      broken('app', 'blocked by db: connection refused by 127.0.0.1:8080', { blocked_by: ['db'] }),
      broken('worker', 'blocked by app: HTTP 502', { blocked_by: ['app'] }),
      broken('disk', 'WARNING: disk 91% full', { status: 'degraded' }),
    ];
    const groups = groupBroken(list, 'cause');
    expect(groups.map((g) => [g.label, g.monitors.length])).toEqual([
      ['HTTP 500 from …', 86],
      ['waiting on db', 3],
      ['WARNING: disk # full', 1],
    ]);
    expect(groups[0]?.counts).toEqual({ down: 86 });
  });

  it('groups by group and by first tag, naming the ones without', () => {
    const list = [broken('a', 'x', {}, { group: 'shop', tags: ['prod'] }), broken('b', 'y', {}, { group: 'shop' }), broken('c', 'z')];
    expect(groupBroken(list, 'group').map((g) => [g.label, g.monitors.length])).toEqual([
      ['group shop', 2],
      ['no group', 1],
    ]);
    expect(groupBroken(list, 'tag').map((g) => [g.label, g.monitors.length])).toEqual([
      ['no tag', 2],
      ['#prod', 1],
    ]);
  });
});

describe('the tab title and bulk actions', () => {
  it('counts only monitors confirmed down', () => {
    expect(titleFor(countDown({ a: { status: 'down' }, b: { status: 'degraded' }, c: { status: 'down' }, d: { status: 'pending' } }))).toBe('(2) tocsin');
    expect(titleFor(0)).toBe('tocsin');
  });

  it('runs every action at most `parallel` at a time and says which failed', async () => {
    let running = 0;
    let most = 0;
    const outcome = await forEachLimited(
      Array.from({ length: 20 }, (_, i) => `m${i}`),
      3,
      async (id) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        if (id === 'm7') throw new Error('nothing to acknowledge');
      },
    );
    expect(most).toBe(3);
    expect(outcome.done).toHaveLength(19);
    expect(bulkSummary('Acknowledged', outcome)).toBe('Acknowledged 19 alerts; 1 failed: m7 (nothing to acknowledge)');
  });
});
