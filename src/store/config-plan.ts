/**
 * The whole plan of a config sync, for every kind the file holds: monitors (diffed by monitor-plan.ts)
 * and the kinds stored in config_objects. Pure: the store reads rows, this decides what they become.
 */
import { canonicalJson, type MonitorSyncPlan } from './monitor-plan.js';
import { diffFields, type FieldChange } from './field-diff.js';

export type ObjectKind = 'channel' | 'escalation' | 'status_page' | 'maintenance';
export type PlanKind = 'monitor' | ObjectKind;

export const PLAN_KINDS: readonly PlanKind[] = ['monitor', 'channel', 'escalation', 'status_page', 'maintenance'];
/** The top-level section of tocsin.yaml each kind is written in. */
export const SECTION_OF: Record<PlanKind, string> = {
  monitor: 'monitors',
  channel: 'channels',
  escalation: 'escalations',
  status_page: 'status_pages',
  maintenance: 'maintenance',
};

export interface ObjectInput {
  kind: ObjectKind;
  id: string;
  definition: unknown;
}

export interface ObjectRow extends ObjectInput {
  /** Why the stored definition could not be read back (it is then null): a sync rewrites it, nothing runs it. */
  problem?: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export interface ObjectSyncPlan {
  added: ObjectInput[];
  changed: Array<{ before: ObjectRow; after: ObjectInput }>;
  /** Soft-deleted rows the file names again. */
  restored: Array<{ before: ObjectRow; after: ObjectInput }>;
  removed: ObjectRow[];
  unchanged: ObjectInput[];
}

export interface ConfigPlan {
  monitors: MonitorSyncPlan;
  objects: ObjectSyncPlan;
}

export type Action = 'add' | 'change' | 'restore' | 'remove';

/** One line of the plan as people and machines read it. */
export interface PlanEntry {
  kind: PlanKind;
  id: string;
  action: Action;
  /** For change and restore: what differs from the stored definition (secrets masked). */
  fields?: FieldChange[];
}

export function diffObjects(stored: readonly ObjectRow[], wanted: readonly ObjectInput[]): ObjectSyncPlan {
  const key = (o: { kind: string; id: string }) => `${o.kind}\u0000${o.id}`;
  const byKey = new Map(stored.map((row) => [key(row), row]));
  const plan: ObjectSyncPlan = { added: [], changed: [], restored: [], removed: [], unchanged: [] };
  for (const object of wanted) {
    const before = byKey.get(key(object));
    if (!before) plan.added.push(object);
    else if (before.deletedAt !== null) plan.restored.push({ before, after: object });
    else if (canonicalJson(before.definition) !== canonicalJson(object.definition)) plan.changed.push({ before, after: object });
    else plan.unchanged.push(object);
  }
  const wantedKeys = new Set(wanted.map(key));
  plan.removed = stored.filter((row) => row.deletedAt === null && !wantedKeys.has(key(row)));
  return plan;
}

/**
 * Every change of the plan, in kind order then id order. With `mask` (which hides secrets of a kind's
 * definitions) changes carry their field diff; without, only what changes (cheap: guard, audit, logs).
 */
export function planEntries(plan: ConfigPlan, mask?: (kind: PlanKind, definition: unknown) => unknown): PlanEntry[] {
  const fields = (kind: PlanKind, before: unknown, after: unknown) => (mask ? diffFields(before, after, (d) => mask(kind, d)) : undefined);
  const m = plan.monitors;
  const o = plan.objects;
  const entries: PlanEntry[] = [
    ...m.added.map((x): PlanEntry => ({ kind: 'monitor', id: x.id, action: 'add' })),
    ...m.changed.map((c): PlanEntry => ({
      kind: 'monitor',
      id: c.after.id,
      action: 'change',
      fields: fields('monitor', c.before.definition, c.after.definition),
    })),
    ...m.restored.map((c): PlanEntry => ({
      kind: 'monitor',
      id: c.after.id,
      action: 'restore',
      fields: fields('monitor', c.before.definition, c.after.definition),
    })),
    ...m.removed.map((x): PlanEntry => ({ kind: 'monitor', id: x.id, action: 'remove' })),
    ...o.added.map((x): PlanEntry => ({ kind: x.kind, id: x.id, action: 'add' })),
    ...o.changed.map((c): PlanEntry => ({
      kind: c.after.kind,
      id: c.after.id,
      action: 'change',
      fields: fields(c.after.kind, c.before.definition, c.after.definition),
    })),
    ...o.restored.map((c): PlanEntry => ({
      kind: c.after.kind,
      id: c.after.id,
      action: 'restore',
      fields: fields(c.after.kind, c.before.definition, c.after.definition),
    })),
    ...o.removed.map((x): PlanEntry => ({ kind: x.kind, id: x.id, action: 'remove' })),
  ];
  for (const entry of entries) if (entry.fields === undefined) delete entry.fields;
  const order = (e: PlanEntry) => PLAN_KINDS.indexOf(e.kind);
  return entries.sort((a, b) => order(a) - order(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Live objects of each kind in the store before the plan: the base of the deletion limit. */
export function liveCounts(plan: ConfigPlan): Record<PlanKind, number> {
  const counts = Object.fromEntries(PLAN_KINDS.map((k) => [k, 0])) as Record<PlanKind, number>;
  const m = plan.monitors;
  // Only config monitors: removal never touches the API's, so they do not widen the limit either.
  counts.monitor = m.changed.filter((c) => c.before.source === 'config').length + m.unchanged.length + m.removed.length;
  const o = plan.objects;
  for (const row of [...o.changed.map((c) => c.before), ...o.unchanged, ...o.removed]) counts[row.kind] += 1;
  return counts;
}

export function hasChanges(plan: ConfigPlan): boolean {
  const { monitors: m, objects: o } = plan;
  return [m.added, m.changed, m.restored, m.removed, o.added, o.changed, o.restored, o.removed].some((list) => list.length > 0);
}
