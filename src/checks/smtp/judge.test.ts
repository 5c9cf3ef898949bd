import { describe, expect, it } from 'vitest';
import type { CertificateFacts } from '../tls/judge.js';
import { judgeSmtp, type SmtpObservation, type SmtpPolicy } from './judge.js';

const now = new Date('2026-11-21T05:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const target = 'mail.example.org:25';

const banner = { code: 220, lines: ['mx ESMTP ready'] };
const ehlo = { code: 250, lines: ['mx greets you', 'PIPELINING', 'STARTTLS'] };
const certificate: CertificateFacts = {
  subjectCN: 'mail.example.org',
  issuer: 'R3',
  altNames: ['mail.example.org'],
  notBefore: days(-10),
  notAfter: days(80),
  selfSigned: false,
  nameMatches: true,
};
const plain: SmtpPolicy = { starttls: false, warnDays: 21, criticalDays: 7, verifyTls: true };
const tls: SmtpPolicy = { ...plain, starttls: true };

describe('judgeSmtp', () => {
  const cases: Array<{ name: string; observation: Partial<SmtpObservation>; policy: SmtpPolicy; status: string; message: unknown }> = [
    {
      name: 'is up with the banner when the server greets and answers EHLO',
      observation: { exchange: { banner, ehlo } },
      policy: plain,
      status: 'up',
      message: 'SMTP banner from mail.example.org:25: 220 mx ESMTP ready',
    },
    {
      name: 'reports what ended the conversation early',
      observation: { failure: 'connection refused by 10.0.0.25:25', exchange: {} },
      policy: plain,
      status: 'down',
      message: 'connection refused by 10.0.0.25:25',
    },
    {
      name: 'is down when the banner refuses the session',
      observation: { exchange: { banner: { code: 554, lines: ['5.7.1 no service for you'] } } },
      policy: plain,
      status: 'down',
      message: 'mail.example.org:25 refused the session: 554 5.7.1 no service for you',
    },
    {
      name: 'names the reply EHLO got when it is not 250',
      observation: { exchange: { banner, ehlo: { code: 554, lines: ['go away'] } } },
      policy: plain,
      status: 'down',
      message: 'mail.example.org:25 answered 554 go away to EHLO',
    },
    {
      name: 'is down when STARTTLS is wanted but not offered, listing what is',
      observation: { exchange: { banner, ehlo: { code: 250, lines: ['mx', 'PIPELINING', '8BITMIME'] } } },
      policy: tls,
      status: 'down',
      message: 'STARTTLS not offered by mail.example.org:25 (EHLO lists: PIPELINING, 8BITMIME)',
    },
    {
      name: 'names the reply STARTTLS got when it is not 220',
      observation: { exchange: { banner, ehlo, starttls: { code: 454, lines: ['4.7.0 TLS not available'] } } },
      policy: tls,
      status: 'down',
      message: 'mail.example.org:25 answered 454 4.7.0 TLS not available to STARTTLS',
    },
    {
      name: 'adds the certificate to the banner when both are fine',
      observation: { exchange: { banner, ehlo, starttls: { code: 220, lines: ['go ahead'] } }, certificate },
      policy: tls,
      status: 'up',
      message:
        'SMTP banner from mail.example.org:25: 220 mx ESMTP ready; STARTTLS certificate for mail.example.org valid for 80 days (until 2027-02-09T05:00:00Z), issuer R3',
    },
    {
      name: 'leads with the certificate when it is what is wrong',
      observation: { exchange: { banner, ehlo, starttls: { code: 220, lines: ['go ahead'] } }, certificate: { ...certificate, notAfter: days(6) } },
      policy: tls,
      status: 'down',
      message: 'STARTTLS on mail.example.org:25: certificate for mail.example.org expires in 6 days (2026-11-27T05:00:00Z), below critical_days 7',
    },
    {
      name: 'overlooks an untrusted certificate when verify_tls is off',
      observation: {
        exchange: { banner, ehlo, starttls: { code: 220, lines: ['go ahead'] } },
        certificate: { ...certificate, selfSigned: true, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', nameMatches: false },
      },
      policy: { ...tls, verifyTls: false },
      status: 'up',
      message: expect.stringContaining('STARTTLS certificate for mail.example.org valid for 80 days'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = judgeSmtp({ target, name: 'mail.example.org', exchange: {}, ...c.observation }, c.policy, now);
      expect(verdict).toMatchObject({ status: c.status, message: c.message });
    });
  }

  it('exports the certificate metrics after STARTTLS', () => {
    const verdict = judgeSmtp({ target, name: 'mail.example.org', exchange: { banner, ehlo, starttls: { code: 220, lines: [] } }, certificate }, tls, now);
    expect(verdict.metrics).toEqual({ tls_days_left: 80, tls_not_after: Math.floor(days(80).getTime() / 1000) });
  });
});
