/**
 * Decides a heartbeat's status from what its pings add up to and the time: pure arithmetic, so
 * every rule is a row in a table test. Rules, most decisive first:
 * 1. failed: the latest finished run reported failure (/fail or a non-zero exit status).
 * 2. hung: a run started and has not finished within max_runtime (grace when no max_runtime).
 * 3. late: the next expected ping plus grace has passed with no sign of life.
 * 4. too fast: the latest run succeeded in less than min_runtime (degraded: it said "success",
 *    but a backup that takes 2 s instead of 5 min rarely backed anything up).
 * 5. up.
 * Or "waiting": no judgement yet, nothing to record. A heartbeat never pinged waits from `since`
 * (when the monitor was created or tocsin started, whichever is later); so does one whose deadline
 * fell before `since`, because tocsin was not listening then: after tocsin's own downtime every job
 * gets its next expected time plus grace from the restart, instead of all going down at once.
 */
import { formatDuration } from '../../lib/duration.js';
import type { Status } from '../types.js';
import { firstLogLine } from './log-line.js';
import { lastSignOfLife, type Finish, type OpenRun, type RunsState } from './runs.js';
import { expectedAfter, type Expectation } from './schedule.js';
import { describeInstant, humanDuration, isoSeconds } from './time.js';

export interface HeartbeatPolicy extends Expectation {
  grace: number;
  max_runtime?: number | undefined;
  min_runtime?: number | undefined;
}

export interface HeartbeatFacts {
  runs: RunsState;
  /** max(monitor created, tocsin started): nothing before this was watched. */
  since: number;
}

export type HeartbeatState = 'waiting' | 'up' | 'late' | 'failed' | 'hung' | 'too_fast';

export interface HeartbeatVerdict {
  state: HeartbeatState;
  /** Absent while waiting. */
  status?: Status;
  message: string;
  /** When the passage of time alone can next change the verdict. */
  recheckAt?: number;
}

export function judgeHeartbeat(policy: HeartbeatPolicy, facts: HeartbeatFacts, now: number): HeartbeatVerdict {
  const { runs } = facts;
  if (runs.lastFinish && !runs.lastFinish.ok) return failed(runs.lastFinish);
  const hung = hungRun(policy, facts, now);
  if (hung) return hung;
  const expectation = lateness(policy, facts, now);
  if (expectation.verdict) return expectation.verdict;
  const deadlines = [expectation.due, ...openDeadlines(policy, facts)].filter((t): t is number => t !== undefined && t >= now);
  const recheckAt = deadlines.length ? Math.min(...deadlines) : undefined;
  const fast = tooFast(policy, runs.lastFinish);
  const verdict = fast ?? up(policy, runs, expectation.expected);
  return recheckAt === undefined ? verdict : { ...verdict, recheckAt };
}

function failed(finish: Finish): HeartbeatVerdict {
  const how = finish.exitStatus !== undefined ? `failed with exit status ${finish.exitStatus}` : 'reported failure (/fail)';
  const took = finish.startedAt !== undefined ? ` after ${humanDuration(finish.at - finish.startedAt)}` : '';
  const line = firstLogLine(finish.log);
  return {
    state: 'failed',
    status: 'down',
    message: `${runName(finish.rid)} ${how} at ${isoSeconds(finish.at)}${took}${line ? `: ${line}` : ''}`,
  };
}

function runName(rid: string | undefined): string {
  return rid === undefined ? 'the job' : `run ${rid.slice(0, 8)}…`;
}

function limitOf(policy: HeartbeatPolicy): { ms: number; label: string } {
  return policy.max_runtime !== undefined
    ? { ms: policy.max_runtime, label: `${formatDuration(policy.max_runtime)} (max_runtime)` }
    : { ms: policy.grace, label: `${formatDuration(policy.grace)} (grace; no max_runtime set)` };
}

/**
 * Open runs that still count, with their deadlines. A run started before `since` counts from
 * `since` (its finish may have come while tocsin was down). A run is abandoned once a later run,
 * started after this one's deadline, has finished: the job demonstrably works again.
 */
function openDeadlines(policy: HeartbeatPolicy, facts: HeartbeatFacts): number[] {
  return countedRuns(policy, facts).map(({ deadline }) => deadline);
}

