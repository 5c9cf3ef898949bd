import type { RecordedResult } from '../engine/engine.js';
import type { PersistBatch } from '../engine/result-writer.js';
import type { MonitorStatus } from '../engine/state-tracker.js';
import { insertResults, type ResultRow } from '../store/results.js';
import type { Db } from '../store/schema.js';
import { listStates, upsertStates } from '../store/state.js';
import { inTransaction } from '../store/tx.js';

/** Results and the states they produced, written in one transaction. */
export function persistBatch(db: Db): PersistBatch {
  return (results, states) =>
    inTransaction(db, async (trx) => {
      await insertResults(trx, results.map(toRow));
      const updatedAt = Date.now();
      await upsertStates(trx, states.map((s) => ({ ...s, updatedAt })));
    });
}

export async function storedStatuses(db: Db): Promise<MonitorStatus[]> {
  return (await listStates(db)).map(({ updatedAt: _updatedAt, ...state }) => state);
}

function toRow({ monitorId, at, result, missed }: RecordedResult): ResultRow {
  return {
    monitorId,
    at,
    status: result.status,
    latencyMs: result.latencyMs,
    message: result.message,
    timings: result.timings,
    metrics: result.metrics ?? null,
    missed: missed > 0,
  };
}
