import { describe, expect, it } from 'vitest';
import { type CertificateFacts, type CertificatePolicy, judgeCertificate, span } from './judge.js';

const now = new Date('2026-11-21T05:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

const good: CertificateFacts = {
  subjectCN: 'docs.example.org',
  issuer: 'R3',
  altNames: ['docs.example.org'],
  notBefore: days(-10),
  notAfter: days(80),
  selfSigned: false,
  nameMatches: true,
};
const policy: CertificatePolicy = { warnDays: 21, criticalDays: 7, verify: true };

describe('judgeCertificate', () => {
  const cases: Array<{ name: string; facts?: Partial<CertificateFacts>; policy?: Partial<CertificatePolicy>; status: string; message: string }> = [
    {
      name: 'reports a healthy certificate as up with days left, expiry and issuer',
      status: 'up',
      message: 'certificate for docs.example.org valid for 80 days (until 2027-02-09T05:00:00Z), issuer R3',
    },
    {
      name: 'is down when fewer days than critical_days are left',
      facts: { notAfter: days(6) },
      status: 'down',
      message: 'certificate for docs.example.org expires in 6 days (2026-11-27T05:00:00Z), below critical_days 7',
    },
    {
      name: 'is degraded when fewer days than warn_days are left',
      facts: { notAfter: days(10.5) },
      status: 'degraded',
      message: 'certificate for docs.example.org expires in 10 days (2026-12-01T17:00:00Z), below warn_days 21',
    },
    {
      name: 'counts hours when less than a day is left',
      facts: { notAfter: days(0.25) },
      status: 'down',
      message: 'certificate for docs.example.org expires in 6 hours (2026-11-21T11:00:00Z), below critical_days 7',
    },
    {
      name: 'stays up on the day warn_days is reached but not passed',
      facts: { notAfter: days(21) },
      status: 'up',
      message: 'certificate for docs.example.org valid for 21 days (until 2026-12-12T05:00:00Z), issuer R3',
    },
    {
      name: 'never warns when warn_days and critical_days are 0',
      facts: { notAfter: days(1) },
      policy: { warnDays: 0, criticalDays: 0 },
      status: 'up',
      message: 'certificate for docs.example.org valid for 1 day (until 2026-11-22T05:00:00Z), issuer R3',
    },
    {
      name: 'says how long ago an expired certificate stopped being valid',
      facts: { notAfter: days(-3) },
      status: 'down',
      message: 'certificate for docs.example.org expired 3 days ago (notAfter 2026-11-18T05:00:00Z); issuer R3',
    },
    {
      name: 'reports expiry before trust problems',
      facts: { notAfter: days(-3), selfSigned: true, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      status: 'down',
      message: 'certificate for docs.example.org expired 3 days ago (notAfter 2026-11-18T05:00:00Z); issuer R3',
    },
    {
      name: 'reports a certificate that is not yet valid with its notBefore',
      facts: { notBefore: days(2) },
      status: 'down',
      message: 'certificate for docs.example.org is not yet valid (notBefore 2026-11-23T05:00:00Z, in 2 days); issuer R3',
    },
    {
      name: 'lists the names a mismatched certificate covers',
      facts: { nameMatches: false, subjectCN: 'a.example.org', altNames: ['a.example.org', 'b.example.org'] },
      status: 'down',
      message: 'certificate does not match docs.example.org: it covers a.example.org, b.example.org (subject CN=a.example.org, issuer R3)',
    },
    {
      name: 'falls back to the common name when a mismatched certificate has no alternative names',
      facts: { nameMatches: false, subjectCN: 'old.example.org', altNames: [] },
      status: 'down',
      message: 'certificate does not match docs.example.org: it covers old.example.org (subject CN=old.example.org, issuer R3)',
    },
    {
      name: 'says a self-signed certificate is not trusted and names its subject',
      facts: { selfSigned: true, subjectCN: 'x', issuer: 'x', chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      status: 'down',
      message: 'certificate for docs.example.org is self-signed (subject CN=x), not trusted',
    },
    {
      name: 'names the unknown issuer of an untrusted chain',
      facts: { issuer: 'Corp CA', chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
      status: 'down',
      message:
        'certificate for docs.example.org is not trusted: issuer Corp CA is not a known authority (unknown CA or missing intermediate certificate) (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    },
    {
      name: 'explains an expired certificate elsewhere in the chain',
      facts: { chainError: 'CERT_HAS_EXPIRED' },
      status: 'down',
      message: 'certificate for docs.example.org is not trusted: a certificate in the chain from issuer R3 has expired (CERT_HAS_EXPIRED)',
    },
    {
      name: 'ignores trust and host name when verification is off, but not the dates',
      facts: { nameMatches: false, selfSigned: true, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', notAfter: days(10) },
      policy: { verify: false },
      status: 'degraded',
      message: 'certificate for docs.example.org expires in 10 days (2026-12-01T05:00:00Z), below warn_days 21',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const verdict = judgeCertificate('docs.example.org', { ...good, ...c.facts }, { ...policy, ...c.policy }, now);
      expect(verdict.status).toBe(c.status);
      expect(verdict.message).toBe(c.message);
    });
  }

  it('exports days left and the expiry as epoch seconds', () => {
    const verdict = judgeCertificate('docs.example.org', { ...good, notAfter: days(-1.5) }, policy, now);
    expect(verdict.metrics).toEqual({ tls_days_left: -1.5, tls_not_after: Math.floor(days(-1.5).getTime() / 1000) });
  });
});

describe('span', () => {
  it.each([
    [86_400_000, '1 day'],
    [3 * 86_400_000 + 5, '3 days'],
    [3_600_000, '1 hour'],
    [90 * 60_000, '1 hour'],
    [12 * 60_000, '12 minutes'],
    [59_000, 'less than a minute'],
  ])('renders %i ms as %s', (ms, words) => {
    expect(span(ms)).toBe(words);
  });
});
