/**
 * "Broken right now" grouped, so 86 monitors failing the same way read as one line with a count:
 * by cause (a dependency they all wait on, else the same message once the parts that differ
 * between them — addresses, URLs, ids, timings — are blanked), by group or by tag. Pure.
 */
import type { Monitor } from './types.js';

export type GroupBy = 'cause' | 'group' | 'tag' | 'none';

export interface BrokenGroup {
  key: string;
  /** What the monitors share: "HTTP 500 from …", "waiting on core-db", "group shop". */
  label: string;
  monitors: Monitor[];
  /** Monitors per confirmed status, worst first: { down: 80, degraded: 6 }. */
  counts: Record<string, number>;
}

const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s,;)]+/gi;
const ADDRESS = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|\[[0-9a-f:]+\](?::\d+)?/gi;
const HEX_ID = /\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{12,}\b/gi;
const TIME = /\b\d{4}-\d{2}-\d{2}T[\d:.]+Z?\b/g;
const MEASURE = /\b\d+(?:\.\d+)?\s?(?:ms|s|min|h|d|%|kB|MB|GB|B)\b|\b\d+(?:\.\d+)?%/g;
const LONG_NUMBER = /\b\d{4,}\b|\b\d+\.\d+\b/g;

/** The message with what differs between monitors failing the same way blanked out. */
export function messagePattern(message: string): string {
  return message
    .replace(/^blocked by [^:]+: /, '')
    .replace(URL, '…')
    .replace(TIME, '…')
    .replace(ADDRESS, '…')
    .replace(HEX_ID, '…')
    .replace(MEASURE, '#')
    .replace(LONG_NUMBER, '#')
    .replace(/…(?:[\s/:]*…)+/g, '…')
    .trim();
}

/** The monitor a blocked one ultimately waits on: its first blocker, followed while that one is blocked too. */
export function dependencyRoot(m: Monitor, byId: ReadonlyMap<string, Monitor>): string | undefined {
  let current = m.state?.blocked_by?.[0];
  const seen = new Set<string>([m.id]);
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const next = byId.get(current)?.state?.blocked_by?.[0];
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

const RANK: Record<string, number> = { down: 0, degraded: 1, unknown: 2 };

function keyOf(m: Monitor, by: GroupBy, roots: ReadonlyMap<string, string>): [string, string] {
  switch (by) {
    case 'none':
      return [`m:${m.id}`, m.name];
    case 'group':
      return m.group ? [`g:${m.group}`, `group ${m.group}`] : ['g:', 'no group'];
    case 'tag':
      return m.tags[0] ? [`t:${m.tags[0]}`, `#${m.tags[0]}`] : ['t:', 'no tag'];
    case 'cause': {
      const root = roots.get(m.id);
      if (root !== undefined) return [`d:${root}`, `waiting on ${root}`];
      const pattern = messagePattern(m.state?.last_message ?? '');
      return [`p:${m.state?.status ?? ''}:${pattern}`, pattern || 'no message'];
    }
  }
}

export function groupBroken(broken: readonly Monitor[], by: GroupBy): BrokenGroup[] {
  const byId = new Map(broken.map((m) => [m.id, m]));
  const roots = new Map<string, string>();
  for (const m of broken) {
    const root = dependencyRoot(m, byId);
    if (root !== undefined) roots.set(m.id, root);
  }
  // The root itself belongs with the monitors that wait on it: one cause, one line.
  for (const root of new Set(roots.values())) if (byId.has(root)) roots.set(root, root);
  const groups = new Map<string, BrokenGroup>();
  for (const m of broken) {
    const [key, label] = keyOf(m, by, roots);
    const group = groups.get(key) ?? { key, label, monitors: [], counts: {} };
    group.monitors.push(m);
    const status = m.state?.status ?? 'pending';
    group.counts[status] = (group.counts[status] ?? 0) + 1;
    groups.set(key, group);
  }
  const worst = (g: BrokenGroup) => Math.min(...g.monitors.map((m) => RANK[m.state?.status ?? ''] ?? 3));
  return [...groups.values()].sort((a, b) => b.monitors.length - a.monitors.length || worst(a) - worst(b) || a.label.localeCompare(b.label));
}
