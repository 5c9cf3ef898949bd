import type { Status } from '../../core/types.js';
import { type CertificateFacts, judgeCertificate } from '../tls/judge.js';
import type { SmtpExchange } from './dialog.js';
import { ehloExtensions, replyText } from './reply.js';

/**
 * What went wrong in an SMTP greeting, in words, or undefined when it went as
 * wanted. Shared with the tls check's `starttls: smtp`.
 */
export function smtpProblem(exchange: SmtpExchange, target: string, starttls: boolean): string | undefined {
  const { banner, ehlo } = exchange;
  if (!banner) return `no banner from ${target}`;
  if (banner.code !== 220) return `${target} refused the session: ${replyText(banner)}`;
  if (!ehlo) return `no answer to EHLO from ${target}`;
  if (ehlo.code !== 250) return `${target} answered ${replyText(ehlo)} to EHLO`;
  if (!starttls) return undefined;
  if (!ehloExtensions(ehlo).includes('STARTTLS')) {
    return `STARTTLS not offered by ${target} (EHLO lists: ${ehloExtensions(ehlo).join(', ') || 'no extensions'})`;
  }
  if (!exchange.starttls) return `no answer to STARTTLS from ${target}`;
  if (exchange.starttls.code !== 220) return `${target} answered ${replyText(exchange.starttls)} to STARTTLS`;
  return undefined;
}

export interface SmtpObservation {
  /** `host:port` as configured. */
  target: string;
  /** The name the certificate must cover. */
  name: string;
  /** What ended the observation early (DNS, refused, closed, handshake), in words. */
  failure?: string;
  exchange: SmtpExchange;
  /** The certificate after STARTTLS; absent when there was no handshake. */
  certificate?: CertificateFacts;
}

export interface SmtpPolicy {
  starttls: boolean;
  warnDays: number;
  criticalDays: number;
  verifyTls: boolean;
}

export interface SmtpVerdict {
  status: Status;
  message: string;
  metrics?: Record<string, number>;
}

export function judgeSmtp(observation: SmtpObservation, policy: SmtpPolicy, now: Date): SmtpVerdict {
  const { target, exchange } = observation;
  if (observation.failure) return { status: 'down', message: observation.failure };
  const problem = smtpProblem(exchange, target, policy.starttls);
  if (problem) return { status: 'down', message: problem };
  const greeting = `SMTP banner from ${target}: ${replyText(exchange.banner ?? { code: 220, lines: [] })}`;
  if (!policy.starttls) return { status: 'up', message: greeting };
  if (!observation.certificate) return { status: 'down', message: `${target} presented no certificate after STARTTLS` };
  const cert = judgeCertificate(
    observation.name,
    observation.certificate,
    { warnDays: policy.warnDays, criticalDays: policy.criticalDays, verify: policy.verifyTls },
    now,
  );
  const message = cert.status === 'up' ? `${greeting}; STARTTLS ${cert.message}` : `STARTTLS on ${target}: ${cert.message}`;
  return { status: cert.status, message, metrics: cert.metrics };
}
