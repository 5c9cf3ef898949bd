export { judgeHeartbeat } from './judge.js';
export type { HeartbeatFacts, HeartbeatPolicy, HeartbeatState, HeartbeatVerdict } from './judge.js';
export { applyPing, replayPings, lastSignOfLife, EMPTY_RUNS, MAX_OPEN_RUNS } from './runs.js';
export type { Applied, Finish, OpenRun, Ping, PingKind, RunsState } from './runs.js';
export { expectedAfter, scheduleProblem } from './schedule.js';
export type { Expectation } from './schedule.js';
export { firstLogLine, redactSecrets } from './log-line.js';
export { describeInstant, humanDuration, isKnownTimeZone, isoSeconds, wallClock } from './time.js';
