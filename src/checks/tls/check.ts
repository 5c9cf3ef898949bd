import type { CheckResult } from '../../core/types.js';
import { smtpProblem } from '../smtp/judge.js';
import type { Check, CheckContext } from '../types.js';
import { judgeCertificate } from './judge.js';
import { observeTls, type TlsObservation, type TlsTesting } from './observe.js';
import type { TlsSettings } from './schema.js';

/** The whole verdict for a tls monitor, from what observeTls saw. Pure. */
export function judgeTls(observation: TlsObservation, settings: TlsSettings, now: Date): Pick<CheckResult, 'status' | 'message' | 'metrics'> {
  if (observation.failure) return { status: 'down', message: observation.failure };
  if (observation.smtp) {
    const problem = smtpProblem(observation.smtp, observation.target, true);
    if (problem) return { status: 'down', message: problem };
  }
  if (!observation.certificate) return { status: 'down', message: `${observation.target} presented no certificate` };
  return judgeCertificate(
    observation.name,
    observation.certificate,
    { warnDays: settings.warn_days, criticalDays: settings.critical_days, verify: true },
    now,
  );
}

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
