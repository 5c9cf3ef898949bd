/**
 * What `tocsin status` shows, read from the store alone (never the config file): every monitor the
 * running tocsin holds — config and API monitors, inbound and self monitors that only have a state —
 * with its confirmed status and the markers of docs/states.md, and whether an engine is running and
 * checking at all. The judging is pure (`judgeEngine`, `statusExitCode`); `readOverview`
 * only gathers the rows.
 */
import type { AlertState, Confirming } from '../core/alert/index.js';
import { isStale } from '../core/staleness.js';
import { isPolled } from '../checks/registry.js';
import { SELF_PREFIX } from '../checks/self/builtin.js';
import { listAlertStates } from '../store/alert-state.js';
import { listInstances, type Instance } from '../store/instances.js';
import { decodeMonitorRow, listMonitors, type MonitorRow } from '../store/monitors.js';
import type { Db } from '../store/schema.js';
import { listStates, type StateRow } from '../store/state.js';

/** An engine beats every 5 s; past this without a beat it is gone (docs/states.md §6). */
export const ENGINE_GONE_AFTER = 30_000;

export interface MonitorOverview {
  id: string;
  name: string;
  type: string;
  source: 'config' | 'api' | 'inbound' | 'self';
  /** The confirmed status, a word of docs/states.md: pending, up, degraded, down, unknown, or paused. */
  status: string;
  since: number | null;
  last_at: number | null;
  latency_ms: number | null;
  message: string;
  /** What the latest results point to and have not confirmed: "failing 1 of 2". */
  confirming: Confirming | null;
  /** No result for 2 × interval + timeout: the status shown may no longer be true. */
  stale: boolean;
  acknowledged_by: string | null;
  maintenance: boolean;
  silenced: boolean;
  flapping: boolean;
  blocked_by: string[];
}

export type EngineState = 'checking' | 'not_checking' | 'stopped' | 'gone' | 'never';

export interface EngineOverview {
  state: EngineState;
  /** The instance with the latest heartbeat, or null when none ever ran on this store. */
  instance: Instance | null;
  /** For not_checking: why, as the engine's /healthz put it. */
  detail?: string;
}

export interface Overview {
  engine: EngineOverview;
  monitors: MonitorOverview[];
}

/** 'held' when a runner holds the store's lock now (see probeRunnerLock). */
export type LockState = 'held' | 'free' | 'unknown';

export async function readOverview(db: Db, now: number, lock: LockState): Promise<Overview> {
  const [rows, states, alerts, instances] = await Promise.all([
    listMonitors(db, { includeDeleted: true }),
    listStates(db),
    listAlertStates(db),
    listInstances(db),
  ]);
  const stateOf = new Map(states.map((s) => [s.monitorId, s]));
  const alertOf = new Map(alerts.map((a) => [a.monitorId, a.state]));
  const known = new Set(rows.map((r) => r.id));
  // Inbound and self monitors are made in code, not stored as monitors: their state rows are all there is.
  const synthetic = [...new Set([...stateOf.keys(), ...alertOf.keys()])].filter((id) => !known.has(id)).sort();
  const monitors = [
    ...rows.filter((r) => r.deletedAt === null).map((r) => fromRow(r, stateOf.get(r.id), now)),
    ...synthetic.map((id) => fromState(id, stateOf.get(id))),
  ].map((m) => withMarkers(m, alertOf.get(m.id), now));
  return { engine: judgeEngine(instances, now, lock), monitors };
}

function fromRow(row: MonitorRow, state: StateRow | undefined, now: number): MonitorOverview {
  const decoded = decodeMonitorRow(row);
  const base = fromState(row.id, state);
  // Not run: its state row says why (wiring/pipeline.ts records it), so it is shown as that state says.
  if (!decoded.ok) return { ...base, name: row.name, type: row.type, source: row.source };
  const monitor = decoded.monitor;
  if (monitor.paused) return { ...base, name: row.name, type: row.type, source: row.source, status: 'paused', message: state?.lastMessage ?? 'paused' };
  // A monitor never checked long after it was created is as stale as one whose results stopped.
  const stale = isStale(isPolled(monitor) ? monitor : undefined, state?.lastAt ?? row.createdAt, now);
  return { ...base, name: row.name, type: row.type, source: row.source, stale };
}

