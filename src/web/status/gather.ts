/**
 * Gathers what one status page shows: monitor states, daily rollups, posts and configured maintenance.
 * Reading only; the writers of posts live in incidents.ts. Rendering is web/status's job.
 */
import { openWindow, upcomingWindows, windowProblem } from '../../core/maintenance.js';
import type { ConfirmedStatus } from '../../core/types.js';
import {
  componentState,
  dailyBars,
  DAY_MS,
  overallLevel,
  overallUptime,
  troubleSince,
  type DayCounts,
  type DayPost,
  type MonitorView,
} from '../../core/status-page.js';
import type { MaintenanceConfig, StatusPageConfig } from '../../schema/config.js';
import { getPost, listPosts, postsVersion, type Post } from '../../store/incidents.js';
import { readRollups, rollupWatermark } from '../../store/rollups.js';
import type { Db } from '../../store/schema.js';
import { getState, listStates, type StateRow } from '../../store/state.js';
import { uptimeCounts, uptimeOf } from '../../store/uptime.js';
import { TocsinError } from '../../lib/errors.js';
import { StatusCache } from './cache.js';
import type { LocationView } from '../../core/locations/quorum.js';
import { componentLocations } from './locations.js';
import { componentId, type ComponentView, type PageView } from './model.js';

/** Each location's view of a monitor run in several places (services/location-results.ts); undefined for others. */
export type LocationStates = (monitorId: string) => readonly LocationView[] | undefined;

export const BAR_DAYS = 90;
export const HISTORY_MS = 14 * DAY_MS;

/**
 * What changes a page: states, posts, rollup watermarks, and the minute (maintenance opens and closes
 * by the clock, and "last updated" should not lie by more than that). Cheap next to a full gather.
 */
export async function pageFingerprint(db: Db, page: StatusPageConfig, now: number, locations?: LocationStates): Promise<string> {
  const ids = new Set(page.components.flatMap((c) => c.monitors));
  const states = (await listStates(db)).filter((s) => ids.has(s.monitorId)).map((s) => `${s.monitorId}=${s.status}@${s.since}`);
  const places = locations ? [...ids].flatMap((id) => (locations(id) ?? []).map((v) => `${id}@${v.location}=${v.status}`)) : [];
  const [posts, hours] = await Promise.all([postsVersion(db, page.slug), rollupWatermark(db, 'hour')]);
  return [Math.floor(now / 60_000), posts, hours ?? 0, ...states, ...places].join('|');
}

export async function gatherPage(
  db: Db,
  page: StatusPageConfig,
  maintenance: readonly MaintenanceConfig[],
  now: number,
  locations?: LocationStates,
): Promise<PageView> {
  const states = new Map((await listStates(db)).map((s) => [s.monitorId, s]));
  const posts = [...(await listPosts(db, page.slug, now - HISTORY_MS)), ...configWindows(maintenance, page, now)];
  const underMaintenance = maintenanceMonitors(page, maintenance, posts, now);
  const components: ComponentView[] = [];
  for (const c of page.components) {
    const monitors: MonitorView[] = c.monitors.map((id) => view(states.get(id), underMaintenance.has(id)));
    const counts = await dayCounts(db, c.monitors, now);
    const state = componentState(monitors);
    const places = locations && componentLocations(c.monitors.map(locations));
    const onComponent = posts.filter((p) => p.components.includes(c.name)).map(dayPost);
    onComponent.push(...pastWindows(maintenance, c.monitors, onComponent, now));
    components.push({
      id: componentId(c.name),
      name: c.name,
      group: c.group,
      state,
      ...(state === 'unknown' && { unknownBecause: monitors.some((m) => m.status === 'unknown') ? 'unknown' : 'pending' }),
      since: state === 'operational' || state === 'unknown' ? undefined : troubleSince(monitors),
      ...sinceRange(monitors),
      bars: dailyBars(counts, onComponent, BAR_DAYS, now),
      uptime: overallUptime(counts),
      ...(places && { locations: places }),
    });
  }
  const active = posts.filter((p) => p.kind === 'incident' && p.resolvedAt === null);
  return {
    slug: page.slug,
    title: page.title,
    description: page.description,
    logo: page.logo,
    level: overallLevel(
      components.map((c) => c.state),
      active.map((p) => p.impact),
    ),
    components,
    active,
    maintenance: posts.filter((p) => p.kind === 'maintenance' && p.resolvedAt === null).sort((a, b) => a.startsAt - b.startsAt),
    resolved: posts.filter((p) => p.resolvedAt !== null && p.resolvedAt >= now - HISTORY_MS),
    generatedAt: now,
  };
}

