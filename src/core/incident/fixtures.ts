/** One outage, as the store would give it, for the tests of the timeline, post-mortem and report. */
import type { TimelineSources } from './timeline.js';
import type { ResponseIncident } from './types.js';

export const T0 = Date.UTC(2026, 10, 3, 2, 0, 0);
export const MIN = 60_000;

export function incidentAt(over: Partial<ResponseIncident> = {}): ResponseIncident {
  return {
    id: 'inc-1',
    title: 'Mirrors database unreachable',
    severity: 2,
    state: 'resolved',
    commander: 'ana',
    participants: ['bob'],
    links: [{ label: 'chat', url: 'https://chat.example.org/room/42' }],
    monitors: ['db', 'web'],
    components: ['Downloads'],
    posts: [],
    analysis: { root_cause: 'The connection pool was exhausted.' },
    openedBy: 'auto',
    openedAt: T0 + 2 * MIN,
    resolvedAt: T0 + 50 * MIN,
    postmortem: 'pending',
    postmortemAt: null,
    updatedAt: T0 + 50 * MIN,
    ...over,
  };
}

/** db fails at T0, pages at +2m, web joins at +3m, Ana acknowledges at +7m, both recover by +40m, resolved at +50m. */
export function outage(): TimelineSources {
  return {
    incident: incidentAt(),
    failures: [
      { monitorId: 'db', at: T0, message: 'connect ETIMEDOUT' },
      { monitorId: 'web', at: T0 + MIN, message: 'HTTP 503' },
    ],
    notifications: [
      {
        monitorId: 'db',
        channel: 'ops-mail',
        kind: 'problem',
        step: 0,
        state: 'down',
        createdAt: T0 + 2 * MIN,
        deliveredAt: T0 + 2 * MIN + 900,
        deadAt: null,
        lastError: null,
      },
      {
        monitorId: 'db',
        channel: 'phone',
        kind: 'problem',
        step: 1,
        state: 'down',
        createdAt: T0 + 5 * MIN,
        deliveredAt: null,
        deadAt: T0 + 6 * MIN,
        lastError: 'HTTP 500',
      },
      {
        monitorId: 'db',
        channel: 'ops-mail',
        kind: 'recovery',
        step: 0,
        state: 'up',
        createdAt: T0 + 40 * MIN,
        deliveredAt: T0 + 40 * MIN + 500,
        deadAt: null,
        lastError: null,
      },
    ],
    acks: [{ monitorId: 'db', at: T0 + 7 * MIN, by: 'ana' }],
    postUpdates: [{ page: 'public', status: 'investigating', body: 'Downloads fail.\nMore soon.', at: T0 + 10 * MIN }],
    events: [
      { id: 'e1', at: T0 + 2 * MIN, kind: 'opened', by: null, monitorId: 'db', text: 'opened by the alert on db (down)' },
      { id: 'e2', at: T0 + 3 * MIN, kind: 'joined', by: null, monitorId: 'web', text: 'web (down) joined' },
      { id: 'e3', at: T0 + 12 * MIN, kind: 'note', by: 'bob', monitorId: null, text: 'pool at 100/100' },
      { id: 'e4', at: T0 + 30 * MIN, kind: 'recovered', by: null, monitorId: 'web', text: 'web is up' },
      { id: 'e5', at: T0 + 40 * MIN, kind: 'recovered', by: null, monitorId: 'db', text: 'db is up' },
      { id: 'e6', at: T0 + 50 * MIN, kind: 'state', by: 'ana', monitorId: null, text: 'resolved' },
    ],
  };
}
