/**
 * The self monitors every tocsin runs without being asked: its own figures shown and alerted on
 * like any monitor. Made in code, never stored as config monitors, so `tocsin plan` and `apply`
 * neither list nor delete them.
 */
import type { MonitorConfigOf } from '../../schema/config.js';
import type { Defaults } from '../../schema/system.js';
import type { SelfMetric } from './schema.js';

export type SelfMonitor = MonitorConfigOf<'self'>;

export const SELF_PREFIX = 'tocsin-self-';

/**
 * Most of these figures move over minutes, and a 1 s defaults.interval (common in tests and
 * small setups) would spend checks and alert on noise: they run at least this far apart.
 */
export const MIN_SELF_INTERVAL = 30_000;
/** Reading counters and one statfs: anything slower is itself worth a timeout. */
const SELF_TIMEOUT = 5_000;

const NAMES: Record<SelfMetric, string> = {
  checks_per_minute: 'tocsin: checks run per minute',
  schedule_lag: 'tocsin: schedule lag',
  outbox_backlog: 'tocsin: notifications waiting',
  oldest_undelivered: 'tocsin: oldest undelivered notification',
  failing_channels: 'tocsin: failing channels',
  db_write_latency: 'tocsin: database write latency',
  disk_free: 'tocsin: free space on the data directory',
  backup_age: 'tocsin: time since the last backup',
};

export interface BuiltinOptions {
  defaults: Defaults;
  /** disk_free only with a local data directory. */
  hasDataDir: boolean;
  /** backup_age only when backups exist. */
  hasBackups: boolean;
}

export function builtinSelfMonitors(options: BuiltinOptions): SelfMonitor[] {
  const metrics = (Object.keys(NAMES) as SelfMetric[]).filter((m) => (m !== 'disk_free' || options.hasDataDir) && (m !== 'backup_age' || options.hasBackups));
  const { defaults } = options;
  return metrics.map((metric) => ({
    id: `${SELF_PREFIX}${metric}`,
    name: NAMES[metric],
    type: 'self',
    interval: Math.max(defaults.interval, MIN_SELF_INTERVAL),
    timeout: SELF_TIMEOUT,
    tags: ['self'],
    group: 'tocsin',
    depends_on: [],
    paused: false,
    alert: defaults.alert,
    ...(defaults.escalation !== undefined && { escalation: defaults.escalation }),
    settings: { metric },
  }));
}
