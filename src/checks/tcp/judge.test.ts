import { describe, expect, it } from 'vitest';
import { judgeTcp } from './judge.js';
import type { TcpObservation } from './observe.js';

const target = '10.0.0.5:5432';
const connected = (banner?: { text: string | Buffer; end: 'found' | 'closed' | 'reset' | 'limit' }): TcpObservation => ({
  outcome: 'connected',
  target,
  connectMs: 3,
  ...(banner && { banner: { bytes: Buffer.from(banner.text), end: banner.end } }),
});
const ssh = { expect: { contains: 'SSH-2.0' } };

describe('judgeTcp', () => {
  const cases: Array<[string, TcpObservation, { expect?: { contains: string } }, 'up' | 'down', string]> = [
    ['is up when it connected and nothing more was asked', connected(), {}, 'up', 'connected to 10.0.0.5:5432 in 3 ms'],
    [
      'is up when the banner contains the text',
      connected({ text: 'SSH-2.0-OpenSSH_9.2\r\n', end: 'found' }),
      ssh,
      'up',
      'banner from 10.0.0.5:5432 contains "SSH-2.0" (connected in 3 ms)',
    ],
    [
      'is down when the banner lacks the text',
      connected({ text: 'xyz', end: 'closed' }),
      ssh,
      'down',
      'banner from 10.0.0.5:5432: "xyz", expected it to contain "SSH-2.0"',
    ],
    [
      'shows line ends of a wrong banner',
      connected({ text: '220 mail\r\n', end: 'closed' }),
      ssh,
      'down',
      'banner from 10.0.0.5:5432: "220 mail\\r\\n", expected it to contain "SSH-2.0"',
    ],
    [
      'says the peer closed before sending anything',
      connected({ text: '', end: 'closed' }),
      ssh,
      'down',
      '10.0.0.5:5432 closed the connection before sending "SSH-2.0"',
    ],
    [
      'says the peer reset before sending anything',
      connected({ text: '', end: 'reset' }),
      ssh,
      'down',
      '10.0.0.5:5432 reset the connection before sending "SSH-2.0"',
    ],
    [
      'says it stopped reading at the size limit',
      connected({ text: 'a'.repeat(10), end: 'limit' }),
      ssh,
      'down',
      'banner from 10.0.0.5:5432: "aaaaaaaaaa", expected it to contain "SSH-2.0" (stopped reading after 64 kB)',
    ],
    [
      'names a refused connection',
      { outcome: 'unreachable', target, code: 'ECONNREFUSED', error: 'connect ECONNREFUSED' },
      {},
      'down',
      'connection refused by 10.0.0.5:5432',
    ],
    [
      'names an unreachable host',
      { outcome: 'unreachable', target, code: 'EHOSTUNREACH', error: 'x' },
      {},
      'down',
      'no route to 10.0.0.5:5432 (host unreachable)',
    ],
    ['names an unreachable network', { outcome: 'unreachable', target, code: 'ENETUNREACH', error: 'x' }, {}, 'down', 'network unreachable for 10.0.0.5:5432'],
    [
      'names a reset while connecting',
      { outcome: 'unreachable', target, code: 'ECONNRESET', error: 'x' },
      {},
      'down',
      '10.0.0.5:5432 reset the connection while connecting',
    ],
    [
      'passes other errors on with the target',
      { outcome: 'unreachable', target, code: 'EWHAT', error: 'connect EWHAT' },
      {},
      'down',
      'could not connect to 10.0.0.5:5432: connect EWHAT',
    ],
    [
      'passes a resolution failure on',
      { outcome: 'unresolved', reason: 'db.internal does not exist (NXDOMAIN)' },
      {},
      'down',
      'db.internal does not exist (NXDOMAIN)',
    ],
  ];
  it.each(cases)('%s', (_name, seen, settings, status, message) => {
    expect(judgeTcp(seen, settings)).toEqual({ status, message });
  });

  it('cuts a long wrong banner short', () => {
    const { message } = judgeTcp(connected({ text: 'x'.repeat(5000), end: 'closed' }), ssh);
    expect(message).toBe(`banner from 10.0.0.5:5432: "${'x'.repeat(120)}"…, expected it to contain "SSH-2.0"`);
  });
});
