/** One monitor on its own (API, UI): the same schema and checks as in the file, defaults applied. */
import { issuesToProblems, friendlyError, type SchemaProblem } from './messages.js';
import { checkMonitor } from './monitor-checks.js';
import { monitorSchema } from './monitor.js';
import { resolveMonitor, type MonitorConfig } from './resolve.js';
import type { Defaults } from './system.js';

/** What the monitor may refer to; references are checked only against the sets given. */
export interface MonitorKnownNames {
  hasPingKey?: boolean;
  monitorIds?: Iterable<string>;
  escalations?: Iterable<string>;
  /** The shortest interval allowed and the setting it comes from. */
  minInterval?: { ms: number; setting: string };
}

export type ParseMonitorResult = { ok: true; monitor: MonitorConfig } | { ok: false; problems: SchemaProblem[] };

export function parseMonitor(input: unknown, defaults: Defaults, known: MonitorKnownNames = {}): ParseMonitorResult {
  const context = {
    interval: defaults.interval,
    timeout: defaults.timeout,
    hasPingKey: known.hasPingKey ?? false,
    ...(known.monitorIds && { monitorIds: new Set(known.monitorIds) }),
    ...(known.escalations && { escalations: new Set(known.escalations) }),
    ...(known.minInterval && { minInterval: known.minInterval }),
  };
  const schema = monitorSchema.superRefine(
    (value: unknown, ctx) => checkMonitor(value, [], context, (path, message) => ctx.addIssue({ code: 'custom', path, message })),
    { when: () => true },
  );
  const result = schema.safeParse(input, { error: friendlyError });
  if (!result.success) return { ok: false, problems: issuesToProblems(result.error.issues) };
  return { ok: true, monitor: resolveMonitor(result.data, defaults) };
}
