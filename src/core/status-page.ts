/**
 * What a status page says, decided purely from monitor states, daily counts and posted incidents.
 * Component and banner levels use Atlassian Statuspage's words so summary.json consumers adapt easily.
 */
import type { ConfirmedStatus } from './types.js';
import { NO_RESULTS, sumCounts, uptimePercent, type UptimeCounts } from './uptime.js';

export type ComponentLevel = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';
/** A component none of whose monitors has a judged status (pending, unknown): "operational" would be a guess. */
export type ComponentState = ComponentLevel | 'unknown';
export type Impact = 'none' | 'minor' | 'major' | 'critical';
export type BarLevel = 'none' | 'up' | 'maintenance' | 'degraded' | 'down';

export interface MonitorView {
  /** Undefined when the monitor has not been checked yet. */
  status: ConfirmedStatus | undefined;
  since: number | undefined;
  inMaintenance: boolean;
}

/**
 * The worst of the monitors: all down is a major outage, some down a partial one. Monitors that are
 * pending or unknown say nothing either way, so they are left out (docs/states.md).
 */
export function componentState(monitors: readonly MonitorView[]): ComponentState {
  const known = monitors.filter((m) => m.status !== undefined && m.status !== 'pending' && m.status !== 'unknown');
  if (known.length === 0) return 'unknown';
  const live = known.filter((m) => !m.inMaintenance);
  if (live.length === 0) return 'under_maintenance';
  const down = live.filter((m) => m.status === 'down').length;
  if (down === live.length) return 'major_outage';
  if (down > 0) return 'partial_outage';
  if (live.some((m) => m.status === 'degraded')) return 'degraded_performance';
  return 'operational';
}

/** When the component's current trouble began: the earliest `since` among its monitors that are not up. */
export function troubleSince(monitors: readonly MonitorView[]): number | undefined {
  const times = monitors.filter((m) => (m.status === 'degraded' || m.status === 'down') && m.since !== undefined).map((m) => m.since as number);
  return times.length ? Math.min(...times) : undefined;
}

const LEVEL_RANK: Record<ComponentLevel, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

const IMPACT_LEVEL: Record<Impact, ComponentLevel> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};

/**
 * The banner: every component in a major outage is a major outage for the page, any outage short of
 * that a partial one. A posted incident's impact is a floor, because people post before monitors see it.
 */
export function overallLevel(components: readonly ComponentState[], activeImpacts: readonly Impact[] = []): ComponentLevel {
  const known = components.filter((c): c is ComponentLevel => c !== 'unknown');
  let level: ComponentLevel = 'operational';
  if (known.length > 0 && known.every((c) => c === 'major_outage')) level = 'major_outage';
  else if (known.some((c) => c === 'major_outage' || c === 'partial_outage')) level = 'partial_outage';
  else if (known.some((c) => c === 'degraded_performance')) level = 'degraded_performance';
  else if (known.some((c) => c === 'under_maintenance')) level = 'under_maintenance';
  for (const impact of activeImpacts) {
    const floor = IMPACT_LEVEL[impact];
    if (LEVEL_RANK[floor] > LEVEL_RANK[level]) level = floor;
  }
  return level;
}

/** Statuspage's page indicator for a banner level. */
export function indicatorOf(level: ComponentLevel): Impact | 'maintenance' {
  switch (level) {
    case 'operational':
      return 'none';
    case 'under_maintenance':
      return 'maintenance';
    case 'degraded_performance':
      return 'minor';
    case 'partial_outage':
      return 'major';
    case 'major_outage':
      return 'critical';
  }
}

export const BANNER_TEXT: Record<ComponentLevel, string> = {
  operational: 'All systems operational',
  under_maintenance: 'Scheduled maintenance in progress',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const DAY_MS = 86_400_000;

export interface DayCounts extends UptimeCounts {
  /** Start of the UTC day, ms. */
  day: number;
}

export interface DayPost {
  title: string;
  kind: 'incident' | 'maintenance';
  impact: Impact;
  /** When it started and ended (undefined while it goes on). */
  from: number;
  to: number | undefined;
}

export interface DayBar {
  day: number;
  level: BarLevel;
  /** Uptime of the day's judged results (core/uptime.ts); null when none counted. */
  uptime: number | null;
  posts: string[];
}

const BAR_RANK: Record<BarLevel, number> = { none: 0, up: 1, maintenance: 2, degraded: 3, down: 4 };

function worseBar(a: BarLevel, b: BarLevel): BarLevel {
  return BAR_RANK[b] > BAR_RANK[a] ? b : a;
}

function postLevel(post: DayPost): BarLevel {
  if (post.kind === 'maintenance') return 'maintenance';
  if (post.impact === 'critical' || post.impact === 'major') return 'down';
  return post.impact === 'minor' ? 'degraded' : 'up';
}

/**
 * One bar per UTC day, oldest first, ending with today. A day's colour is its worst state: any down
 * run or a major posted incident makes it red, so a short outage is not averaged away.
 */
export function dailyBars(counts: readonly DayCounts[], posts: readonly DayPost[], days: number, now: number): DayBar[] {
  const today = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
  const byDay = new Map<number, UptimeCounts>();
  for (const c of counts) byDay.set(c.day, sumCounts(byDay.get(c.day) ?? NO_RESULTS, c));
  const bars: DayBar[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = today - i * DAY_MS;
    const c = byDay.get(day) ?? NO_RESULTS;
    let level: BarLevel = c.down > 0 ? 'down' : c.degraded > 0 ? 'degraded' : c.up > 0 ? 'up' : 'none';
    const onDay = posts.filter((p) => p.from < day + DAY_MS && (p.to ?? now) >= day);
    for (const post of onDay) level = worseBar(level, postLevel(post));
    bars.push({ day, level, uptime: uptimePercent(c), posts: onDay.map((p) => p.title) });
  }
  return bars;
}

/** Uptime over all the bars' results, or null with none judged. */
export function overallUptime(counts: readonly DayCounts[]): number | null {
  return uptimePercent(counts.reduce<UptimeCounts>((sum, c) => sumCounts(sum, c), NO_RESULTS));
}