/** Times from the store, so the Statuspage API's created_at/updated_at stay put between renders. */
function sinceRange(monitors: readonly MonitorView[]): { firstSeen?: number; changedAt?: number } {
  const times = monitors.map((m) => m.since).filter((t): t is number => typeof t === 'number');
  return times.length === 0 ? {} : { firstSeen: Math.min(...times), changedAt: Math.max(...times) };
}

function view(state: StateRow | undefined, inMaintenance: boolean): MonitorView {
  return { status: state?.status, since: state?.since, inMaintenance };
}

function dayPost(p: Post): DayPost {
  return { title: p.title, kind: p.kind, impact: p.impact, from: p.startsAt, to: p.resolvedAt ?? p.endsAt ?? undefined };
}

/**
 * Each bar day's results: daily rollups where the day is rolled up, exact counts (rollups plus raw
 * results, store/uptime.ts) for the days after — today, and yesterday until it is rolled up.
 */
async function dayCounts(db: Db, ids: readonly string[], now: number): Promise<DayCounts[]> {
  const today = now - (now % DAY_MS);
  const from = today - (BAR_DAYS - 1) * DAY_MS;
  const rolled = Math.max(from, Math.min(today, (await rollupWatermark(db, 'day')) ?? from));
  const counts: DayCounts[] = [];
  for (const id of ids) for (const r of await readRollups(db, id, 'day', from, rolled)) counts.push({ ...r, day: r.bucket });
  for (let day = rolled; day <= today; day += DAY_MS) {
    for (const c of (await uptimeCounts(db, ids, day, Math.min(day + DAY_MS, now + 1))).values()) counts.push({ ...c, day });
  }
  return counts;
}

/**
 * Occurrences of configured windows (recurring too) over a component's monitors within the bars'
 * days: results in a window do not count, so without these a day spent in maintenance would read
 * "no data". Announced or not: the page says why the day has no uptime, not what the window was for.
 */
function pastWindows(maintenance: readonly MaintenanceConfig[], monitors: readonly string[], shown: readonly DayPost[], now: number): DayPost[] {
  const from = now - (now % DAY_MS) - (BAR_DAYS - 1) * DAY_MS;
  const mine = maintenance.filter((m) => m.monitors.some((id) => monitors.includes(id)));
  return upcomingWindows(mine, from, now + 1, PAST_WINDOWS)
    .filter((w) => !shown.some((p) => p.kind === 'maintenance' && p.title === w.name && p.from === w.start))
    .map((w) => ({ title: w.name, kind: 'maintenance', impact: 'none', from: w.start, to: Math.min(w.end, now) }));
}

/** A window every hour for 90 days is 2,160 occurrences; each day needs only one to read as maintenance. */
const PAST_WINDOWS = 2200;

/** Monitors in an open configured window or in a component under a maintenance post in progress. */
function maintenanceMonitors(page: StatusPageConfig, maintenance: readonly MaintenanceConfig[], posts: readonly Post[], now: number): Set<string> {
  const ids = new Set<string>();
  for (const m of maintenance) {
    const w = nextWindow(m, now);
    if (w && w.start <= now) m.monitors.forEach((id) => ids.add(id));
  }
  for (const p of posts) {
    if (p.kind !== 'maintenance' || p.resolvedAt !== null || p.startsAt > now) continue;
    for (const c of page.components) if (p.components.includes(c.name)) c.monitors.forEach((id) => ids.add(id));
  }
  return ids;
}

/** The window open now, or the next one; undefined when a one-off window has passed or the window cannot be evaluated. */
export function nextWindow(m: MaintenanceConfig, now: number): { start: number; end: number } | undefined {
  // The status page must render whatever one window holds: a broken one is reported by alerting, not here.
  if (windowProblem(m, now) !== undefined) return undefined;
  return openWindow(m, now) ?? upcomingWindows([m], now, Infinity, 1)[0];
}

