/** The pure diff behind config sync: what applying a list of monitors would add, change, remove or restore. */
import type { MonitorSource } from './schema.js';

export interface MonitorInput {
  id: string;
  type: string;
  name: string;
  /** The resolved monitor config; stored as JSON. */
  definition: unknown;
}

export interface MonitorRow extends MonitorInput {
  source: MonitorSource;
  /** Which shape `definition` has: read it through decodeMonitorRow (store/monitors.ts). */
  definitionVersion: number;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export interface MonitorChange {
  before: MonitorRow;
  after: MonitorInput;
}

export interface MonitorSyncPlan {
  added: MonitorInput[];
  changed: MonitorChange[];
  unchanged: MonitorInput[];
  /** Live monitors of this source that the list no longer names: to be soft-deleted. */
  removed: MonitorRow[];
  /** Soft-deleted monitors the list names again. */
  restored: MonitorChange[];
}

/**
 * Compares the wanted list with every stored row, soft-deleted ones included. Only rows of `source`
 * can be removed: a config sync must never delete monitors created through the API.
 */
export function diffMonitors(stored: readonly MonitorRow[], wanted: readonly MonitorInput[], source: MonitorSource): MonitorSyncPlan {
  const diff = monitorDiff(stored, source);
  for (const monitor of wanted) diff.add(monitor);
  return diff.finish(wanted);
}

/** diffMonitors one wanted monitor at a time, for callers that let the event loop turn in between. */
export function monitorDiff(stored: readonly MonitorRow[], source: MonitorSource) {
  const byId = new Map(stored.map((row) => [row.id, row]));
  const plan: MonitorSyncPlan = { added: [], changed: [], unchanged: [], removed: [], restored: [] };
  return {
    add(monitor: MonitorInput): void {
      const before = byId.get(monitor.id);
      if (!before) plan.added.push(monitor);
      else if (before.deletedAt !== null) plan.restored.push({ before, after: monitor });
      else if (before.source !== source || !sameMonitor(before, monitor)) plan.changed.push({ before, after: monitor });
      else plan.unchanged.push(monitor);
    },
    finish(wanted: readonly MonitorInput[]): MonitorSyncPlan {
      const wantedIds = new Set(wanted.map((monitor) => monitor.id));
      plan.removed = stored.filter((row) => row.deletedAt === null && row.source === source && !wantedIds.has(row.id));
      return plan;
    },
  };
}

function sameMonitor(a: MonitorInput, b: MonitorInput): boolean {
  return a.type === b.type && a.name === b.name && canonicalJson(a.definition) === canonicalJson(b.definition);
}

/** JSON with object keys sorted, so a definition whose keys were merely reordered counts as unchanged. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
