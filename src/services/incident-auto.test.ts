import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../core/alert/index.js';
import type { IncidentRule } from '../core/incident/routing.js';
import { silentLogger } from '../lib/logger.js';
import { migrate } from '../store/migrate.js';
import type { Store } from '../store/open.js';
import { eventsOf, getIncident, listIncidents } from '../store/response-incidents.js';
import { sqliteStore } from '../../test/store/dialects.js';
import { changeIncident } from './incident-response.js';
import { IncidentAuto } from './incident-auto.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 3);
const MONITORS: Record<string, { id: string; name: string; tags: string[] }> = {
  db: { id: 'db', name: 'Database', tags: [] },
  web: { id: 'web', name: 'Website', tags: [] },
  mail: { id: 'mail', name: 'Mail', tags: [] },
};
const DEPENDS: Record<string, string[]> = { web: ['db'] };

function event(type: AlertEvent['type'], step = 0): AlertEvent {
  return { type, channels: ['hook'], episode: 1, step, dedupKey: `1:${type}:${step}`, message: 'm', since: T0, previous: 'up' };
}

let store: Store;
let cleanup: () => Promise<void>;
let rules: IncidentRule[] = [];
let auto: IncidentAuto;
beforeAll(async () => {
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
  auto = new IncidentAuto({ db: store.db, logger: silentLogger(), rules: () => rules, monitor: (id) => MONITORS[id], dependsOn: () => DEPENDS });
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('incidents opened by alerts', () => {
  it('opens nothing while no rule covers the monitor', async () => {
    expect(auto.onAlert('db', [event('monitor.down')], T0)).toBeUndefined();
    await auto.settled();
    expect(await listIncidents(store.db, { limit: 10 })).toEqual([]);
  });

  it('opens one incident for an outage and its dependant, another for an unrelated monitor, and records recoveries', async () => {
    rules = [{ monitors: [], tags: [], open_on: ['down'], severity: 2, join_window: 10 * MIN }];
    const first = auto.onAlert('db', [event('monitor.down')], T0);
    expect(auto.onAlert('web', [event('monitor.down')], T0 + MIN)).toBe(first);
    // An escalation step of the same alert changes nothing but still carries the incident.
    expect(auto.onAlert('db', [event('monitor.down', 1)], T0 + 2 * MIN)).toBe(first);
    const other = auto.onAlert('mail', [event('monitor.down')], T0 + 3 * MIN);
    expect(other).not.toBe(first);
    expect(auto.onAlert('db', [event('monitor.up')], T0 + 20 * MIN)).toBe(first);
    await auto.settled();
    expect(await getIncident(store.db, first!)).toMatchObject({ title: 'Database is down', severity: 2, monitors: ['db', 'web'], openedBy: 'auto' });
    expect((await eventsOf(store.db, first!)).map((e) => [e.at - T0, e.kind, e.monitorId])).toEqual([
      [0, 'opened', 'db'],
      [MIN, 'joined', 'web'],
      [20 * MIN, 'recovered', 'db'],
    ]);
    expect(await getIncident(store.db, other!)).toMatchObject({ monitors: ['mail'] });
  });

  it('starts a new incident when the one it would join was resolved by hand', async () => {
    const [open] = await listIncidents(store.db, { unresolved: true, limit: 1 });
    const held = open!.monitors[0]!;
    await changeIncident({ db: store.db, now: T0 + 30 * MIN, actor: { kind: 'cli', label: 'ana' } }, open!.id, { state: 'resolved' });
    auto.onAlert(held, [event('monitor.down')], T0 + 31 * MIN);
    await auto.settled();
    const now = await listIncidents(store.db, { unresolved: true, limit: 10 });
    expect(now.some((i) => i.monitors.includes(held) && i.id !== open!.id)).toBe(true);
  });
});
