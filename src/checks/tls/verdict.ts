import type { CheckResult } from '../../core/types.js';
import { smtpProblem } from '../smtp/judge.js';
import { judgeCertificate } from './judge.js';
import type { TlsObservation } from './observe.js';
import type { TlsSettings } from './schema.js';

/** The whole verdict for a tls monitor from what observeTls saw: connection, STARTTLS, then the certificate. */
export function judgeTls(observation: TlsObservation, settings: TlsSettings, now: Date): Pick<CheckResult, 'status' | 'message' | 'metrics'> {
  if (observation.unusable) return { status: 'unknown', message: observation.unusable };
  if (observation.failure) return { status: 'down', message: observation.failure };
  if (observation.smtp) {
    const problem = smtpProblem(observation.smtp, observation.target, true);
    if (problem) return { status: 'down', message: problem };
  }
  if (!observation.certificate) return { status: 'down', message: `${observation.target} presented no certificate` };
  return judgeCertificate(
    observation.name,
    observation.certificate,
    { warnDays: settings.warn_days, criticalDays: settings.critical_days, verify: settings.verify },
    now,
  );
}
