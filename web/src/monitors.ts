/** Pure helpers over the monitor list: search, sort, what counts as broken, and where a monitor points. */
import type { Monitor } from './types.js';

const RANK: Record<string, number> = { down: 0, degraded: 1, unknown: 2, pending: 3, up: 4, paused: 5 };

export type SortKey = 'status' | 'name' | 'latency' | 'checked';

export function target(m: Monitor): string {
  if (typeof m.target === 'string') return m.target;
  const s = m.settings ?? {};
  if (typeof s.url === 'string') return s.url;
  if (typeof s.host === 'string') return s.port ? `${s.host}:${String(s.port)}` : s.host;
  if (typeof s.query === 'string') return s.query;
  if (m.type === 'heartbeat') return 'push (heartbeat)';
  return '';
}

export function searchable(m: Monitor): string {
  return `${m.id} ${m.name} ${m.type} ${target(m)} ${m.tags.join(' ')} ${m.group ?? ''}`.toLowerCase();
}

export function search(monitors: readonly Monitor[], text: string): Monitor[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...monitors];
  return monitors.filter((m) => {
    const hay = searchable(m);
    return words.every((w) => hay.includes(w));
  });
}

function rank(m: Monitor): number {
  return RANK[m.paused ? 'paused' : (m.state?.status ?? 'pending')] ?? 6;
}

export function sortMonitors(monitors: Monitor[], key: SortKey): Monitor[] {
  const by: Record<SortKey, (a: Monitor, b: Monitor) => number> = {
    // Worst first, and within one state the longest-standing problem first.
    status: (a, b) => rank(a) - rank(b) || (a.state?.since ?? 0) - (b.state?.since ?? 0) || a.name.localeCompare(b.name),
    name: (a, b) => a.name.localeCompare(b.name),
    latency: (a, b) => (b.state?.last_latency_ms ?? -1) - (a.state?.last_latency_ms ?? -1),
    checked: (a, b) => (b.state?.last_at ?? 0) - (a.state?.last_at ?? 0),
  };
  return monitors.sort(by[key]);
}

export function facets(monitors: readonly Monitor[]): { tags: string[]; groups: string[]; types: string[] } {
  const tags = new Set<string>();
  const groups = new Set<string>();
  const types = new Set<string>();
  for (const m of monitors) {
    m.tags.forEach((t) => tags.add(t));
    if (m.group) groups.add(m.group);
    types.add(m.type);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { tags: sorted(tags), groups: sorted(groups), types: sorted(types) };
}

/**
 * Applies live `state` events to the list in one pass (a burst of thousands costs one copy, not
 * thousands); returns the same array when none of them names a listed monitor.
 */
export function applyStates(monitors: Monitor[], events: readonly Record<string, unknown>[]): Monitor[] {
  const latest = new Map<unknown, Record<string, unknown>>();
  for (const event of events) latest.set(event.id, { ...latest.get(event.id), ...event });
  let changed = false;
  const next = monitors.map((m) => {
    const event = latest.get(m.id);
    if (!event) return m;
    changed = true;
    const { id: _id, ...state } = event;
    // A new result is what ends staleness; the event carries no marker of its own for it.
    if (state.last_at !== undefined) state.stale = false;
    return { ...m, state: { ...(m.state ?? { status: 'pending' }), ...(state as Partial<Monitor['state']>) } };
  });
  return changed ? next : monitors;
}
