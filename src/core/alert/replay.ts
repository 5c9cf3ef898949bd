/** Runs a series of timed inputs through step(): rebuilding state from stored history, and tests. */
import { step } from './step.js';
import type { AlertEvent, AlertInput, AlertPolicy, AlertState, StepOutcome } from './types.js';

export interface TimedInput {
  now: number;
  input: AlertInput;
}

export function replay(state: AlertState, inputs: readonly TimedInput[], policy: AlertPolicy): StepOutcome {
  let current = state;
  const events: AlertEvent[] = [];
  for (const { now, input } of inputs) {
    const outcome = step(current, input, policy, now);
    current = outcome.state;
    events.push(...outcome.events);
  }
  return { state: current, events };
}
