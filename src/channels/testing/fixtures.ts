/** Notifications as the outbox would hand them over, for render and send tests. */
import type { Notification, NotificationEvent } from '../types.js';

const down: Notification = {
  id: 'ntf_01HQ',
  event: 'monitor.down',
  at: '2024-03-01T02:17:00.000Z',
  monitor: { id: 'update-center', name: 'Update center', type: 'http', target: 'https://updates.example.org/update-center.json' },
  state: 'down',
  previous_state: 'up',
  since: '2024-03-01T02:14:00.000Z',
  message: 'HTTP 503 from https://updates.example.org/update-center.json (expected 200)',
  runbook_url: 'https://tocsin.example.org/runbooks/update-center',
  ack_url: 'https://tocsin.example.org/ack/t0k',
  incident_id: 'inc_7',
  dependants: ['plugin-site', 'wiki'],
  failed_checks: 3,
  status_page_url: 'https://status.example.org/',
  dedup_key: 'update-center/4',
};

const variants: Record<NotificationEvent, Partial<Notification>> = {
  'monitor.down': {},
  'monitor.degraded': { event: 'monitor.degraded', state: 'degraded', message: 'answered in 3.2 s, slower than 2 s' },
  'monitor.unknown': {
    event: 'monitor.unknown',
    state: 'unknown',
    message: 'plugin reported UNKNOWN: check_updates cannot reach the mirror list',
    failed_checks: undefined,
  },
  'monitor.up': {
    event: 'monitor.up',
    state: 'up',
    previous_state: 'down',
    at: '2024-03-01T02:26:00.000Z',
    message: 'HTTP 200 in 120 ms',
    down_for_ms: 12 * 60_000,
    failed_checks: undefined,
    dependants: undefined,
  },
  'monitor.reminder': { event: 'monitor.reminder', at: '2024-03-01T03:19:00.000Z', failed_checks: 127 },
  'monitor.flapping': { event: 'monitor.flapping', failed_checks: undefined },
  'monitor.acknowledged': { event: 'monitor.acknowledged', at: '2024-03-01T02:20:00.000Z', acknowledged_by: 'alice' },
  'tocsin.self': {
    event: 'tocsin.self',
    monitor: { id: 'tocsin', name: 'tocsin engine', type: 'self', target: 'tocsin-1' },
    message: 'the engine stopped answering heartbeats for 30 s and was restarted',
    failed_checks: undefined,
    dependants: undefined,
    runbook_url: undefined,
    ack_url: undefined,
    incident_id: undefined,
    dedup_key: 'tocsin/engine/2',
  },
  test: {
    event: 'test',
    state: 'up',
    previous_state: 'up',
    since: '2024-03-01T02:17:00.000Z',
    message: 'sent by tocsin notify test',
    failed_checks: undefined,
    dependants: undefined,
    ack_url: undefined,
    incident_id: undefined,
    runbook_url: undefined,
  },
};

/** A notification of `event` (the down one by default), with `overrides` applied; undefined fields are dropped. */
export function notification(event: NotificationEvent = 'monitor.down', overrides: Partial<Notification> = {}): Notification {
  const merged = { ...down, ...variants[event], ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as unknown as Notification;
}

export const context = { timeZone: 'UTC', source: 'tocsin.example.org' };
