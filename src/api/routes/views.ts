/** How stored things look through the API: snake_case like the config file, secrets masked. */
import type { AlertState } from '../../core/alert/index.js';
import type { MonitorConfig } from '../../schema/config.js';
import type { MonitorRow } from '../../store/monitors.js';
import type { StateRow } from '../../store/state.js';
import { maskSecrets } from './mask.js';

export function stateView(state: StateRow | undefined, alert: AlertState | undefined) {
  if (!state) return null;
  return {
    status: state.status,
    since: state.since,
    last_at: state.lastAt,
    last_status: state.lastStatus,
    last_message: state.lastMessage,
    last_latency_ms: state.lastLatencyMs,
    acknowledged: alert?.acknowledged ?? null,
    flapping: alert?.flapping ?? false,
    in_maintenance: alert?.maintenance !== null && alert?.maintenance !== undefined,
    blocked_by: alert?.blockedBy ?? [],
  };
}

export function monitorView(row: MonitorRow, state: StateRow | undefined, alert: AlertState | undefined) {
  const monitor = row.definition as MonitorConfig;
  return {
    ...(maskSecrets(monitor) as MonitorConfig),
    source: row.source,
    read_only: row.source === 'config',
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    state: stateView(state, alert),
  };
}

export type MonitorView = ReturnType<typeof monitorView>;
