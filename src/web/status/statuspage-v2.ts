/**
 * Statuspage's public API v2 (summary, status, components, incidents, incidents/unresolved,
 * scheduled-maintenances) from a page's read model, in the documented field names and values, so
 * Statuspage clients and widgets can point at /status/<slug>/api/v2/. Pure: timestamps come from
 * the store (states and posts), never from the render, so an unchanged page answers the same bytes.
 */
import { BANNER_TEXT, indicatorOf, type ComponentLevel } from '../../core/status-page.js';
import type { Post } from '../../store/incidents.js';
import { componentId, type ComponentView, type PageView } from './model.js';
import { iso } from './escape.js';

const SEVERITY: ComponentLevel[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

export interface StatuspageDocuments {
  summary: object;
  status: object;
  components: object;
  incidents: object;
  unresolved: object;
  maintenances: object;
}

export function statuspageDocuments(view: PageView, url: string | undefined): StatuspageDocuments {
  const page = pageOf(view, url);
  const status = { indicator: indicatorOf(view.level), description: BANNER_TEXT[view.level] };
  const components = componentsOf(view);
  const unresolved = view.active.map((p) => incident(p, view));
  const incidents = [...view.active, ...view.resolved.filter((p) => p.kind === 'incident')]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((p) => incident(p, view));
  const maintenances = [...view.maintenance, ...view.resolved.filter((p) => p.kind === 'maintenance')]
    .sort((a, b) => b.startsAt - a.startsAt)
    .map((p) => maintenance(p, view));
  return {
    summary: { page, components, incidents: unresolved, scheduled_maintenances: view.maintenance.map((p) => maintenance(p, view)), status },
    status: { page, status },
    components: { page, components },
    incidents: { page, incidents },
    unresolved: { page, incidents: unresolved },
    maintenances: { page, scheduled_maintenances: maintenances },
  };
}

function pageOf(view: PageView, url: string | undefined) {
  const times = [...view.components.map((c) => c.changedAt), ...[...view.active, ...view.maintenance, ...view.resolved].map((p) => p.updatedAt)].filter(
    (t): t is number => t !== undefined,
  );
  return { id: view.slug, name: view.title, url: url ?? null, time_zone: 'Etc/UTC', updated_at: times.length > 0 ? iso(Math.max(...times)) : null };
}

/** Components, then one row per group (group: true) listing its members, each with a status and position. */
function componentsOf(view: PageView): object[] {
  const groups = [...new Set(view.components.map((c) => c.group).filter((g): g is string => g !== undefined))];
  const rows: object[] = view.components.map((c, i) => ({
    id: c.id,
    name: c.name,
    status: levelOf(c),
    created_at: c.firstSeen === undefined ? null : iso(c.firstSeen),
    updated_at: c.changedAt === undefined ? null : iso(c.changedAt),
    position: i + 1,
    description: null,
    showcase: true,
    start_date: null,
    group_id: c.group === undefined ? null : groupId(c.group),
    page_id: view.slug,
    group: false,
    only_show_if_degraded: false,
  }));
  groups.forEach((name, i) => {
    const members = view.components.filter((c) => c.group === name);
    const first = members.map((c) => c.firstSeen).filter((t): t is number => t !== undefined);
    const changed = members.map((c) => c.changedAt).filter((t): t is number => t !== undefined);
    rows.push({
      id: groupId(name),
      name,
      status: members.map(levelOf).reduce((worst, s) => (SEVERITY.indexOf(s) > SEVERITY.indexOf(worst) ? s : worst), 'operational'),
      created_at: first.length > 0 ? iso(Math.min(...first)) : null,
      updated_at: changed.length > 0 ? iso(Math.max(...changed)) : null,
      position: view.components.length + i + 1,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: view.slug,
      group: true,
      only_show_if_degraded: false,
      components: members.map((c) => c.id),
    });
  });
  return rows;
}

/** Statuspage has no "unknown" component status; a component nobody has judged reads operational there, as its API cannot say otherwise. */
function levelOf(c: ComponentView): ComponentLevel {
  return c.state === 'unknown' ? 'operational' : c.state;
}

function groupId(name: string): string {
  return `group-${componentId(name)}`;
}

function incident(p: Post, view: PageView) {
  const firstAt = (status: string) => {
    const times = p.updates.filter((u) => u.status === status).map((u) => u.at);
    return times.length > 0 ? iso(Math.min(...times)) : null;
  };
  const affected = view.components.filter((c) => p.components.includes(c.name));
  return {
    id: p.id,
    name: p.title,
    status: p.status,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
    monitoring_at: firstAt('monitoring'),
    resolved_at: p.resolvedAt === null ? null : iso(p.resolvedAt),
    impact: p.impact,
    shortlink: null,
    started_at: iso(p.startsAt),
    page_id: view.slug,
    incident_updates: p.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: p.id,
      created_at: iso(u.at),
      updated_at: iso(u.at),
      display_at: iso(u.at),
      affected_components: affected.map((c) => ({ code: c.id, name: c.name, old_status: levelOf(c), new_status: levelOf(c) })),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: affected.map((c) => ({
      id: c.id,
      name: c.name,
      status: levelOf(c),
      page_id: view.slug,
      group_id: c.group === undefined ? null : groupId(c.group),
      group: false,
    })),
  };
}

function maintenance(p: Post, view: PageView) {
  return { ...incident(p, view), scheduled_for: iso(p.startsAt), scheduled_until: p.endsAt === null ? null : iso(p.endsAt) };
}
