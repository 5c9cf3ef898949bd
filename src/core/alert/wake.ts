/**
 * When the passage of time alone can next change a monitor's alert state: the next escalation
 * step or reminder, the end of a timed maintenance window, or the oldest transition leaving the
 * flapping window. The engine keeps one timer heap keyed on this instead of stepping every
 * monitor every second. Undefined: only a result, an ack or a change around it can move it.
 * Mirrors escalate(), trackFlapping() and step()'s end of maintenance; the property test in
 * wake.test.ts checks that stepping at any earlier time changes nothing.
 */
import { pages } from './notify.js';
import type { AlertPolicy, AlertState } from './types.js';

export function nextWake(state: AlertState, policy: AlertPolicy): number | undefined {
  const times: number[] = [];
  const until = state.maintenance?.until;
  if (until !== null && until !== undefined) times.push(until);
  if (policy.flap && state.transitions.length > 0) times.push(Math.min(...state.transitions) + policy.flap.within);
  const escalation = escalationWake(state, policy);
  if (escalation !== undefined) times.push(escalation);
  return times.length > 0 ? Math.min(...times) : undefined;
}

function escalationWake(state: AlertState, policy: AlertPolicy): number | undefined {
  const { told, escalation, status } = state;
  if (!escalation || state.acknowledged || !pages(status, policy)) return undefined;
  if (!told || told.status !== status || told.episode !== state.episode) return undefined;
  const times: number[] = [];
  policy.escalation.forEach((step, index) => {
    if (index > 0 && !escalation.fired.includes(index)) times.push(escalation.from + step.after);
  });
  if (policy.remind_every !== undefined && policy.remind_every > 0) times.push(escalation.lastReminder + policy.remind_every);
  return times.length > 0 ? Math.min(...times) : undefined;
}
