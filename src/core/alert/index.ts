/** The alert state machine's public surface. */
export type * from './types.js';
export type { TimedInput } from './replay.js';
export { initialState, currentMessage, isQuiet, upgradeState, sharingNone } from './state.js';
export { confirming, confirmingText, type Confirming } from './confirm.js';
export { isProblem } from './inputs.js';
export { step } from './step.js';
export { replay } from './replay.js';
export { affectedDependants, blockingUpstreams } from './dependencies.js';
export { nextWake } from './wake.js';
