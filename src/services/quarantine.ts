/**
 * Quarantine: a monitor whose check was running when the engine froze at two restarts in a row
 * (src/core/quarantine.ts) is not run again until it is edited or released, while every other
 * monitor keeps running. The row keeps the definition it froze with; any edit, through the API or
 * tocsin.yaml, makes the definitions differ and so releases it without a step of its own.
 */
import type { Actor } from '../api/auth/access.js';
import type { CheckResult } from '../core/types.js';
import type { Clock } from '../lib/clock.js';
import { TocsinError } from '../lib/errors.js';
import { clip } from '../lib/text.js';
import type { MonitorConfig } from '../schema/config.js';
import { canonicalJson } from '../store/monitor-plan.js';
import { decodeMonitorRow, listMonitors } from '../store/monitors.js';
import { deleteQuarantines, listQuarantines, putQuarantines, type Quarantine } from '../store/quarantine.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit } from './audit.js';

/** Quarantines the stored monitors among `ids`, as they are defined now; answers those it found. */
export async function quarantineMonitors(db: Db, ids: readonly string[], reason: string, now: number): Promise<string[]> {
  const wanted = new Set(ids);
  const rows = (await listMonitors(db)).filter((row) => wanted.has(row.id));
  await putQuarantines(
    db,
    // As the engine runs it (decoded: an API monitor's own alert thresholds are not part of it), so heldMonitors can compare.
    rows.map((row) => {
      const decoded = decodeMonitorRow(row);
      return { monitorId: row.id, definition: canonicalJson(decoded.ok ? decoded.monitor : row.definition), reason: clip(reason, 500), at: now };
    }),
  );
  return rows.map((row) => row.id);
}

/** The quarantines still holding one of `monitors` as defined now; the rest (edited, deleted) are dropped. */
export async function heldMonitors(db: Db, monitors: readonly MonitorConfig[]): Promise<Map<string, Quarantine>> {
  const held = new Map<string, Quarantine>();
  const quarantines = await listQuarantines(db);
  if (quarantines.length === 0) return held;
  // Only the quarantined few are serialized: this runs at every reload, over every monitor.
  const byId = new Map(monitors.map((monitor) => [monitor.id, monitor]));
  const lapsed: string[] = [];
  for (const quarantine of quarantines) {
    const monitor = byId.get(quarantine.monitorId);
    if (monitor && canonicalJson(monitor) === quarantine.definition) held.set(quarantine.monitorId, quarantine);
    else lapsed.push(quarantine.monitorId);
  }
  await deleteQuarantines(db, lapsed);
  return held;
}

/** The result a quarantined monitor shows in its state: unknown, since it was not checked. */
export function quarantineResult(quarantine: Quarantine): CheckResult {
  const since = new Date(quarantine.at).toISOString().replace(/\.\d+Z$/, 'Z');
  const message = clip(
    `quarantined since ${since}: its check was running when the engine froze at two restarts in a row (${quarantine.reason}); ` +
      `not checked until the monitor is edited or released (POST /api/v1/monitors/${quarantine.monitorId}/release)`,
    1000,
  );
  return { status: 'unknown', latencyMs: 0, timings: {}, message };
}

export interface ReleaseDeps {
  db: Db;
  clock: Clock;
  /** Re-applies the monitors to the engine, which then runs the released one again. */
  onChanged(): Promise<void>;
}

export async function releaseMonitor(deps: ReleaseDeps, actor: Actor, monitorId: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    if ((await deleteQuarantines(trx, [monitorId])) === 0) {
      throw new TocsinError('conflict', `monitor ${monitorId} is not quarantined`, { field: 'id', expected: 'a quarantined monitor' });
    }
    await recordAudit(trx, {
      actor,
      action: 'monitor.release',
      target: monitorId,
      before: { quarantined: true },
      after: { quarantined: false },
      at: deps.clock.now(),
    });
  });
  await deps.onChanged();
}
