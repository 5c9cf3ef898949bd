/** The alert state machine's public surface. */
export type * from './types.js';
export type { TimedInput } from './replay.js';
export { initialState, currentMessage, isQuiet } from './state.js';
export { step } from './step.js';
export { replay } from './replay.js';
export { affectedDependants, blockingUpstreams } from './dependencies.js';
