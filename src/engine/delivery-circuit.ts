/**
 * Per channel, whether to send now (a circuit breaker). A channel whose attempts keep failing is
 * "open": nothing is sent to it but one probe when the probe is due. While the probe is out the
 * circuit is "half-open" and waits for its outcome. The first attempt that succeeds closes it, and
 * the worker then makes every notification kept for that channel due at once, so a receiver that
 * comes back gets them in seconds, not after each one's own backoff. Pure: the lanes keep one
 * circuit per channel and ask it.
 */
import { askedWait, backoffDelay } from './backoff.js';

export type Circuit = { state: 'closed'; failures: number } | { state: 'open'; failures: number; probeAt: number } | { state: 'half-open'; failures: number };

export interface CircuitPolicy {
  /** Consecutive failed attempts that open the circuit. */
  openAfter: number;
  /** The first probe comes within this long; each failed probe doubles it, up to probeCapMs. */
  probeBaseMs: number;
  /** The longest a channel that came back waits for its probe: one request per channel this often is no hammer. */
  probeCapMs: number;
}

/** One failure may be the receiver's blip; two in a row and the channel is probed rather than retried row by row. */
export const defaultCircuitPolicy: CircuitPolicy = { openAfter: 2, probeBaseMs: 1_000, probeCapMs: 30_000 };

export const closedCircuit: Circuit = { state: 'closed', failures: 0 };

/** What the lane may claim now: everything due, one probe (or one digest on a rate-limited channel), or nothing until `until`. */
export type Gate = { admit: 'all' } | { admit: 'probe' } | { admit: 'none'; until?: number };

export function gate(circuit: Circuit, now: number): Gate {
  if (circuit.state === 'closed') return { admit: 'all' };
  // The probe is out: its outcome decides, and no second probe joins it.
  if (circuit.state === 'half-open') return { admit: 'none' };
  return now >= circuit.probeAt ? { admit: 'probe' } : { admit: 'none', until: circuit.probeAt };
}

export function probing(circuit: Circuit): Circuit {
  return { state: 'half-open', failures: circuit.failures };
}

/**
 * An attempt's outcome as the circuit sees it: delivered, or not and how long the receiver asked
 * to wait. `skipped`: the channel sent nothing on purpose, so the receiver was not heard from.
 */
export type AttemptOutcome = { ok: true; skipped?: true } | { ok: false; retryAfterMs?: number };

/** `random` in [0, 1): the probe is jittered like any retry, so instances sharing a receiver do not probe in step. */
export function afterAttempt(circuit: Circuit, outcome: AttemptOutcome, now: number, policy: CircuitPolicy, random: number): Circuit {
  // Nothing was sent, so nothing changed: a probe that turned out to be a skip leaves the next one due at once.
  if (outcome.ok && outcome.skipped) return circuit.state === 'half-open' ? { state: 'open', failures: circuit.failures, probeAt: now } : circuit;
  if (outcome.ok) return closedCircuit;
  const failures = circuit.failures + 1;
  if (circuit.state === 'closed' && failures < policy.openAfter) return { state: 'closed', failures };
  const probes = Math.max(failures - policy.openAfter + 1, 1);
  const wait = Math.max(backoffDelay(probes, { baseMs: policy.probeBaseMs, capMs: policy.probeCapMs }, random), askedWait(outcome));
  return { state: 'open', failures, probeAt: now + wait };
}
