import type { CheckResult } from '../../core/types.js';
import type { TlsTesting } from '../tls/observe.js';
import type { Check, CheckContext } from '../types.js';
import { judgeSmtp } from './judge.js';
import { observeSmtp } from './observe.js';
import type { SmtpSettings } from './schema.js';

/** Observes and judges; `testing` exists only so tests can trust their own CA. */
export async function runSmtp(settings: SmtpSettings, ctx: CheckContext, testing?: TlsTesting): Promise<CheckResult> {
  const observation = await observeSmtp(settings, ctx, testing);
  const verdict = judgeSmtp(
    observation,
    { starttls: settings.starttls, warnDays: settings.warn_days, criticalDays: settings.critical_days, verifyTls: settings.verify_tls },
    new Date(),
  );
  const timings = ctx.phases.finish();
  return { ...verdict, latencyMs: timings.total ?? 0, timings };
}

export const smtpCheck: Check<SmtpSettings> = {
  type: 'smtp',
  run: (settings, ctx) => runSmtp(settings, ctx),
};
