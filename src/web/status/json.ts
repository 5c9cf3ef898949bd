/**
 * /status/<slug>.json, shaped after Atlassian Statuspage's summary.json (page, status, components,
 * incidents, scheduled_maintenances) so existing consumers adapt by changing the URL. Fields tocsin adds
 * (uptime, since) are extra keys that such consumers ignore.
 */
import { BANNER_TEXT, indicatorOf } from '../../core/status-page.js';
import type { Post } from '../../store/incidents.js';
import { componentId, type PageView } from './model.js';
import { iso } from './escape.js';

export function renderSummary(view: PageView, url: string | undefined): object {
  const at = iso(view.generatedAt);
  const groups = [...new Set(view.components.map((c) => c.group).filter((g): g is string => g !== undefined))];
  const components = view.components.map((c, position) => ({
    id: c.id,
    name: c.name,
    status: c.state,
    position: position + 1,
    description: null,
    group: false,
    group_id: c.group === undefined ? null : `group-${componentId(c.group)}`,
    page_id: view.slug,
    only_show_if_degraded: false,
    showcase: true,
    created_at: at,
    updated_at: at,
    since: c.since === undefined ? null : iso(c.since),
    uptime_90d: c.uptime === null ? null : Number(c.uptime.toFixed(4)),
  }));
  const groupRows = groups.map((g) => ({
    id: `group-${componentId(g)}`,
    name: g,
    group: true,
    components: view.components.filter((c) => c.group === g).map((c) => c.id),
    page_id: view.slug,
  }));
  return {
    page: { id: view.slug, name: view.title, url: url ?? null, time_zone: 'Etc/UTC', updated_at: at },
    status: { indicator: indicatorOf(view.level), description: BANNER_TEXT[view.level] },
    components: [...components, ...groupRows],
    incidents: view.active.map((p) => post(p, view)),
    scheduled_maintenances: view.maintenance.map((p) => ({
      ...post(p, view),
      scheduled_for: iso(p.startsAt),
      scheduled_until: p.endsAt === null ? null : iso(p.endsAt),
    })),
  };
}

function post(p: Post, view: PageView) {
  const affected = view.components.filter((c) => p.components.includes(c.name)).map((c) => ({ id: c.id, name: c.name, status: c.state }));
  return {
    id: p.id,
    name: p.title,
    status: p.status,
    impact: p.impact,
    page_id: view.slug,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
    started_at: iso(p.startsAt),
    resolved_at: p.resolvedAt === null ? null : iso(p.resolvedAt),
    shortlink: null,
    components: affected,
    incident_updates: p.updates.map((u) => ({
      id: u.id,
      incident_id: p.id,
      status: u.status,
      body: u.body,
      created_at: iso(u.at),
      updated_at: iso(u.at),
      display_at: iso(u.at),
    })),
  };
}
