import type { Status } from '../../core/types.js';

/** What a TLS handshake showed about the server's certificate. Plain data, so judging is pure. */
export interface CertificateFacts {
  /** Subject common name, '' when the certificate has none. */
  subjectCN: string;
  /** Issuer common name (or organisation when there is no CN). */
  issuer: string;
  /** DNS names and IP addresses from subjectAltName. */
  altNames: string[];
  notBefore: Date;
  notAfter: Date;
  /** Signed by its own key. */
  selfSigned: boolean;
  /** OpenSSL's complaint about the chain (e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE`); absent when trusted. */
  chainError?: string;
  /** Whether the certificate covers the name we asked for (tls.checkServerIdentity). */
  nameMatches: boolean;
}

export interface CertificatePolicy {
  warnDays: number;
  criticalDays: number;
  /** Judge trust and host name too; false only looks at dates. */
  verify: boolean;
}

export interface CertificateVerdict {
  status: Status;
  message: string;
  metrics: { tls_days_left: number; tls_not_after: number };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Decides what a certificate means for `name` at `now`. The order matters:
 * a certificate that is expired is reported as expired even if it is also
 * self-signed, because that is the first thing anyone will have to fix.
 */
export function judgeCertificate(name: string, facts: CertificateFacts, policy: CertificatePolicy, now: Date): CertificateVerdict {
  const left = facts.notAfter.getTime() - now.getTime();
  const metrics = { tls_days_left: Math.round((left / DAY) * 100) / 100, tls_not_after: Math.floor(facts.notAfter.getTime() / 1000) };
  const verdict = (status: Status, message: string): CertificateVerdict => ({ status, message, metrics });
  const until = iso(facts.notAfter);
  if (left <= 0) {
    return verdict('down', `certificate for ${name} expired ${span(-left)} ago (notAfter ${until}); issuer ${facts.issuer}`);
  }
  const early = facts.notBefore.getTime() - now.getTime();
  if (early > 0) {
    return verdict('down', `certificate for ${name} is not yet valid (notBefore ${iso(facts.notBefore)}, in ${span(early)}); issuer ${facts.issuer}`);
  }
  const distrust = policy.verify ? trustProblem(name, facts) : undefined;
  if (distrust) return verdict('down', distrust);
  if (left < policy.criticalDays * DAY) {
    return verdict('down', `certificate for ${name} expires in ${span(left)} (${until}), below critical_days ${policy.criticalDays}`);
  }
  if (left < policy.warnDays * DAY) {
    return verdict('degraded', `certificate for ${name} expires in ${span(left)} (${until}), below warn_days ${policy.warnDays}`);
  }
  return verdict('up', `certificate for ${name} valid for ${span(left)} (until ${until}), issuer ${facts.issuer}`);
}

function trustProblem(name: string, facts: CertificateFacts): string | undefined {
  const subject = `subject CN=${facts.subjectCN || '(none)'}`;
  if (!facts.nameMatches) {
    const covers = facts.altNames.length > 0 ? facts.altNames.join(', ') : facts.subjectCN || 'no names';
    return `certificate does not match ${name}: it covers ${covers} (${subject}, issuer ${facts.issuer})`;
  }
  if (facts.chainError === undefined) return undefined;
  if (facts.selfSigned) return `certificate for ${name} is self-signed (${subject}), not trusted`;
  return `certificate for ${name} is not trusted: ${chainWords(facts.chainError, facts.issuer)} (${facts.chainError})`;
}

/** OpenSSL verification codes a person is likely to meet, in words. */
function chainWords(code: string, issuer: string): string {
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return `issuer ${issuer} is not a known authority (unknown CA or missing intermediate certificate)`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `the chain from issuer ${issuer} ends in a self-signed root that is not trusted`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'it is self-signed';
    case 'CERT_HAS_EXPIRED':
      return `a certificate in the chain from issuer ${issuer} has expired`;
    case 'CERT_NOT_YET_VALID':
      return `a certificate in the chain from issuer ${issuer} is not yet valid`;
    case 'CERT_REVOKED':
      return 'it has been revoked';
    case 'CERT_SIGNATURE_FAILURE':
      return 'its signature does not verify';
    default:
      return `verification failed with issuer ${issuer}`;
  }
}

/** "6 days", "1 day", "5 hours", "12 minutes": the largest whole unit. */
export function span(ms: number): string {
  const [amount, unit] = ms >= DAY ? [ms / DAY, 'day'] : ms >= HOUR ? [ms / HOUR, 'hour'] : [ms / MINUTE, 'minute'];
  const whole = Math.floor(amount);
  if (whole < 1) return 'less than a minute';
  return `${whole} ${unit}${whole === 1 ? '' : 's'}`;
}

/** ISO 8601 to the second, as certificates carry no milliseconds. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
