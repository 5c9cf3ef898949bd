/** How stored things look through the API: snake_case like the config file, secrets masked. */
import { isPolled } from '../../checks/registry.js';
import type { AlertState } from '../../core/alert/index.js';
import { isStale } from '../../core/staleness.js';
import type { MonitorConfig } from '../../schema/config.js';
import { canonicalJson } from '../../store/monitor-plan.js';
import { decodeMonitorRow, followDefaults, type MonitorRow } from '../../store/monitors.js';
import type { Quarantine } from '../../store/quarantine.js';
import type { StateRow } from '../../store/state.js';
import { maskSecrets } from '../../channels/mask.js';

/**
 * A monitor's confirmed status with every marker of docs/states.md: what the latest results point
 * to (`confirming`), `stale` when a polled monitor's result is older than 2 × interval + timeout,
 * and what holds its notifications. Null before its first result (pending, never checked).
 */
export function stateView(state: StateRow | undefined, alert: AlertState | undefined, monitor: MonitorConfig | undefined, now: number) {
  if (!state) return null;
  const maintenance = alert?.maintenance ?? null;
  return {
    status: state.status,
    since: state.since,
    last_at: state.lastAt,
    last_status: state.lastStatus,
    last_message: state.lastMessage,
    last_latency_ms: state.lastLatencyMs,
    confirming: state.confirming ?? null,
    stale: isStale(monitor && isPolled(monitor) && !monitor.paused ? monitor : undefined, state.lastAt, now),
    acknowledged: alert?.acknowledged ?? null,
    flapping: alert?.flapping ?? false,
    in_maintenance: maintenance !== null && !maintenance.silence,
    silenced: maintenance?.silence === true,
    blocked_by: alert?.blockedBy ?? [],
  };
}

/**
 * A quarantine that still holds the monitor as defined now: an edit releases it (services/quarantine.ts),
 * so a row left from an older definition is not shown.
 */
export function quarantineView(row: MonitorRow, quarantine: Quarantine | undefined) {
  if (!quarantine || quarantine.definition !== canonicalJson(row.definition)) return null;
  return { reason: quarantine.reason, at: quarantine.at };
}

export function monitorView(
  row: MonitorRow,
  state: StateRow | undefined,
  alert: AlertState | undefined,
  now: number,
  quarantine?: Quarantine,
  /** defaults.alert now, which an API monitor follows where it sets no threshold itself. */
  alertDefaults?: object,
) {
  const decoded = decodeMonitorRow(row);
  const monitor = decoded.ok ? followDefaults(decoded, alertDefaults) : undefined;
  return {
    // A row that does not decode is still listed, by what the row itself says, with why it cannot run.
    ...(monitor ? (maskSecrets(monitor) as MonitorConfig) : { id: row.id, name: row.name, type: row.type, tags: [] as string[], group: undefined }),
    source: row.source,
    read_only: row.source === 'config',
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    /** Not checked until edited or released (POST /monitors/{id}/release); null when it runs. */
    quarantined: quarantineView(row, quarantine),
    /** Why its stored definition cannot be read (it is not checked until replaced or deleted); null when it can. */
    unreadable: decoded.ok ? null : decoded.problem,
    state: stateView(state, alert, monitor, now),
    // What the form shows as set; the rest of `alert` is inherited. Absent: all of `alert` is the monitor's own.
    ...(decoded.ok && decoded.ownAlert && { alert_own: decoded.ownAlert }),
  };
}

export type MonitorView = ReturnType<typeof monitorView>;
