import { describe, expect, it } from 'vitest';
import { parseBootstrap, serverFor } from './bootstrap.js';
import { readRegistration } from './registration.js';

/** The shape of IANA's dns.json (RFC 9224 §4). */
const file = {
  version: '1.0',
  publication: '2026-11-01T00:00:00Z',
  description: 'RDAP bootstrap file for Domain Name System registrations',
  services: [
    [
      ['com', 'net'],
      ['http://rdap.verisign.example/com/v1/', 'https://rdap.verisign.example/com/v1/'],
    ],
    [['org'], ['https://rdap.org.example/rdap']],
    [['uk'], ['https://rdap.uk.example/']],
    [['co.uk'], ['https://rdap.co-uk.example/']],
  ],
};

describe('RDAP bootstrap', () => {
  const bootstrap = parseBootstrap(file);
  if (typeof bootstrap === 'string') throw new Error(bootstrap);

  it.each([
    ['example.com', 'https://rdap.verisign.example/com/v1/'],
    ['Example.NET.', 'https://rdap.verisign.example/com/v1/'],
    ['example.org', 'https://rdap.org.example/rdap/'],
    ['example.co.uk', 'https://rdap.co-uk.example/'],
    ['example.uk', 'https://rdap.uk.example/'],
  ])('serves %s from %s (https preferred, longest match, a slash at the end)', (domain, base) => {
    expect(serverFor(bootstrap, domain)).toBe(base);
  });

  it('has no server for a TLD it does not list', () => {
    expect(serverFor(bootstrap, 'example.de')).toBeUndefined();
  });

  it('says what is wrong with a file that is not a bootstrap file', () => {
    expect(parseBootstrap({ version: '1.0' })).toBe('it has no "services" array (RFC 9224)');
  });
});

describe('readRegistration', () => {
  const domain = {
    objectClassName: 'domain',
    ldhName: 'example.org',
    status: ['client transfer prohibited'],
    events: [
      { eventAction: 'registration', eventDate: '1995-08-31T04:00:00Z' },
      { eventAction: 'expiration', eventDate: '2027-08-30T04:00:00Z' },
    ],
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrar'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', 'Example Registrar'],
          ],
        ],
      },
    ],
  };

  it('reads the expiration event, the registrar and the statuses (RFC 9083)', () => {
    expect(readRegistration(domain)).toEqual({
      expires: new Date('2027-08-30T04:00:00Z'),
      registrar: 'Example Registrar',
      statuses: ['client transfer prohibited'],
    });
  });

  it('leaves out an expiration it cannot read', () => {
    expect(readRegistration({ ...domain, events: [{ eventAction: 'expiration', eventDate: 'soon' }], entities: [] })).toEqual({
      statuses: ['client transfer prohibited'],
    });
  });

  it('says when the answer is not a domain object', () => {
    expect(readRegistration({ objectClassName: 'entity' })).toBe('the answer is not an RDAP domain object (objectClassName "entity")');
    expect(readRegistration([1])).toBe('the answer is not a JSON object');
  });
});

describe('readRegistration with hostile text', () => {
  it('keeps control characters and long names out of messages', () => {
    const answer = {
      objectClassName: 'domain',
      status: ['active\u001b[2J'],
      entities: [{ roles: ['registrar'], vcardArray: ['vcard', [['fn', {}, 'text', `R\n${'x'.repeat(500)}`]]] }],
    };
    const registration = readRegistration(answer);
    if (typeof registration === 'string') throw new Error(registration);
    expect(registration.statuses).toEqual(['active [2J']);
    expect(registration.registrar).toHaveLength(200);
    expect(registration.registrar!.startsWith('R x')).toBe(true);
  });
});
