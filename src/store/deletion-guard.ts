/**
 * Whether a plan may delete what it deletes. Pure. The Inria CI outage came from a sync that saw a
 * partial list and deleted the rest: a plan that removes many objects of one kind stops unless the
 * person said so, and a file that is empty or lost a whole section never deletes anything at all.
 */
import { plural } from '../lib/plural.js';
import { PLAN_KINDS, SECTION_OF, type PlanEntry, type PlanKind } from './config-plan.js';

/** `apply.max_deletions`: a count per kind, or "N%" of the kind's stored objects (never under 3). */
export type MaxDeletions = number | `${number}%`;
export const DEFAULT_MAX_DELETIONS: MaxDeletions = '10%';
const PERCENT_FLOOR = 3;

export interface FileFacts {
  /** The file held no setting at all (empty, or only comments). */
  empty: boolean;
  /** Top-level sections the file writes; undefined when unknown (the config did not come from a file). */
  sections?: ReadonlySet<string> | undefined;
}

export interface GuardInput {
  entries: readonly PlanEntry[];
  live: Record<PlanKind, number>;
  file: FileFacts;
  allowDeletions: boolean;
  maxDeletions: MaxDeletions;
}

export type Verdict = { ok: true } | { ok: false; reason: string; overridable: boolean };

export function deletionLimit(max: MaxDeletions, live: number): number {
  if (typeof max === 'number') return max;
  return Math.max(PERCENT_FLOOR, Math.floor((Number(max.slice(0, -1)) / 100) * live));
}

export function judgeDeletions(input: GuardInput): Verdict {
  const removed = removalsByKind(input.entries);
  if (removed.size === 0) return { ok: true };
  if (input.file.empty) {
    return {
      ok: false,
      overridable: false,
      reason: `the config file is empty, and an empty file never deletes anything (it would remove ${describe(removed)})`,
    };
  }
  const sections = input.file.sections;
  const lost = sections ? [...removed.keys()].filter((kind) => !sections.has(SECTION_OF[kind])) : [];
  if (lost.length > 0) {
    const named = lost.map((kind) => `${SECTION_OF[kind]}:`).join(', ');
    return {
      ok: false,
      overridable: false,
      reason:
        `the config file has no ${named} section, and a file that lost a whole section never deletes anything (it would remove ${describe(removed)}). ` +
        `To remove them all, write the section empty (e.g. ${SECTION_OF[lost[0]!]}: ${lost[0] === 'channel' ? '{}' : '[]'}) and apply with --allow-deletions`,
    };
  }
  if (input.allowDeletions) return { ok: true };
  const over = [...removed].filter(([kind, ids]) => ids.length > deletionLimit(input.maxDeletions, input.live[kind]));
  if (over.length === 0) return { ok: true };
  const what = over
    .map(
      ([kind, ids]) =>
        `${count(ids.length, kind)} of ${input.live[kind]} (${listIds(ids)}), over the limit of ${deletionLimit(input.maxDeletions, input.live[kind])}`,
    )
    .join('; ');
  return {
    ok: false,
    overridable: true,
    reason: `the plan removes ${what} (apply.max_deletions: ${JSON.stringify(input.maxDeletions)}). If that is meant, apply with --allow-deletions (allow_deletions: true through the API)`,
  };
}

function removalsByKind(entries: readonly PlanEntry[]): Map<PlanKind, string[]> {
  const removed = new Map<PlanKind, string[]>();
  for (const kind of PLAN_KINDS) {
    const ids = entries.filter((e) => e.kind === kind && e.action === 'remove').map((e) => e.id);
    if (ids.length > 0) removed.set(kind, ids);
  }
  return removed;
}

/** Ids named in a refusal: enough to recognise the mistake, bounded for a 10,000-monitor file. */
function listIds(ids: readonly string[]): string {
  return ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`;
}

function describe(removed: Map<PlanKind, string[]>): string {
  return [...removed].map(([kind, ids]) => count(ids.length, kind)).join(', ');
}

export function count(n: number, kind: PlanKind): string {
  const one = noun(kind);
  return plural(n, one, one.endsWith('y') ? `${one.slice(0, -1)}ies` : `${one}s`);
}

export function noun(kind: PlanKind): string {
  return kind === 'status_page' ? 'status page' : kind === 'escalation' ? 'escalation policy' : kind === 'maintenance' ? 'maintenance window' : kind;
}
