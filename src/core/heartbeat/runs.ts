/**
 * What the pings of one heartbeat add up to: the last finished run, the last start, and the runs
 * started but not finished yet. A pure reducer, so the ping route, the evaluator and a restart
 * (replaying stored pings) all agree on it.
 *
 * Pairing follows Healthchecks: a finish carrying `?rid=` closes the start with the same run id,
 * so overlapping runs are told apart; a finish without a run id closes every open start (the
 * job does not use run ids, so whatever started before it is over) and pairs with the latest
 * start that had no run id. A second start with the same run id (or without one, when the open
 * start had none) restarts that run's timer.
 */

export type PingKind = 'start' | 'success' | 'fail' | 'log';

export interface Ping {
  kind: PingKind;
  at: number;
  rid?: string | undefined;
  /** From /<exit-status>; 0 is success. */
  exitStatus?: number | undefined;
  /** The request body, already cut to the body limit. */
  log?: string | undefined;
}

export interface Finish {
  at: number;
  ok: boolean;
  rid?: string | undefined;
  exitStatus?: number | undefined;
  log?: string | undefined;
  /** The paired start, when there was one. */
  startedAt?: number | undefined;
}

export interface OpenRun {
  startedAt: number;
  rid?: string | undefined;
}

export interface RunsState {
  lastFinish?: Finish | undefined;
  lastStartAt?: number | undefined;
  /** Oldest first. */
  open: OpenRun[];
}

export const EMPTY_RUNS: RunsState = { open: [] };

/** A job that never sends its finish must not grow this list without bound. */
export const MAX_OPEN_RUNS = 64;

export interface Applied {
  state: RunsState;
  /** For a finish: when its run started, if a start was paired with it. */
  startedAt?: number | undefined;
}

export function applyPing(state: RunsState, ping: Ping): Applied {
  switch (ping.kind) {
    case 'log':
      return { state };
    case 'start':
      return { state: applyStart(state, ping) };
    case 'success':
    case 'fail':
      return applyFinish(state, ping);
  }
}

/** Replays pings (oldest first) from nothing. */
export function replayPings(pings: Iterable<Ping>): RunsState {
  let state = EMPTY_RUNS;
  for (const ping of pings) state = applyPing(state, ping).state;
  return state;
}

function applyStart(state: RunsState, ping: Ping): RunsState {
  const open = state.open.filter((run) => run.rid !== ping.rid);
  open.push({ startedAt: ping.at, ...(ping.rid !== undefined && { rid: ping.rid }) });
  return { ...state, lastStartAt: ping.at, open: open.slice(-MAX_OPEN_RUNS) };
}

function applyFinish(state: RunsState, ping: Ping): Applied {
  const match = [...state.open].reverse().find((run) => run.rid === ping.rid);
  const open = ping.rid === undefined ? [] : state.open.filter((run) => run !== match);
  const ok = ping.kind === 'success' && (ping.exitStatus ?? 0) === 0;
  const finish: Finish = {
    at: ping.at,
    ok,
    ...(ping.rid !== undefined && { rid: ping.rid }),
    ...(ping.exitStatus !== undefined && { exitStatus: ping.exitStatus }),
    ...(ping.log !== undefined && ping.log !== '' && { log: ping.log }),
    ...(match && { startedAt: match.startedAt }),
  };
  return { state: { ...state, lastFinish: finish, open }, startedAt: match?.startedAt };
}

/** The latest sign that the job is alive: a finish of any kind, or a start. */
export function lastSignOfLife(state: RunsState): number | undefined {
  const times = [state.lastFinish?.at, state.lastStartAt].filter((t): t is number => t !== undefined);
  return times.length ? Math.max(...times) : undefined;
}
