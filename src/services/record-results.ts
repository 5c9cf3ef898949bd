import { plural } from '../lib/plural.js';
import type { RecordedResult } from '../engine/engine.js';
import type { PersistBatch } from '../engine/result-writer.js';
import type { MonitorStatus } from '../engine/state-tracker.js';
import { markAcksApplied, upsertAlertStates } from '../store/alert-state.js';
import { recordAudit } from './audit.js';
import { insertNotifications } from '../store/outbox.js';
import { insertResults, type ResultRow } from '../store/results.js';
import type { Db } from '../store/schema.js';
import { listStates, upsertStates } from '../store/state.js';
import { inTransaction } from '../store/tx.js';

/**
 * Results, the states they produced, alert states, the notifications they cause, the
 * acknowledgements applied and their audit entries, in one transaction: a crash between "went
 * down" and "paged" loses neither, and a retried batch enqueues nothing twice (the outbox drops
 * repeated keys).
 */
export function persistBatch(db: Db): PersistBatch {
  return (batch) =>
    inTransaction(db, async (trx) => {
      await insertResults(trx, batch.results.flatMap(toRows));
      const updatedAt = Date.now();
      await upsertStates(
        trx,
        batch.states.map((s) => ({ ...s, updatedAt })),
      );
      await upsertAlertStates(trx, batch.alerts);
      await insertNotifications(trx, batch.notifications);
      await markAcksApplied(trx, batch.acks);
      for (const entry of batch.audit) await recordAudit(trx, entry);
    });
}

export async function storedStatuses(db: Db): Promise<MonitorStatus[]> {
  return (await listStates(db)).map(({ updatedAt: _updatedAt, ...state }) => state);
}

/**
 * The result's row, preceded by one `missed` row when slots before it could not run (the engine
 * was blocked, or the previous run was still going): the gap is recorded, not silent, and kept
 * out of latency figures.
 */
export function toRows({ monitorId, at, result, missed, excluded = false, location }: RecordedResult): ResultRow[] {
  const row: ResultRow = {
    monitorId,
    at,
    status: result.status,
    latencyMs: result.latencyMs,
    message: result.message,
    timings: result.timings,
    metrics: result.metrics ?? null,
    missed: false,
    excluded,
    ...(location !== undefined && { location }),
  };
  if (missed === 0) return [row];
  const gap: ResultRow = {
    monitorId,
    at: at - 1,
    status: result.status,
    latencyMs: 0,
    message: `${plural(missed, 'scheduled run')} could not start: the engine was blocked or the previous run was still going`,
    timings: {},
    metrics: null,
    missed: true,
    excluded,
    ...(location !== undefined && { location }),
  };
  return [gap, row];
}
