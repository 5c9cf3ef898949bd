/**
 * Runs that fell due while the engine was down are recorded, not skipped in
 * silence: one `missed` result per monitor covering the gap, saying how many
 * runs were lost and why. One row, not one per slot, so a long outage of
 * thousands of monitors cannot flood the store on the way back up.
 */
import type { ConfirmedStatus, Status } from '../core/types.js';
import { insertResults, type ResultRow } from '../store/results.js';
import type { Db } from '../store/schema.js';
import { listStates } from '../store/state.js';
import type { RestartNotice } from '../engine/restart-notice.js';

export interface Polled {
  id: string;
  interval: number;
}

export interface LastSeen {
  at: number;
  status: ConfirmedStatus;
  lastStatus: Status;
}

/** Pure: the missed-run rows for monitors whose next run fell due before `backAt`. */
export function missedRuns(monitors: readonly Polled[], last: ReadonlyMap<string, LastSeen>, notice: RestartNotice, backAt: number): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const monitor of monitors) {
    const seen = last.get(monitor.id);
    if (!seen || monitor.interval <= 0) continue;
    // The slot right after the last result is the first that could be lost.
    const missed = Math.floor((backAt - seen.at) / monitor.interval) - 1;
    if (missed < 1) continue;
    rows.push({
      monitorId: monitor.id,
      at: seen.at + monitor.interval,
      // Counted as the last known status: tocsin's outage is not the target's. A pending monitor has
      // none yet, so its gap carries its last result and stays out of uptime, like its other results.
      status: seen.status === 'pending' ? seen.lastStatus : seen.status,
      excluded: seen.status === 'pending',
      latencyMs: 0,
      message: `${missed} run${missed === 1 ? '' : 's'} missed: tocsin was down from ${iso(notice.downSince)} to ${iso(backAt)} (${notice.reasons.join('; then ')})`,
      timings: {},
      missed: true,
    });
  }
  return rows;
}

export async function recordMissedRuns(db: Db, monitors: readonly Polled[], notice: RestartNotice, backAt: number): Promise<number> {
  const states = await listStates(db);
  const last = new Map(states.map((s) => [s.monitorId, { at: s.lastAt, status: s.status, lastStatus: s.lastStatus }]));
  const rows = missedRuns(monitors, last, notice, backAt);
  await insertResults(db, rows);
  return rows.length;
}

function iso(at: number): string {
  return new Date(at).toISOString().replace('.000Z', 'Z');
}
