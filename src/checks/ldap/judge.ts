import type { CheckResult } from '../../core/types.js';
import { judgeCertificate } from '../tls/judge.js';
import type { LdapObservation } from './observe.js';
import type { LdapSettings } from './schema.js';

type Verdict = Pick<CheckResult, 'status' | 'message' | 'metrics'>;
type Policy = Pick<LdapSettings, 'bind_dn' | 'search' | 'verify_tls' | 'warn_days' | 'critical_days'>;

/**
 * Decides what an LDAP server's answers mean. In order: could we reach it (and shake hands), did
 * the bind work, did the search find enough entries; then the certificate's days, judged like the
 * tls check, so an expiring certificate degrades a directory that otherwise answers. Pure.
 */
export function judgeLdap(seen: LdapObservation, policy: Policy, now: Date): Verdict {
  if (seen.failure) return { status: 'down', message: seen.failure };
  if (seen.tls && !seen.certificate) return { status: 'down', message: `${seen.target} presented no certificate (${seen.tls})` };
  const certificate =
    seen.certificate &&
    judgeCertificate(seen.name, seen.certificate, { warnDays: policy.warn_days, criticalDays: policy.critical_days, verify: policy.verify_tls }, now);
  const who = policy.bind_dn === undefined ? 'anonymously' : `as ${policy.bind_dn}`;
  if (seen.bindWithheld)
    return {
      status: 'down',
      message: `${certificate?.message ?? 'certificate not trusted'}; did not send the password to bind ${who}`,
      metrics: certificate?.metrics,
    };
  const via = seen.tls ? ` over ${seen.tls === 'ldaps' ? 'ldaps' : 'StartTLS'}` : '';
  if (!seen.bind) return { status: 'down', message: `no bind ${who} at ${seen.target}${via}` };
  if (seen.bind.error !== undefined)
    return { status: 'down', message: `bind ${who} at ${seen.target}${via} failed: ${seen.bind.error}`, metrics: certificate?.metrics };
  let done = `bound ${who} at ${seen.target}${via}`;
  const metrics: Record<string, number> = { ...certificate?.metrics };
  const wanted = policy.search;
  if (wanted) {
    const what = `search of "${wanted.base}" for ${wanted.filter}`;
    if (!seen.search) return { status: 'down', message: `${done}, but the ${what} did not finish` };
    if ('error' in seen.search) return { status: 'down', message: `${done}, but the ${what} failed: ${seen.search.error}`, metrics };
    metrics.ldap_entries = seen.search.count;
    const found = `${seen.search.count >= seen.search.sizeLimit ? 'at least ' : ''}${entries(seen.search.count)}`;
    if (seen.search.count < wanted.min_entries)
      return { status: 'down', message: `${done}, but the ${what} found ${found}, expected at least ${wanted.min_entries}`, metrics };
    done += `, ${what} found ${found}`;
  }
  if (!certificate) return { status: 'up', message: done, metrics };
  if (certificate.status !== 'up') return { status: certificate.status, message: `${certificate.message} (${done})`, metrics };
  return { status: 'up', message: `${done}; ${certificate.message}`, metrics };
}

function entries(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}