function fromState(id: string, state: StateRow | undefined): MonitorOverview {
  const self = id.startsWith(SELF_PREFIX);
  return {
    id,
    name: id,
    type: self ? 'self' : 'inbound',
    source: self ? 'self' : 'inbound',
    status: state?.status ?? 'pending',
    since: state?.since ?? null,
    last_at: state?.lastAt ?? null,
    latency_ms: state?.lastLatencyMs ?? null,
    message: state?.lastMessage ?? 'not checked yet',
    confirming: state?.confirming ?? null,
    stale: false,
    acknowledged_by: null,
    maintenance: false,
    silenced: false,
    flapping: false,
    blocked_by: [],
  };
}

/** Stored states of older versions may lack a field: each is read for what it is. */
function withMarkers(m: MonitorOverview, alert: Partial<AlertState> | undefined, now: number): MonitorOverview {
  if (!alert) return m;
  const open = alert.maintenance ?? null;
  const window = open !== null && (open.until === null || open.until > now) ? open : null;
  // An acknowledgement is of the current problem: none is shown once the monitor is up again.
  const problem = m.status !== 'up' && m.status !== 'pending';
  return {
    ...m,
    acknowledged_by: problem ? (alert.acknowledged?.by ?? null) : null,
    maintenance: window !== null && !window.silence,
    silenced: window?.silence === true,
    flapping: alert.flapping === true,
    blocked_by: Array.isArray(alert.blockedBy) ? alert.blockedBy : [],
  };
}

/**
 * The lock is the surest sign: an engine holds it for its whole life, and the operating system or
 * the server lets go the moment it dies. The heartbeat says the rest: who, since when, and when the
 * lock cannot be probed, whether it is recent.
 */
export function judgeEngine(instances: readonly Instance[], now: number, lock: LockState): EngineOverview {
  const latest = instances.reduce<Instance | null>((a, b) => (a === null || b.heartbeatAt > a.heartbeatAt ? b : a), null);
  const silent = latest === null || now - latest.heartbeatAt > ENGINE_GONE_AFTER;
  const stopped = latest !== null && latest.stoppedAt !== null;
  if (lock === 'free' || (lock === 'unknown' && (silent || stopped))) {
    return { state: latest === null ? 'never' : stopped ? 'stopped' : 'gone', instance: latest };
  }
  // The lock is held (or cannot be probed and the heartbeat is fresh).
  if (latest === null || stopped) return { state: 'not_checking', instance: latest, detail: 'an engine holds the store and is starting' };
  if (silent)
    return {
      state: 'not_checking',
      instance: latest,
      detail: 'an engine holds the store but wrote no heartbeat for over 30 s: it may be stuck, or unable to write to the store',
    };
  const stalled = latest.health.find((p) => p.name === 'checks_running');
  return stalled ? { state: 'not_checking', instance: latest, detail: stalled.detail } : { state: 'checking', instance: latest };
}

/**
 * 0 everything up (or pending, paused, in maintenance), 1 something degraded, 2 something down,
 * 3 unknown: tocsin is not checking, a check could not judge, or a result is stale.
 */
export function statusExitCode(overview: Overview): number {
  if (overview.engine.state !== 'checking') return 3;
  const counted = overview.monitors.filter((m) => !m.maintenance && m.status !== 'paused');
  if (counted.some((m) => m.status === 'down')) return 2;
  if (counted.some((m) => m.status === 'degraded')) return 1;
  if (counted.some((m) => m.status === 'unknown' || m.stale)) return 3;
  return 0;
}
