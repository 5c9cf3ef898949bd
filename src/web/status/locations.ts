/**
 * Where a component is seen failing, for components whose monitors run in several locations:
 * "Down in west · Up in east". Only each location's name and status reach the public page, never a
 * check's words (they name targets and internal errors).
 */
import { decideQuorum, isLocalOnly, LOCATION_GRACE_MS, type LocationResult, type LocationView } from '../../core/locations/quorum.js';
import type { Status } from '../../core/types.js';
import { html, type Html } from '../../lib/html.js';
import type { MonitorConfig, StatusPageConfig } from '../../schema/config.js';
import { readLocationStatesOf } from '../../store/location-state.js';
import type { Db } from '../../store/schema.js';

export interface LocationStatus {
  location: string;
  status: Status;
}

const WORST_FIRST: readonly Status[] = ['down', 'degraded', 'unknown', 'up'];
const WORDS: Record<Status, string> = { down: 'Down', degraded: 'Degraded', unknown: 'No recent result', up: 'Up' };

/**
 * Each location's worst status over the component's monitors that run there, worst first; undefined
 * when none of them runs in several locations.
 */
export function componentLocations(views: ReadonlyArray<readonly LocationView[] | undefined>): LocationStatus[] | undefined {
  const worst = new Map<string, Status>();
  for (const list of views) {
    for (const v of list ?? []) {
      const before = worst.get(v.location);
      if (before === undefined || WORST_FIRST.indexOf(v.status) < WORST_FIRST.indexOf(before)) worst.set(v.location, v.status);
    }
  }
  if (worst.size === 0) return undefined;
  return [...worst]
    .map(([location, status]) => ({ location, status }))
    .sort((a, b) => WORST_FIRST.indexOf(a.status) - WORST_FIRST.indexOf(b.status) || a.location.localeCompare(b.location));
}

/** Same statuses together: "Down in west · Up in east, local". */
export function locationsLine(list: readonly LocationStatus[]): Html {
  const parts = WORST_FIRST.flatMap((status) => {
    const names = list.filter((l) => l.status === status).map((l) => l.location);
    return names.length === 0 ? [] : [html`<span class="ls-${status}">${WORDS[status]} in ${names.join(', ')}</span>`];
  });
  return html`<p class="where">${parts.map((p, i) => (i === 0 ? p : html` · ${p}`))}</p>`;
}

/**
 * Each location's view of the page's monitors run in several places, from the store (the static
 * export runs apart from the engine, or on any instance of a cluster): the same quorum and
 * staleness as the live page.
 */
export async function storedLocationViews(
  db: Db,
  page: StatusPageConfig,
  monitors: readonly MonitorConfig[],
  now: number,
): Promise<(monitorId: string) => readonly LocationView[] | undefined> {
  const onPage = new Set(page.components.flatMap((c) => c.monitors));
  const several = new Map(monitors.filter((m) => onPage.has(m.id) && !isLocalOnly(m.locations)).map((m) => [m.id, m]));
  const latest = new Map<string, Map<string, LocationResult>>();
  for (const row of several.size === 0 ? [] : await readLocationStatesOf(db, [...several.keys()])) {
    const places = latest.get(row.monitorId) ?? new Map<string, LocationResult>();
    latest.set(row.monitorId, places);
    places.set(row.location, { status: row.status, at: row.at, message: row.message });
  }
  return (id) => {
    const monitor = several.get(id);
    if (!monitor) return undefined;
    return decideQuorum({
      locations: monitor.locations!,
      quorum: monitor.quorum ?? 'any',
      latest: latest.get(id) ?? new Map(),
      intervalMs: monitor.interval,
      graceMs: LOCATION_GRACE_MS,
      now,
    }).locations;
  };
}
