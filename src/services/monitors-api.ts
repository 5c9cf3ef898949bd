/**
 * The writers behind the monitors API: create, replace, delete, pause and resume monitors owned by
 * the API. Each validates with the config's own schema (parseMonitor), writes the row and its audit
 * entry in one transaction, then has the running engine pick the change up. Monitors defined in
 * tocsin.yaml are read-only here: the file stays the one truth for what it names.
 */
import type { Actor } from '../api/auth/access.js';
import { MASK } from '../channels/mask.js';
import type { CheckResult } from '../core/types.js';
import type { Clock } from '../lib/clock.js';
import { clip } from '../lib/text.js';
import { TocsinError } from '../lib/errors.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import {
  applyMonitorSync,
  decodeMonitorRow,
  decodeMonitorRows,
  listMonitors,
  OWN_ALERT,
  type MonitorRow,
  type MonitorSyncPlan,
  type UnreadableMonitor,
} from '../store/monitors.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit } from './audit.js';
import { validateMonitor } from './monitor-input.js';
import { isRecord } from '../lib/is-record.js';

export interface MonitorWriterDeps {
  db: Db;
  clock: Clock;
  config(): Config;
  /** Re-applies config and API monitors to the engine, alerting and heartbeats. */
  onChanged(): Promise<void>;
}

const EMPTY_PLAN: MonitorSyncPlan = { added: [], changed: [], unchanged: [], removed: [], restored: [] };

export async function createMonitor(deps: MonitorWriterDeps, actor: Actor, input: unknown): Promise<MonitorConfig> {
  const monitor = await validateMonitor(deps, actor, input);
  const existing = await findRow(deps.db, monitor.id);
  if (existing && existing.deletedAt === null) {
    throw (
      ownedByConfig(existing) ??
      new TocsinError('conflict', `monitor ${monitor.id} exists already; PUT /api/v1/monitors/${monitor.id} changes it`, {
        field: 'id',
        expected: 'an id no other monitor has',
      })
    );
  }
  // A soft-deleted id comes back as a restore, so its history stays attached to it.
  const own = ownAlertIn(input, monitor);
  const plan = existing ? { ...EMPTY_PLAN, restored: [{ before: existing, after: inputOf(monitor, own) }] } : { ...EMPTY_PLAN, added: [inputOf(monitor, own)] };
  await write(deps, plan, { actor, action: 'monitor.create', target: monitor.id, before: null, after: monitor });
  return monitor;
}

export async function replaceMonitor(deps: MonitorWriterDeps, actor: Actor, id: string, input: unknown): Promise<MonitorConfig> {
  const before = await apiOwned(deps.db, id);
  // A stored definition that no longer decodes keeps no secrets: the new one replaces it whole.
  const stored = decodeMonitorRow(before);
  const validated = await validateMonitor(deps, actor, input);
  const monitor = stored.ok ? withStoredSecrets(stored.monitor, validated) : validated;
  if (monitor.id !== id)
    throw new TocsinError('invalid_input', `body id "${monitor.id}" differs from the monitor in the path (${id}); ids cannot be changed`, {
      field: 'id',
      expected: id,
    });
  const plan = { ...EMPTY_PLAN, changed: [{ before, after: inputOf(monitor, ownAlertIn(input, monitor)) }] };
  await write(deps, plan, { actor, action: 'monitor.update', target: id, before: before.definition, after: monitor });
  return monitor;
}

export async function deleteMonitor(deps: MonitorWriterDeps, actor: Actor, id: string): Promise<void> {
  const before = await apiOwned(deps.db, id);
  await write(deps, { ...EMPTY_PLAN, removed: [before] }, { actor, action: 'monitor.delete', target: id, before: before.definition, after: null });
}

export async function setMonitorPaused(deps: MonitorWriterDeps, actor: Actor, id: string, paused: boolean): Promise<MonitorConfig> {
  const before = await apiOwned(deps.db, id);
  const stored = decodeMonitorRow(before);
  if (!stored.ok) {
    throw new TocsinError('conflict', `monitor ${id} cannot be ${paused ? 'paused' : 'resumed'}: its ${stored.problem}; replace it (PUT) or delete it`, {
      field: 'id',
      expected: 'a monitor whose stored definition is readable',
    });
  }
  const monitor = { ...stored.monitor, paused };
  const plan = { ...EMPTY_PLAN, changed: [{ before, after: inputOf(monitor, stored.ownAlert) }] };
  await write(deps, plan, { actor, action: paused ? 'monitor.pause' : 'monitor.resume', target: id, before: before.definition, after: monitor });
  return monitor;
}