function countedRuns(policy: HeartbeatPolicy, facts: HeartbeatFacts): { run: OpenRun; deadline: number }[] {
  const limit = limitOf(policy).ms;
  const last = facts.runs.lastFinish;
  const lastRunStart = last ? (last.startedAt ?? last.at) : undefined;
  return facts.runs.open
    .map((run) => ({ run, deadline: Math.max(run.startedAt, facts.since) + limit }))
    .filter(({ deadline }) => lastRunStart === undefined || lastRunStart <= deadline);
}

function hungRun(policy: HeartbeatPolicy, facts: HeartbeatFacts, now: number): HeartbeatVerdict | undefined {
  const overdue = countedRuns(policy, facts).find(({ deadline }) => now > deadline);
  if (!overdue) return undefined;
  const { run } = overdue;
  const which = run.rid === undefined ? '' : ` (run ${run.rid.slice(0, 8)}…)`;
  return {
    state: 'hung',
    status: 'down',
    message: `started ${isoSeconds(run.startedAt)}${which} and has not finished after ${limitOf(policy).label}`,
  };
}

interface Lateness {
  verdict?: HeartbeatVerdict;
  /** The expected ping (without grace) and its due time (with grace) that the job is now measured against. */
  expected?: number;
  due?: number;
}

function lateness(policy: HeartbeatPolicy, facts: HeartbeatFacts, now: number): Lateness {
  const anchor = lastSignOfLife(facts.runs);
  let expected = anchor === undefined ? undefined : expectedAfter(policy, anchor);
  let fromWatchStart = false;
  if (expected === undefined || expected + policy.grace < facts.since) {
    expected = expectedAfter(policy, facts.since);
    fromWatchStart = true;
  }
  if (expected === undefined) {
    return { verdict: { state: 'waiting', message: `the schedule "${policy.schedule}" has no further occurrence` } };
  }
  const due = expected + policy.grace;
  if (now > due) return { verdict: late(policy, anchor, expected, facts.since), expected, due };
  if (fromWatchStart) {
    const message = anchor === undefined ? 'no ping yet' : `last ping ${isoSeconds(anchor)}, before tocsin was watching`;
    return { verdict: { state: 'waiting', message: `${message}; expected by ${expectedText(policy, expected)}`, recheckAt: due }, expected, due };
  }
  return { expected, due };
}

function expectedText(policy: HeartbeatPolicy, expected: number): string {
  return `${describeInstant(expected, policy.tz)} + grace ${formatDuration(policy.grace)}`;
}

function late(policy: HeartbeatPolicy, anchor: number | undefined, expected: number, since: number): HeartbeatVerdict {
  const last = anchor === undefined ? `no ping since monitoring began at ${isoSeconds(since)}` : `no ping since ${isoSeconds(anchor)}`;
  return { state: 'late', status: 'down', message: `${last}; expected by ${expectedText(policy, expected)}` };
}

function tooFast(policy: HeartbeatPolicy, finish: Finish | undefined): HeartbeatVerdict | undefined {
  if (policy.min_runtime === undefined || finish?.startedAt === undefined) return undefined;
  const took = finish.at - finish.startedAt;
  if (took >= policy.min_runtime) return undefined;
  return {
    state: 'too_fast',
    status: 'degraded',
    message: `${runName(finish.rid)} finished in ${humanDuration(took)}, below min_runtime ${formatDuration(policy.min_runtime)}`,
  };
}

function up(policy: HeartbeatPolicy, runs: RunsState, expected: number | undefined): HeartbeatVerdict {
  const next = expected === undefined ? '' : `; next expected by ${expectedText(policy, expected)}`;
  const latestOpen = runs.open.at(-1);
  if (latestOpen && latestOpen.startedAt >= (runs.lastFinish?.at ?? -Infinity)) {
    const which = latestOpen.rid === undefined ? '' : ` (run ${latestOpen.rid.slice(0, 8)}…)`;
    return { state: 'up', status: 'up', message: `running since ${isoSeconds(latestOpen.startedAt)}${which}${next}` };
  }
  const finish = runs.lastFinish;
  if (!finish) return { state: 'up', status: 'up', message: `started${next}` };
  const took = finish.startedAt !== undefined ? ` after ${humanDuration(finish.at - finish.startedAt)}` : '';
  return { state: 'up', status: 'up', message: `pinged ${isoSeconds(finish.at)}${took}${next}` };
}
