import { plural } from '../lib/plural.js';
import type { Logger } from '../lib/logger.js';
import type { MonitorConfig } from '../schema/config.js';
import { applyMonitorSync, planMonitorSync, type MonitorSyncPlan } from '../store/monitors.js';
import type { Db } from '../store/schema.js';

export interface SyncOptions {
  allowDeletions: boolean;
  now: number;
  logger: Logger;
}

/** What applying the config's monitors would change; writes nothing. */
export function planConfigSync(db: Db, monitors: readonly MonitorConfig[]): Promise<MonitorSyncPlan> {
  return planMonitorSync(db, monitors.map((m) => ({ id: m.id, type: m.type, name: m.name, definition: m })), 'config');
}

/**
 * Stores the config's monitors and returns the ones to run. Monitors that the
 * config no longer names are deleted only with `allowDeletions` (`tocsin apply
 * --allow-deletions`); otherwise they keep running from their stored
 * definition and the refusal is logged — a partial config file must never
 * silently delete monitors (the Inria CI incident).
 */
export async function syncMonitors(db: Db, monitors: readonly MonitorConfig[], options: SyncOptions): Promise<MonitorConfig[]> {
  const plan = await planConfigSync(db, monitors);
  if (plan.removed.length === 0 || options.allowDeletions) {
    await applyMonitorSync(db, plan, options.now, 'config');
    if (plan.removed.length > 0) options.logger.warn(`deleted ${plural(plan.removed.length, 'monitor')}: ${plan.removed.map((m) => m.id).join(', ')}`);
    return [...monitors];
  }
  const kept = plan.removed.map((row) => row.definition as MonitorConfig);
  await applyMonitorSync(db, { ...plan, removed: [] }, options.now, 'config');
  options.logger.error(
    `the config no longer names ${plural(kept.length, 'monitor')} (${kept.map((m) => m.id).join(', ')}); they keep running. ` +
      'Run `tocsin plan` to review and `tocsin apply --allow-deletions` to delete them.',
  );
  return [...monitors, ...kept];
}
