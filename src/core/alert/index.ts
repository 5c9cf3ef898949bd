/** The alert state machine's public surface. */
export type { AlertEvent, AlertEventType, AlertInput, AlertPolicy, AlertState, EscalationStep, StepOutcome } from './types.js';
export { initialState, currentMessage } from './state.js';
export { step } from './step.js';
export { replay } from './replay.js';
export { affectedDependants, blockingUpstreams } from './dependencies.js';
