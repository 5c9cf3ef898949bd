import { describe, expect, it } from 'vitest';
import type { CertificateFacts } from './judge.js';
import type { TlsObservation } from './observe.js';
import type { TlsSettings } from './schema.js';
import { judgeTls } from './verdict.js';

const now = new Date('2026-11-21T05:00:00Z');
const settings: TlsSettings = { host: 'mail.example.org', port: 25, warn_days: 21, critical_days: 7, verify: true, starttls: 'smtp' };
const certificate: CertificateFacts = {
  subjectCN: 'mail.example.org',
  issuer: 'R3',
  altNames: ['mail.example.org'],
  notBefore: new Date('2026-11-01T00:00:00Z'),
  notAfter: new Date('2026-11-26T05:00:00Z'),
  selfSigned: false,
  nameMatches: true,
};
const banner = { code: 220, lines: ['mx ESMTP'] };
const ehlo = { code: 250, lines: ['mx', 'STARTTLS'] };
const base: TlsObservation = { target: 'mail.example.org:25', name: 'mail.example.org' };

describe('judgeTls', () => {
  const cases: Array<{ name: string; observation: Partial<TlsObservation>; status: string; message: string }> = [
    {
      name: 'passes on what ended the observation',
      observation: { failure: 'connection refused by 10.0.0.25:25' },
      status: 'down',
      message: 'connection refused by 10.0.0.25:25',
    },
    {
      name: 'reports an SMTP greeting that did not reach STARTTLS',
      observation: { smtp: { banner, ehlo: { code: 250, lines: ['mx', 'PIPELINING'] } } },
      status: 'down',
      message: 'STARTTLS not offered by mail.example.org:25 (EHLO lists: PIPELINING)',
    },
    {
      name: 'is down when the handshake brought no certificate',
      observation: { smtp: { banner, ehlo, starttls: { code: 220, lines: ['go ahead'] } } },
      status: 'down',
      message: 'mail.example.org:25 presented no certificate',
    },
    {
      name: 'judges the certificate once the connection went through',
      observation: { smtp: { banner, ehlo, starttls: { code: 220, lines: ['go ahead'] } }, certificate },
      status: 'down',
      message: 'certificate for mail.example.org expires in 5 days (2026-11-26T05:00:00Z), below critical_days 7',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(judgeTls({ ...base, ...c.observation }, settings, now)).toMatchObject({ status: c.status, message: c.message });
    });
  }
});