/**
 * API monitors to run beside the config's: those whose ids the config does not claim, decoded. Rows that
 * no longer decode are answered apart, for the caller to report; they never stop the others.
 */
export async function loadApiMonitors(
  db: Db,
  claimed: ReadonlySet<string>,
  /** defaults.alert as the config says now: what a monitor does not set itself follows it. */
  alertDefaults?: object,
): Promise<{ monitors: MonitorConfig[]; unreadable: UnreadableMonitor[] }> {
  const rows = await listMonitors(db);
  return decodeMonitorRows(
    rows.filter((row) => row.source === 'api' && !claimed.has(row.id)),
    alertDefaults,
  );
}

/** The state an API monitor whose stored definition does not decode shows: unknown, since it is not checked. */
export function unreadableResult(problem: string): CheckResult {
  return {
    status: 'unknown',
    latencyMs: 0,
    timings: {},
    message: clip(`not checked: its ${problem}; replace it (PUT /api/v1/monitors/<id>) or delete it`, 1000),
  };
}

async function findRow(db: Db, id: string): Promise<MonitorRow | undefined> {
  return (await listMonitors(db, { includeDeleted: true })).find((row) => row.id === id);
}

async function apiOwned(db: Db, id: string): Promise<MonitorRow> {
  const row = await findRow(db, id);
  if (!row || row.deletedAt !== null) throw new TocsinError('not_found', `no monitor ${id}`, { field: 'id', expected: 'the id of an existing monitor' });
  const refusal = ownedByConfig(row);
  if (refusal) throw refusal;
  return row;
}

function ownedByConfig(row: MonitorRow): TocsinError | undefined {
  if (row.source !== 'config') return undefined;
  return new TocsinError('conflict', `monitor ${row.id} is defined in tocsin.yaml; change it there`, {
    field: 'id',
    expected: 'a monitor created through the API',
  });
}

/**
 * Reads show secrets as "••••"; a form that sends one back unchanged means "keep it", as channels do.
 * Only values that still hold the mask are taken from the stored monitor: a secret left out is removed.
 */
function withStoredSecrets(stored: MonitorConfig, next: MonitorConfig): MonitorConfig {
  if (stored.type !== next.type) return next;
  return { ...next, settings: keepMasked(stored.settings, next.settings) } as MonitorConfig;
}

function keepMasked(stored: unknown, next: unknown): unknown {
  if (typeof next === 'string') return next.includes(MASK) && typeof stored === 'string' ? stored : next;
  if (!isRecord(next) || !isRecord(stored)) return next;
  return Object.fromEntries(Object.entries(next).map(([key, value]) => [key, keepMasked(stored[key], value)]));
}

/** The row to store; `own`: the alert thresholds the monitor set itself, kept apart so the others follow defaults.alert. */
function inputOf(monitor: MonitorConfig, own?: Record<string, unknown>) {
  return { id: monitor.id, type: monitor.type, name: monitor.name, definition: own ? { ...monitor, [OWN_ALERT]: own } : monitor };
}

/** The thresholds the body's `alert` names, as validated (durations in ms); none named: all inherited. */
function ownAlertIn(input: unknown, monitor: MonitorConfig): Record<string, unknown> {
  const named = isRecord(input) && isRecord(input.alert) ? Object.keys(input.alert) : [];
  const alert = monitor.alert as Record<string, unknown>;
  return Object.fromEntries(named.filter((key) => alert[key] !== undefined).map((key) => [key, alert[key]]));
}

interface AuditEntry {
  actor: Actor;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

async function write(deps: MonitorWriterDeps, plan: MonitorSyncPlan, audit: AuditEntry): Promise<void> {
  try {
    await inTransaction(deps.db, async (trx) => {
      await applyMonitorSync(trx, plan, deps.clock.now(), 'api');
      await recordAudit(trx, { ...audit, at: deps.clock.now() });
    });
  } catch (error) {
    // applyMonitorSync refuses rows changed since they were read: someone else won the race.
    if (error instanceof Error && /changed since|UNIQUE constraint|duplicate key/.test(error.message)) {
      throw new TocsinError('conflict', `monitor ${audit.target} was changed by someone else meanwhile; read it again and retry`);
    }
    throw error;
  }
  await deps.onChanged();
}