/** Configured windows announced on this page, as maintenance posts. */
function configWindows(maintenance: readonly MaintenanceConfig[], page: StatusPageConfig, now: number): Post[] {
  return maintenance.flatMap((m) => {
    const w = m.announce_on.includes(page.slug) ? nextWindow(m, now) : undefined;
    if (!w) return [];
    const status = w.start <= now ? 'in_progress' : 'scheduled';
    return [
      {
        id: `config-${componentId(m.name)}`,
        page: page.slug,
        kind: 'maintenance',
        title: m.name,
        impact: 'none',
        status,
        components: page.components.filter((c) => c.monitors.some((id) => m.monitors.includes(id))).map((c) => c.name),
        startsAt: w.start,
        endsAt: w.end,
        resolvedAt: null,
        createdAt: w.start,
        updatedAt: w.start,
        updates: [],
      } satisfies Post,
    ];
  });
}

export interface BadgeSource {
  /** Undefined when the monitor is not on any status page: badges must not reveal private monitors. */
  status(monitorId: string): Promise<ConfirmedStatus | undefined>;
  uptime(monitorId: string, days: number): Promise<number | null | undefined>;
}

export interface StatusSiteDeps {
  db: Db;
  now: () => number;
  /** Read on every use, so a reload takes effect without rebuilding the site. */
  config: () => { status_pages: readonly StatusPageConfig[]; maintenance: readonly MaintenanceConfig[]; server: { public_url?: string | undefined } };
  refreshSeconds?: number;
  onError?: (slug: string, error: unknown) => void;
  locationStates?: LocationStates;
}

/** The cache and badge source the status routes serve from, for the server's URL layout. */
export function createStatusSite(deps: StatusSiteDeps): { cache: StatusCache; badges: BadgeSource; archive: PostArchive } {
  const page = (slug: string) => deps.config().status_pages.find((p) => p.slug === slug);
  const cache = new StatusCache(
    {
      fingerprint: async (slug) => {
        const found = page(slug);
        return found && `${JSON.stringify(found)}|${await pageFingerprint(deps.db, found, deps.now(), deps.locationStates)}`;
      },
      gather: async (slug) => gatherPage(deps.db, page(slug) ?? missing(slug), deps.config().maintenance, deps.now(), deps.locationStates),
      pageUrl: (slug) => deps.config().server.public_url?.replace(/\/$/, '').concat(`/status/${slug}`),
      // Every reload and API change yields a new config object: the next request renders under it.
      version: () => deps.config(),
    },
    {
      now: deps.now,
      checkEveryMs: 1000,
      links: (slug) => ({
        assets: '/status-assets/',
        self: slug,
        feeds: slug,
        refreshSeconds: deps.refreshSeconds ?? 30,
        subscribe: `${slug}/subscribe`,
        permalink: (id) => `${slug}/incidents/${encodeURIComponent(id)}`,
        history: `${slug}/history`,
      }),
      ...(deps.onError ? { onError: deps.onError } : {}),
    },
  );
  const isPublic = (id: string) => deps.config().status_pages.some((p) => p.components.some((c) => c.monitors.includes(id)));
  const badges: BadgeSource = {
    async status(id) {
      if (!isPublic(id)) return undefined;
      return (await getState(deps.db, id))?.status ?? 'pending';
    },
    async uptime(id, days) {
      if (!isPublic(id)) return undefined;
      const now = deps.now();
      return (await uptimeOf(deps.db, id, now - days * DAY_MS, now + 1)).percent;
    },
  };
  const archive: PostArchive = {
    async post(slug, id) {
      const found = await getPost(deps.db, id);
      return found && found.page === slug ? found : undefined;
    },
    async history(slug) {
      return (await listPosts(deps.db, slug, 0)).slice(0, ARCHIVE_LIMIT);
    },
  };
  return { cache, badges, archive };
}

/** Newest first; a page older than this many posts shows its latest (each keeps its permalink). */
const ARCHIVE_LIMIT = 1000;

/** Stored posts of a page, for permalinks and the history archive: kept as long as the store keeps them. */
export interface PostArchive {
  post(slug: string, id: string): Promise<Post | undefined>;
  history(slug: string): Promise<Post[]>;
}

function missing(slug: string): never {
  throw new TocsinError('not_found', `no status page "${slug}"`);
}
