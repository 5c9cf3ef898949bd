/**
 * The host:port a monitor's check connects to, for the per-target rate cap: monitors that reach the
 * same server share its budget whatever their type. Undefined when nothing remote is reached (exec,
 * self, heartbeats) or the target is only known at run time (a dns check on the system's resolvers).
 * Each type answers in its own folder (`checks/<type>/target.ts`).
 */
import { targetRateKey } from '../checks/registry.js';
import type { MonitorConfig } from '../schema/config.js';

/** Asked before every check; a monitor's config never changes in place (a reload makes a new one), so parse its URL once. */
const known = new WeakMap<MonitorConfig, { key: string | undefined }>();

export function targetKey(monitor: MonitorConfig): string | undefined {
  let entry = known.get(monitor);
  if (entry === undefined) {
    entry = { key: targetRateKey(monitor) };
    known.set(monitor, entry);
  }
  return entry.key;
}
