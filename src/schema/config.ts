/**
 * The one schema of tocsin.yaml (also used by the API and the UI), and the resolved `Config`
 * the engine consumes. Parse with `parseConfig`, then `resolveConfig` applies the defaults.
 */
import { z } from 'zod';
import { channelsSchema } from './channels.js';
import { ciIntakeSchema } from './ci-intake.js';
import { escalationsSchema } from './escalations.js';
import { maintenanceListSchema } from './maintenance.js';
import { friendlyError, issuesToProblems, type SchemaProblem } from './messages.js';
import { incidentsSchema } from './incidents.js';
import { monitorSchema } from './monitor.js';
import { applySchema, backupSchema } from './operations.js';
import { checkConfig } from './references.js';
import { peopleSchema, schedulesSchema } from './schedules.js';
import { statusPagesSchema } from './status-pages.js';
import { clusterSchema } from './cluster.js';
import { databaseSchema, defaultsSchema, retentionSchema, serverSchema, watchdogSchema } from './system.js';

export const configSchema = z
  .strictObject({
    server: serverSchema,
    database: databaseSchema,
    cluster: clusterSchema,
    retention: retentionSchema,
    watchdog: watchdogSchema,
    defaults: defaultsSchema,
    channels: channelsSchema,
    escalations: escalationsSchema,
    people: peopleSchema,
    schedules: schedulesSchema,
    monitors: z.array(monitorSchema).default([]).meta({ description: "What to check; each entry has an id, a type and that type's settings" }),
    status_pages: statusPagesSchema.meta({ description: 'Public status pages' }),
    maintenance: maintenanceListSchema.meta({ description: 'Planned maintenance windows: monitors in them do not page' }),
    apply: applySchema,
    backup: backupSchema,
    incidents: incidentsSchema,
    ci_intake: ciIntakeSchema,
  })
  // Runs even when some fields failed, so one pass reports every problem in the file.
  .superRefine((value: unknown, ctx) => checkConfig(value, (path, message) => ctx.addIssue({ code: 'custom', path, message })), {
    when: () => true,
  });

export type ParsedConfig = z.output<typeof configSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: SchemaProblem[] };

/** Validates a whole config (already read from YAML or JSON). Never throws for bad input. */
export function parseConfig(input: unknown): ParseResult<ParsedConfig> {
  const result = configSchema.safeParse(input, { error: friendlyError });
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: issuesToProblems(result.error.issues) };
}

export { resolveConfig, resolveMonitor } from './resolve.js';
export type { Config, MonitorCommon, MonitorConfig, MonitorConfigOf, ResolvedSettings } from './resolve.js';
export { parseMonitor } from './parse-monitor.js';
export type { MonitorKnownNames } from './parse-monitor.js';
export type { SchemaProblem } from './messages.js';
export type { ChannelConfig, ChannelOf, ChannelType } from './channels.js';
export type { EscalationStep } from './escalations.js';
export type { MaintenanceConfig } from './maintenance.js';
export type { StatusPageConfig } from './status-pages.js';
export type { ApplyConfig, BackupConfig } from './operations.js';
export type { IncidentsConfig } from './incidents.js';
export type { AlertPolicy, DatabaseConfig, Defaults, RetentionConfig, ServerConfig, WatchdogConfig } from './system.js';
export type { MonitorType, SettingsByType } from '../checks/schemas.js';
