import { describe, expect, it } from 'vitest';
import { initialState, type AlertEvent, type AlertState } from '../core/alert/index.js';
import { acknowledgedRows, notificationOf, outboxRows, type NotifyFacts } from './notifications.js';

const NOW = Date.parse('2026-06-01T02:20:00Z');
const SINCE = Date.parse('2026-06-01T02:14:00Z');

const down: AlertState = {
  ...initialState(),
  status: 'down',
  since: SINCE,
  message: 'HTTP 503 from GET https://updates.example.org/, expected 200',
  streaks: { up: 0, notUp: 3, down: 3, notDown: 0, unknown: 0 },
  episode: 4,
  told: { episode: 4, status: 'down', since: SINCE, channels: ['hook', 'pager'], recoveredAt: null },
};

const facts = (state: AlertState = down, extra: Partial<NotifyFacts> = {}): NotifyFacts => ({
  monitor: { id: 'web', name: 'Update center', type: 'http', target: 'GET https://updates.example.org/' },
  state,
  now: NOW,
  runbookUrl: 'https://tocsin.example.org/runbooks/web.md',
  ackUrl: (episode) => `https://tocsin.example.org/ack/token-for-${episode}`,
  statusPageUrl: 'https://tocsin.example.org/status/public',
  dependants: ['wiki'],
  ...extra,
});

const event = (over: Partial<AlertEvent>): AlertEvent => ({
  type: 'monitor.down',
  channels: ['hook'],
  episode: 4,
  step: 0,
  dedupKey: '4:monitor.down:0',
  message: down.message,
  since: SINCE,
  previous: 'up',
  ...over,
});

describe('notificationOf', () => {
  it('gives a down page what a person needs to act', () => {
    expect(notificationOf(event({}), facts(), 'ntf-1')).toEqual({
      id: 'ntf-1',
      event: 'monitor.down',
      at: '2026-06-01T02:20:00.000Z',
      monitor: { id: 'web', name: 'Update center', type: 'http', target: 'GET https://updates.example.org/' },
      state: 'down',
      previous_state: 'up',
      since: '2026-06-01T02:14:00.000Z',
      message: 'HTTP 503 from GET https://updates.example.org/, expected 200',
      runbook_url: 'https://tocsin.example.org/runbooks/web.md',
      ack_url: 'https://tocsin.example.org/ack/token-for-4',
      dependants: ['wiki'],
      failed_checks: 3,
      status_page_url: 'https://tocsin.example.org/status/public',
      dedup_key: 'web:4',
    });
  });

  it.each([
    [
      'a recovery',
      event({ type: 'monitor.up', previous: 'down', downFor: 360_000, message: 'back up after 6m' }),
      { state: 'up', down_for_ms: 360_000 },
      ['ack_url', 'dependants', 'failed_checks'],
    ],
    [
      'a reminder',
      event({ type: 'monitor.reminder', previous: 'down' }),
      { state: 'down', failed_checks: 3, ack_url: 'https://tocsin.example.org/ack/token-for-4' },
      ['down_for_ms'],
    ],
    ['a degradation', event({ type: 'monitor.degraded' }), { state: 'degraded' }, ['down_for_ms']],
    ['flapping', event({ type: 'monitor.flapping' }), { state: 'down' }, ['down_for_ms']],
  ] as const)('words %s by its state and leaves out what does not apply', (_title, e, has, absent) => {
    const upState = e.type === 'monitor.up' ? { ...down, status: 'up' as const, streaks: { up: 1, notUp: 0, down: 0, notDown: 1, unknown: 0 } } : down;
    const n = notificationOf(e, facts(upState), 'x');
    expect(n).toMatchObject(has);
    for (const key of absent) expect(n).not.toHaveProperty(key);
  });

  it('leaves optional links out when there are none', () => {
    const n = notificationOf(event({}), facts(down, { runbookUrl: undefined, statusPageUrl: undefined, ackUrl: undefined, dependants: [] }), 'x');
    expect(Object.keys(n).sort()).toEqual(['at', 'dedup_key', 'event', 'failed_checks', 'id', 'message', 'monitor', 'previous_state', 'since', 'state'].sort());
  });
});

describe('outboxRows', () => {
  it("makes one row per channel, each with its own id and the event's dedup key", () => {
    let n = 0;
    const rows = outboxRows(event({ channels: ['hook', 'pager'] }), facts(), () => `id-${++n}`);
    expect(rows.map((r) => [r.id, r.channel, r.dedupKey, r.monitorId, r.notification.id, r.createdAt])).toEqual([
      ['id-1', 'hook', '4:monitor.down:0', 'web', 'id-1', NOW],
      ['id-2', 'pager', '4:monitor.down:0', 'web', 'id-2', NOW],
    ]);
  });
});

describe('acknowledgedRows', () => {
  it('tells every channel paged in this episode who took it, without an ack link', () => {
    const acked = { ...down, acknowledged: { by: 'ana', at: NOW } };
    const rows = acknowledgedRows(facts(acked), 'ana', () => 'id');
    expect(rows.map((r) => [r.channel, r.dedupKey, r.notification.event, r.notification.acknowledged_by, r.notification.state])).toEqual([
      ['hook', '4:monitor.acknowledged', 'monitor.acknowledged', 'ana', 'down'],
      ['pager', '4:monitor.acknowledged', 'monitor.acknowledged', 'ana', 'down'],
    ]);
    expect(rows[0]!.notification.ack_url).toBeUndefined();
  });

  it('tells nobody when nobody was paged about this episode', () => {
    expect(acknowledgedRows(facts({ ...down, told: null }), 'ana', () => 'id')).toEqual([]);
    expect(acknowledgedRows(facts({ ...down, told: { ...down.told!, episode: 3 } }), 'ana', () => 'id')).toEqual([]);
  });
});
