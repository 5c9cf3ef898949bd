import { describe, expect, it } from 'vitest';
import { judgeDomain } from './judge.js';
import type { DomainObservation } from './observe.js';

const now = Date.parse('2026-11-21T05:00:00Z');
const days = (n: number) => new Date(now + n * 86_400_000);
const policy = { warn_days: 30, critical_days: 7 };
const registered = (expires: Date | undefined, more: { registrar?: string; statuses?: string[] } = {}): DomainObservation => ({
  outcome: 'registered',
  server: 'rdap.example',
  registration: { statuses: more.statuses ?? ['active'], ...(expires && { expires }), ...(more.registrar && { registrar: more.registrar }) },
});

describe('judgeDomain', () => {
  const cases: Array<[string, DomainObservation, string, string, number?]> = [
    [
      'is up with the days left and the registrar',
      registered(days(200), { registrar: 'Example Registrar, Inc.' }),
      'up',
      'registration of example.org valid for 200 days (until 2027-06-09T05:00:00Z), registrar Example Registrar, Inc.',
    ],
    [
      'is degraded below warn_days',
      registered(days(20)),
      'degraded',
      'registration of example.org expires in 20 days (2026-12-11T05:00:00Z), below warn_days 30',
    ],
    ['is down below critical_days', registered(days(3)), 'down', 'registration of example.org expires in 3 days (2026-11-24T05:00:00Z), below critical_days 7'],
    ['says how long ago it expired', registered(days(-2)), 'down', 'registration of example.org expired 2 days ago (2026-11-19T05:00:00Z)'],
    [
      'is down in the redemption period whatever the date',
      registered(days(40), { statuses: ['Redemption Period'] }),
      'down',
      'example.org is in "Redemption Period": the registration has lapsed',
    ],
    [
      'is unknown when the registry publishes no expiration',
      registered(undefined, { registrar: 'DENIC' }),
      'unknown',
      'rdap.example publishes no expiration date for example.org, registrar DENIC',
    ],
    [
      'is down when the registry does not know the name',
      { outcome: 'not-registered', server: 'rdap.example' },
      'down',
      'example.org is not registered: rdap.example answered 404 (not found)',
    ],
    [
      'is unknown when the lookup failed',
      { outcome: 'failed', reason: 'rdap.example answered HTTP 503' },
      'unknown',
      'could not read the registration of example.org over RDAP: rdap.example answered HTTP 503',
    ],
    [
      'says how old a kept answer is',
      registered(days(200)),
      'up',
      'registration of example.org valid for 200 days (until 2027-06-09T05:00:00Z) (RDAP answer from 5 hours ago)',
      5 * 3_600_000,
    ],
  ];
  it.each(cases)('%s', (_name, seen, status, message, age = 0) => {
    const verdict = judgeDomain('example.org', seen, policy, now, now - age);
    expect({ status: verdict.status, message: verdict.message }).toEqual({ status, message });
  });

  it('exports the days left and the expiry as epoch seconds', () => {
    expect(judgeDomain('example.org', registered(days(12.5)), policy, now, now).metrics).toEqual({
      domain_days_left: 12.5,
      domain_expires: Math.floor(days(12.5).getTime() / 1000),
    });
  });
});
