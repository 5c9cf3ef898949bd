import type { CheckResult } from '../../core/types.js';
import type { Check, CheckContext } from '../types.js';
import { observeTls, type TlsTesting } from './observe.js';
import type { TlsSettings } from './schema.js';
import { judgeTls } from './verdict.js';

/** Observes and judges; `testing` exists only so tests can trust their own CA. */
export async function runTls(settings: TlsSettings, ctx: CheckContext, testing?: TlsTesting): Promise<CheckResult> {
  const observation = await observeTls(settings, ctx, testing);
  const verdict = judgeTls(observation, settings, new Date());
  const timings = ctx.phases.finish();
  return { ...verdict, latencyMs: timings.total ?? 0, timings };
}

export const tlsCheck: Check<TlsSettings> = {
  type: 'tls',
  run: (settings, ctx) => runTls(settings, ctx),
};
