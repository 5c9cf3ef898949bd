import { Phases } from '../../src/checks/phases.js';
import type { CheckContext } from '../../src/checks/types.js';

/** A CheckContext like the runner's, with the abort in the test's hands. */
export function testContext(timeoutMs = 5000): { ctx: CheckContext; abort: () => void } {
  const controller = new AbortController();
  const ctx: CheckContext = { signal: controller.signal, timeoutMs, phases: new Phases() };
  return { ctx, abort: () => controller.abort(new Error(`timed out after ${timeoutMs} ms`)) };
}
