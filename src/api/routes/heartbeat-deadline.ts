/**
 * When a heartbeat's next ping is due, as the evaluator judges lateness (core/heartbeat/judge.ts):
 * a period or schedule after the last sign of life, plus grace; measured from when tocsin began
 * watching when that is later (a restart gives every job its next expected time plus grace). Pure.
 */
import { expectedAfter, type HeartbeatPolicy } from '../../core/heartbeat/index.js';

export interface Deadline {
  /** The expected ping, without grace; null when a schedule has no further occurrence. */
  expectedAt: number | null;
  /** Late after this: expected + grace. */
  dueAt: number | null;
}

export function nextDeadline(policy: HeartbeatPolicy, lastSignOfLife: number | null, watchingSince: number): Deadline {
  let expected = lastSignOfLife === null ? undefined : expectedAfter(policy, lastSignOfLife);
  if (expected === undefined || expected + policy.grace < watchingSince) expected = expectedAfter(policy, watchingSince);
  if (expected === undefined) return { expectedAt: null, dueAt: null };
  return { expectedAt: expected, dueAt: expected + policy.grace };
}
