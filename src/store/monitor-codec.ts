/**
 * Stored monitor definitions as read back: JSON with a schema version (monitors.definition_version),
 * validated on read. A definition is the resolved monitor config (durations in ms, settings split off),
 * so the check is of that shape: the common fields, a known type, and settings that are an object
 * naming only that type's fields. A row that does not decode, or one a newer tocsin wrote, is a
 * problem of its monitor alone: the reader reports it and goes on with the others.
 */
import { z } from 'zod';
import { monitorTypes, settingsKeys } from '../checks/schemas.js';
import type { MonitorConfig } from '../schema/config.js';

/** Bump when MonitorConfig changes shape, and teach `decodeMonitorDefinition` the step from the previous one. */
export const MONITOR_DEFINITION_VERSION = 1;

const names = z.array(z.string()).max(10_000);
const ms = z.number().nonnegative();

const storedMonitorSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  type: z.enum(monitorTypes),
  interval: ms,
  timeout: ms,
  tags: names,
  group: z.string().optional(),
  runbook: z.string().optional(),
  depends_on: names,
  paused: z.boolean(),
  alert: z.record(z.string(), z.unknown()),
  escalation: z.string().optional(),
  locations: z.array(z.string()).max(100).optional(),
  quorum: z.union([z.enum(['any', 'all']), z.number().int().positive()]).optional(),
  settings: z.record(z.string(), z.unknown()),
  /** An API monitor's own alert thresholds; see OWN_ALERT. */
  alert_own: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The key of an API monitor's stored definition that keeps the alert thresholds it set itself: the
 * rest of its `alert` follows defaults.alert as the config now says, not as it said when the monitor
 * was written. Absent on rows written before it was kept (their `alert` is what was stored).
 */
export const OWN_ALERT = 'alert_own';

export type DecodedMonitor =
  | {
      ok: true;
      monitor: MonitorConfig;
      /** The alert thresholds it set itself, the rest inherited; undefined: all of `alert` is its own. */ ownAlert?: Record<string, unknown>;
    }
  | { ok: false; problem: string };

/** `monitor` with the defaults' alert thresholds where it sets none itself (unchanged when it does not say which it set). */
export function followDefaults(decoded: { monitor: MonitorConfig; ownAlert?: Record<string, unknown> }, alertDefaults: object | undefined): MonitorConfig {
  if (!decoded.ownAlert || !alertDefaults) return decoded.monitor;
  return { ...decoded.monitor, alert: { ...alertDefaults, ...decoded.ownAlert } } as MonitorConfig;
}

/** `definition`: the stored JSON, or the value a repository already parsed from it. */
export function decodeMonitorDefinition(definition: unknown, version: number): DecodedMonitor {
  if (version > MONITOR_DEFINITION_VERSION) {
    return { ok: false, problem: `stored definition has version ${version}, written by a newer tocsin (this one reads up to ${MONITOR_DEFINITION_VERSION})` };
  }
  let value = definition;
  if (typeof definition === 'string') {
    try {
      value = JSON.parse(definition) as unknown;
    } catch (error) {
      return { ok: false, problem: `stored definition is not JSON (${(error as Error).message})` };
    }
  }
  const parsed = storedMonitorSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `stored definition (version ${version}) is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const known = new Set(settingsKeys(parsed.data.type));
  const stray = Object.keys(parsed.data.settings).find((key) => !known.has(key));
  if (stray !== undefined) {
    return { ok: false, problem: `stored definition (version ${version}) is invalid at settings.${stray}: not a setting of ${parsed.data.type} monitors` };
  }
  // The shape is checked above; the settings' values were validated by the config schema when written.
  const { [OWN_ALERT]: own, ...monitor } = value as Record<string, unknown>;
  return { ok: true, monitor: monitor as unknown as MonitorConfig, ...(parsed.data.alert_own && { ownAlert: own as Record<string, unknown> }) };
}

/** A stored monitor row that could not be decoded, with why, for the log and the API. */
export interface UnreadableMonitor {
  id: string;
  problem: string;
}
