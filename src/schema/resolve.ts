/** From the file as parsed to what the engine runs: defaults applied, settings split off per type. */
import type { ClusterConfig } from './cluster.js';
import { completeSettings, settingsKeys, type MonitorType, type SettingsByType } from '../checks/schemas.js';
import type { ChannelConfig } from './channels.js';
import type { CiIntakeConfig } from './ci-intake.js';
import type { ParsedConfig } from './config.js';
import type { EscalationStep } from './escalations.js';
import type { MaintenanceConfig } from './maintenance.js';
import type { Override } from '../core/oncall/types.js';
import type { PersonConfig, ScheduleConfig } from './schedules.js';
import type { ParsedMonitor } from './monitor.js';
import type { Quorum } from '../core/locations/quorum.js';
import { isLocalOnly } from '../core/locations/quorum.js';
import type { ApplyConfig, BackupConfig } from './operations.js';
import type { StatusPageConfig } from './status-pages.js';
import type { IncidentsConfig } from './incidents.js';
import type { AlertPolicy, DatabaseConfig, Defaults, RetentionConfig, ServerConfig, WatchdogConfig } from './system.js';

/** As parsed, except that a dns monitor always knows what to resolve. */
export type ResolvedSettings = Omit<SettingsByType, 'dns'> & { dns: SettingsByType['dns'] & { query: string } };

export interface MonitorCommon {
  id: string;
  name: string;
  /** Milliseconds. */
  interval: number;
  /** Milliseconds, at most `interval`. */
  timeout: number;
  tags: string[];
  group?: string;
  runbook?: string;
  depends_on: string[];
  paused: boolean;
  alert: AlertPolicy;
  escalation?: string;
  /** Where the check runs; absent means [local] alone. */
  locations?: string[];
  /** How the locations' results make one status; absent means any. */
  quorum?: Quorum;
}

export type MonitorConfig = { [T in MonitorType]: MonitorCommon & { type: T; settings: ResolvedSettings[T] } }[MonitorType];
export type MonitorConfigOf<T extends MonitorType> = Extract<MonitorConfig, { type: T }>;

export interface Config {
  server: ServerConfig;
  database: DatabaseConfig;
  retention: RetentionConfig;
  watchdog: WatchdogConfig;
  defaults: Defaults;
  channels: Record<string, ChannelConfig>;
  /** Policies by name (without `fallback`). */
  escalations: Record<string, EscalationStep[]>;
  /** Channels told when another channel keeps failing (`escalations.fallback`). */
  fallback: string[];
  monitors: MonitorConfig[];
  /** Who can be on call, and the rotations (optional so configs built in code need not spell them). */
  people?: Record<string, PersonConfig>;
  schedules?: Record<string, ScheduleConfig>;
  /** Overrides made through the API, merged in by the pipeline (services/oncall.ts); the file's stay in `schedules`. */
  oncallOverrides?: Array<Override & { schedule: string }>;
  status_pages: StatusPageConfig[];
  maintenance: MaintenanceConfig[];
  /** Optional so configs built in code need not spell them; the file always has them (defaults applied). */
  apply?: ApplyConfig;
  backup?: BackupConfig | undefined;
  /** Optional like apply: configs built in code open no incidents by themselves. */
  incidents?: IncidentsConfig | undefined;
  ci_intake?: CiIntakeConfig;
  /** Optional like apply: configs built in code run as the one instance on their store. */
  cluster?: ClusterConfig;
}

export function resolveConfig(parsed: ParsedConfig): Config {
  const { fallback, ...policies } = parsed.escalations;
  const escalations: Record<string, EscalationStep[]> = {};
  for (const [name, steps] of Object.entries(policies)) if (Array.isArray(steps)) escalations[name] = steps;
  return {
    server: parsed.server,
    database: parsed.database,
    // Left out unless enabled, so a single-instance config reads as it did before clusters existed.
    ...(parsed.cluster.enabled && { cluster: parsed.cluster }),
    retention: parsed.retention,
    watchdog: parsed.watchdog,
    defaults: parsed.defaults,
    channels: parsed.channels,
    escalations,
    fallback,
    monitors: parsed.monitors.map((monitor) => resolveMonitor(monitor, parsed.defaults)),
    // Left out when empty, so a config without on-call reads as it did before it existed.
    ...(Object.keys(parsed.people).length > 0 && { people: parsed.people }),
    ...(Object.keys(parsed.schedules).length > 0 && { schedules: parsed.schedules }),
    status_pages: parsed.status_pages,
    maintenance: parsed.maintenance,
    apply: parsed.apply,
    backup: parsed.backup,
    incidents: parsed.incidents,
    ci_intake: parsed.ci_intake,
  };
}

export function resolveMonitor(monitor: ParsedMonitor, defaults: Defaults): MonitorConfig {
  const interval = monitor.interval ?? defaults.interval;
  const escalation = monitor.escalation ?? defaults.escalation;
  const common: MonitorCommon = {
    id: monitor.id,
    name: monitor.name ?? monitor.id,
    interval,
    // A default timeout never outlasts the monitor's own interval: a 5s monitor must not run 10s.
    timeout: monitor.timeout ?? Math.min(defaults.timeout, interval),
    tags: monitor.tags,
    ...(monitor.group !== undefined && { group: monitor.group }),
    ...(monitor.runbook !== undefined && { runbook: monitor.runbook }),
    depends_on: monitor.depends_on,
    paused: monitor.paused,
    alert: { ...defaults.alert, ...monitor.alert },
    ...(escalation !== undefined && { escalation }),
    // Left out when it says the default, so a definition without locations reads (and hashes) as before.
    ...(monitor.locations !== undefined && !isLocalOnly(monitor.locations) && { locations: monitor.locations }),
    ...(monitor.quorum !== undefined && monitor.quorum !== 'any' && { quorum: monitor.quorum }),
  };
  // The settings are exactly the keys of this type's schema, so they have that schema's output type.
  return { ...common, type: monitor.type, settings: settingsOf(monitor) } as MonitorConfig;
}

function settingsOf(monitor: ParsedMonitor): Record<string, unknown> {
  const keys = new Set(settingsKeys(monitor.type));
  const settings: Record<string, unknown> = Object.fromEntries(Object.entries(monitor).filter(([key]) => keys.has(key)));
  completeSettings[monitor.type]?.(settings, monitor);
  return settings;
}
