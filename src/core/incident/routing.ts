/**
 * Which incident an alert belongs to. An alert that matches a rule opens an incident, unless an
 * open one already holds its monitor, or took an alert within the rule's join window from a monitor
 * that shares a dependency root or a tag with it: one outage, one incident, however many monitors
 * it takes down. Pure: the caller holds the open incidents and the monitors' dependencies.
 */
import type { Severity } from './types.js';

export type OpenOn = 'down' | 'degraded' | 'unknown';

export interface IncidentRule {
  /** Monitor ids this rule covers; with `tags` empty too, every monitor. */
  monitors: readonly string[];
  tags: readonly string[];
  open_on: readonly OpenOn[];
  severity: Severity;
  /** Milliseconds after an incident's latest alert during which related alerts join it. */
  join_window: number;
}

export interface AlertingMonitor {
  id: string;
  tags: readonly string[];
}

export interface OpenIncidentView {
  id: string;
  monitors: readonly string[];
  tags: readonly string[];
  /** Dependency roots of its monitors. */
  roots: readonly string[];
  lastAlertAt: number;
}

export type Routing = { kind: 'join'; id: string } | { kind: 'open'; severity: Severity } | { kind: 'none' };

/** The first rule that covers the monitor; rules are tried in order. */
export function ruleFor(monitor: AlertingMonitor, rules: readonly IncidentRule[]): IncidentRule | undefined {
  return rules.find(
    (rule) => (rule.monitors.length === 0 && rule.tags.length === 0) || rule.monitors.includes(monitor.id) || rule.tags.some((t) => monitor.tags.includes(t)),
  );
}

/**
 * The monitors at the top of a monitor's depends_on chains (itself when it depends on nothing).
 * Bounded by the number of monitors; a cycle (refused by the config, but cheap to survive) ends the walk.
 */
export function dependencyRoots(monitorId: string, dependsOn: Readonly<Record<string, readonly string[]>>): string[] {
  const roots = new Set<string>();
  const seen = new Set<string>();
  const stack = [monitorId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const upstream = dependsOn[id] ?? [];
    if (upstream.length === 0) roots.add(id);
    else stack.push(...upstream);
  }
  return [...roots].sort();
}

export function routeAlert(
  alert: { monitor: AlertingMonitor; status: OpenOn; roots: readonly string[]; at: number },
  open: readonly OpenIncidentView[],
  rules: readonly IncidentRule[],
): Routing {
  const rule = ruleFor(alert.monitor, rules);
  if (!rule || !rule.open_on.includes(alert.status)) return { kind: 'none' };
  const holding = open.find((incident) => incident.monitors.includes(alert.monitor.id));
  if (holding) return { kind: 'join', id: holding.id };
  const related = open
    .filter((incident) => alert.at - incident.lastAlertAt <= rule.join_window)
    .filter((incident) => incident.roots.some((r) => alert.roots.includes(r)) || incident.tags.some((t) => alert.monitor.tags.includes(t)))
    // The most recently alerted one: the outage still unfolding.
    .sort((a, b) => b.lastAlertAt - a.lastAlertAt)[0];
  return related ? { kind: 'join', id: related.id } : { kind: 'open', severity: rule.severity };
}
