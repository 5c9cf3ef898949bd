import { describe, expect, it } from 'vitest';
import { afterAttempt, closedCircuit, gate, probing, type AttemptOutcome, type Circuit, type CircuitPolicy } from './delivery-circuit.js';

const policy: CircuitPolicy = { openAfter: 3, probeBaseMs: 1_000, probeCapMs: 30_000 };
const now = 1_000_000;
const failed: AttemptOutcome = { ok: false };
const ok: AttemptOutcome = { ok: true };

describe('afterAttempt', () => {
  it.each<[string, Circuit, AttemptOutcome, number, Circuit]>([
    ['a first failure leaves it closed', closedCircuit, failed, 1, { state: 'closed', failures: 1 }],
    ['the failure before the threshold leaves it closed', { state: 'closed', failures: 1 }, failed, 1, { state: 'closed', failures: 2 }],
    ['the threshold opens it, the probe within the base', { state: 'closed', failures: 2 }, failed, 1, { state: 'open', failures: 3, probeAt: now + 1_000 }],
    ['a failed probe doubles the wait', { state: 'half-open', failures: 3 }, failed, 1, { state: 'open', failures: 4, probeAt: now + 2_000 }],
    ['the wait stops at the cap', { state: 'half-open', failures: 40 }, failed, 1, { state: 'open', failures: 41, probeAt: now + 30_000 }],
    [
      'a Retry-After longer than the wait is honoured',
      { state: 'half-open', failures: 3 },
      { ok: false, retryAfterMs: 120_000 },
      1,
      { state: 'open', failures: 4, probeAt: now + 120_000 },
    ],
    ['a success closes it from closed', { state: 'closed', failures: 2 }, ok, 1, closedCircuit],
    ['a successful probe closes it', { state: 'half-open', failures: 9 }, ok, 1, closedCircuit],
    ['a success of an attempt started before it opened closes it too', { state: 'open', failures: 5, probeAt: now + 9_000 }, ok, 1, closedCircuit],
    [
      'a skipped probe leaves it open with the next probe due at once',
      { state: 'half-open', failures: 4 },
      { ok: true, skipped: true },
      1,
      { state: 'open', failures: 4, probeAt: now },
    ],
    [
      "a skip does not close a closed circuit's failure count",
      { state: 'closed', failures: 1 },
      { ok: true, skipped: true },
      1,
      { state: 'closed', failures: 1 },
    ],
    [
      'a skip leaves an open circuit as it was',
      { state: 'open', failures: 3, probeAt: now + 500 },
      { ok: true, skipped: true },
      1,
      { state: 'open', failures: 3, probeAt: now + 500 },
    ],
    [
      'a failure of an attempt started before it opened moves the probe, jittered',
      { state: 'open', failures: 3, probeAt: now + 500 },
      failed,
      0.5,
      { state: 'open', failures: 4, probeAt: now + 1_000 },
    ],
  ])('%s', (_what, circuit, outcome, random, expected) => {
    expect(afterAttempt(circuit, outcome, now, policy, random)).toEqual(expected);
  });
});

describe('gate', () => {
  it.each<[string, Circuit, number, ReturnType<typeof gate>]>([
    ['closed: everything due goes', closedCircuit, now, { admit: 'all' }],
    ['open, before the probe is due: nothing, until then', { state: 'open', failures: 3, probeAt: now + 1 }, now, { admit: 'none', until: now + 1 }],
    ['open, the probe due: one probe', { state: 'open', failures: 3, probeAt: now }, now, { admit: 'probe' }],
    ['half-open: nothing until the probe answers', { state: 'half-open', failures: 3 }, now + 60_000, { admit: 'none' }],
  ])('%s', (_what, circuit, at, expected) => {
    expect(gate(circuit, at)).toEqual(expected);
  });

  it('holds a channel to one probe at a time until one succeeds, then lets everything go', () => {
    let circuit: Circuit = closedCircuit;
    for (let i = 0; i < 3; i++) circuit = afterAttempt(circuit, failed, now, policy, 1);
    expect(gate(circuit, now)).toEqual({ admit: 'none', until: now + 1_000 });
    circuit = probing(circuit);
    expect(gate(circuit, now + 1_000)).toEqual({ admit: 'none' });
    circuit = afterAttempt(circuit, ok, now + 1_100, policy, 1);
    expect(gate(circuit, now + 1_100)).toEqual({ admit: 'all' });
  });
});
