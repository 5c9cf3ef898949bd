/** What a monitor probes, in a few words a person recognises, with no secret in it: for notifications. */
import { describeTarget } from '../checks/registry.js';
import type { MonitorConfig } from '../schema/config.js';

/** Each type says it in its own folder (`checks/<type>/target.ts`). */
export function monitorTarget(monitor: MonitorConfig): string {
  return describeTarget(monitor);
}
