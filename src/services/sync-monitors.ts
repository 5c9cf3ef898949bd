/**
 * The one path from the config file to the store: start, SIGHUP, `tocsin apply` and the API's reload
 * all plan with planConfig, judge the plan with the same deletion guard, and write it with
 * applyConfigPlan in one transaction. (The file keeps its old name; it syncs every kind now.)
 */
import { TocsinError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import {
  diffObjects,
  hasChanges,
  liveCounts,
  planEntries,
  type ConfigPlan,
  type ObjectInput,
  type ObjectKind,
  type PlanEntry,
  type PlanKind,
} from '../store/config-plan.js';
import { listConfigObjects, writeObjectSync } from '../store/config-objects.js';
import { decodeConfigObject, type StoredObjectOf } from '../store/config-object-codec.js';
import { DEFAULT_MAX_DELETIONS, judgeDeletions, type FileFacts, type Verdict } from '../store/deletion-guard.js';
import { decodeMonitorRows, planMonitorSync, writeMonitorSync } from '../store/monitors.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit, type AuditActor } from './audit.js';
import { fileFactsOf } from './config-file-facts.js';
import { maskForPlan } from './plan-mask.js';

/** The parts of a config a sync reads; a kind left out counts as a section the file does not have. */
export type SyncedConfig = Pick<Config, 'monitors'> & Partial<Pick<Config, 'channels' | 'escalations' | 'status_pages' | 'maintenance' | 'apply'>>;

export interface SyncOptions {
  allowDeletions: boolean;
  now: number;
  logger: Logger;
  /** Who the audit log names; the config sync itself when not given. */
  actor?: AuditActor;
  /**
   * What a refused plan does. `throw` (reload, apply): nothing changes, the caller keeps what it runs.
   * `keep` (start, where there is nothing running yet): the plan's additions and changes are applied
   * and what it would remove keeps running from its stored definition.
   */
  onRefusal?: 'throw' | 'keep';
}

export async function planConfig(db: Db, config: SyncedConfig): Promise<ConfigPlan> {
  const monitors = await planMonitorSync(
    db,
    config.monitors.map((m) => ({ id: m.id, type: m.type, name: m.name, definition: m })),
    'config',
  );
  const objects = diffObjects(await listConfigObjects(db, { includeDeleted: true }), wantedObjects(config));
  return { monitors, objects };
}

/** The plan's lines with secrets masked, as `tocsin plan` and the API show them. */
export function describeEntries(plan: ConfigPlan): PlanEntry[] {
  return planEntries(plan, maskForPlan);
}

export function judgePlan(plan: ConfigPlan, config: SyncedConfig, allowDeletions: boolean): Verdict {
  return judgeDeletions({
    entries: planEntries(plan),
    live: liveCounts(plan),
    file: factsOf(config),
    allowDeletions,
    maxDeletions: config.apply?.max_deletions ?? DEFAULT_MAX_DELETIONS,
  });
}

const CONFIG_SYNC: AuditActor = { kind: 'system', label: 'config sync (start, SIGHUP)' };
/** Removed ids named in the audit entry: enough to find them again, bounded for a mass removal. */
const AUDITED_IDS = 100;

/** Every kind in one transaction, with its audit entry: a sync that fails half way leaves the store as it was. */
export async function applyConfigPlan(db: Db, plan: ConfigPlan, now: number, actor: AuditActor = CONFIG_SYNC): Promise<void> {
  if (!hasChanges(plan)) return;
  await inTransaction(db, async (trx) => {
    await writeMonitorSync(trx, plan.monitors, now, 'config');
    await writeObjectSync(trx, plan.objects, now);
    const entries = planEntries(plan);
    const count = (action: string) => entries.filter((e) => e.action === action).length;
    const removed = entries.filter((e) => e.action === 'remove').map((e) => `${e.kind} ${e.id}`);
    await recordAudit(trx, {
      actor,
      action: 'config.apply',
      target: 'tocsin.yaml',
      after: { added: count('add'), changed: count('change'), restored: count('restore'), removed: removed.length, removed_ids: removed.slice(0, AUDITED_IDS) },
      at: now,
    });
  });
}

/** Plans, judges and applies; returns the config to run. A refusal is a `conflict` naming what and why. */
export async function syncConfig<C extends SyncedConfig>(db: Db, config: C, options: SyncOptions): Promise<C> {
  const plan = await planConfig(db, config);
  // Planning and writing 100,000 monitors are seconds apart of work: checks run in between.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const verdict = judgePlan(plan, config, options.allowDeletions);
  if (verdict.ok) {
    await applyConfigPlan(db, plan, options.now, options.actor);
    const removed = planEntries(plan)
      .filter((e) => e.action === 'remove')
      .map((e) => `${e.kind} ${e.id}`);
    if (removed.length > 0)
      options.logger.warn(
        `removed ${removed.length} (restorable with tocsin restore): ${removed.slice(0, AUDITED_IDS).join(', ')}${removed.length > AUDITED_IDS ? ' …' : ''}`,
      );
    return config;
  }
  const refusal = `nothing was removed: ${verdict.reason}.`;
  if (options.onRefusal !== 'keep') throw new TocsinError('conflict', `${refusal} Nothing was changed.`);
  await applyConfigPlan(db, withoutRemovals(plan), options.now, options.actor);
  options.logger.error(`${refusal} What the file no longer names keeps running; run \`tocsin plan\` to review.`);
  return keepRemoved(config, plan, options.logger);
}

/** The config's monitors, kept for callers that sync monitors alone (tests, tools). */
export async function syncMonitors(db: Db, monitors: readonly MonitorConfig[], options: SyncOptions): Promise<MonitorConfig[]> {
  return (await syncConfig(db, { monitors: [...monitors] }, { onRefusal: 'keep', ...options })).monitors;
}

function factsOf(config: SyncedConfig): FileFacts {
  const known = fileFactsOf(config as Config);
  if (known) return known;
  const sections = new Set(['monitors']);
  for (const [key, section] of [
    ['channels', 'channels'],
    ['escalations', 'escalations'],
    ['status_pages', 'status_pages'],
    ['maintenance', 'maintenance'],
  ] as const) {
    if (config[key] !== undefined) sections.add(section);
  }
  return { empty: false, sections };
}

/** The config's objects of every kind but monitors, as stored: resolved definitions keyed by kind and id. */
export function wantedObjects(config: SyncedConfig): ObjectInput[] {
  const objects: ObjectInput[] = [];
  for (const [id, definition] of Object.entries(config.channels ?? {})) objects.push({ kind: 'channel', id, definition });
  for (const [id, definition] of Object.entries(config.escalations ?? {})) objects.push({ kind: 'escalation', id, definition });
  for (const page of config.status_pages ?? []) objects.push({ kind: 'status_page', id: page.slug, definition: page });
  // Windows have no id but their name; a repeated name gets a suffix so each keeps a row of its own.
  const seen = new Map<string, number>();
  for (const window of config.maintenance ?? []) {
    const n = (seen.get(window.name) ?? 0) + 1;
    seen.set(window.name, n);
    objects.push({ kind: 'maintenance', id: n === 1 ? window.name : `${window.name} (${n})`, definition: window });
  }
  return objects;
}

function withoutRemovals(plan: ConfigPlan): ConfigPlan {
  return { monitors: { ...plan.monitors, removed: [] }, objects: { ...plan.objects, removed: [] } };
}

/**
 * The config with what the refused plan would remove added back from the store. Each kept row is decoded
 * (store/config-object-codec.ts), as kept monitors are: one that does not is logged with why and left out.
 */
function keepRemoved<C extends SyncedConfig>(config: C, plan: ConfigPlan, logger: Logger): C {
  const kept = <K extends PlanKind & ObjectKind>(kind: K): Array<{ id: string; definition: StoredObjectOf[K] }> =>
    plan.objects.removed
      .filter((row) => row.kind === kind)
      .flatMap((row) => {
        const decoded = row.problem === undefined ? decodeConfigObject(kind, row.definition) : { ok: false as const, problem: row.problem };
        if (decoded.ok) return [{ id: row.id, definition: decoded.definition }];
        logger.error({ [kind]: row.id }, `${kind.replace('_', ' ')} ${row.id} is kept in the store but cannot be used: its ${decoded.problem}`);
        return [];
      });
  const removed = decodeMonitorRows(plan.monitors.removed);
  for (const { id, problem } of removed.unreadable) logger.error({ monitor: id }, `monitor ${id} is kept in the store but cannot run: its ${problem}`);
  const out: C = { ...config, monitors: [...config.monitors, ...removed.monitors] };
  if (config.channels) out.channels = { ...config.channels, ...Object.fromEntries(kept('channel').map((r) => [r.id, r.definition])) };
  if (config.escalations) out.escalations = { ...config.escalations, ...Object.fromEntries(kept('escalation').map((r) => [r.id, r.definition])) };
  if (config.status_pages) out.status_pages = [...config.status_pages, ...kept('status_page').map((r) => r.definition)];
  if (config.maintenance) out.maintenance = [...config.maintenance, ...kept('maintenance').map((r) => r.definition)];
  return out;
}
