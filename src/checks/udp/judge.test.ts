import { describe, expect, it } from 'vitest';
import type { Status } from '../../core/types.js';
import { judgeUdp } from './judge.js';
import type { UdpObservation } from './observe.js';
import type { UdpSettings } from './schema.js';

const target = '10.0.0.9:1812';
const replied = (text: string | Buffer): UdpObservation => ({ outcome: 'replied', target, reply: Buffer.from(text), replyMs: 4 });
const failed = (code: string): UdpObservation => ({ outcome: 'failed', target, code, error: `recv ${code}` });

describe('judgeUdp', () => {
  const cases: Array<[string, UdpObservation, Pick<UdpSettings, 'expect'>, Status, string]> = [
    ['is up on any reply when nothing is expected', replied('pong'), {}, 'up', '10.0.0.9:1812 replied 4 bytes in 4 ms'],
    [
      'is up when the reply contains the text',
      replied('+PONG\r\n'),
      { expect: { contains: 'PONG' } },
      'up',
      '10.0.0.9:1812 replied 7 bytes in 4 ms; the reply contains "PONG"',
    ],
    [
      'is up when the reply contains the bytes',
      replied(Buffer.from([0x24, 0x02, 0x00])),
      { expect: { contains_hex: '0200' } },
      'up',
      '10.0.0.9:1812 replied 3 bytes in 4 ms; the reply contains the bytes 0200',
    ],
    [
      'is up when the reply matches',
      replied('version 1.4.2'),
      { expect: { regex: '^version \\d+\\.' } },
      'up',
      '10.0.0.9:1812 replied 13 bytes in 4 ms; the reply matches /^version \\d+\\./',
    ],
    [
      'is down, quoting the reply, when it lacks the text',
      replied('ERR\n'),
      { expect: { contains: 'PONG' } },
      'down',
      'reply from 10.0.0.9:1812: "ERR\\n", expected it to contain "PONG"',
    ],
    [
      'is down when the bytes are missing',
      replied('x'),
      { expect: { contains_hex: 'ff' } },
      'down',
      'reply from 10.0.0.9:1812: "x", expected it to contain the bytes ff',
    ],
    [
      'is down when the reply does not match',
      replied('version x'),
      { expect: { contains: 'version', regex: '\\d' } },
      'down',
      'reply from 10.0.0.9:1812: "version x", expected it to match /\\d/',
    ],
    ['names a closed port', failed('ECONNREFUSED'), {}, 'down', '10.0.0.9:1812 refused the datagram (ICMP port unreachable: nothing listens there)'],
    ['names an unreachable host', failed('EHOSTUNREACH'), {}, 'down', 'no route to 10.0.0.9:1812 (host unreachable)'],
    ['passes other errors on', failed('EWHAT'), {}, 'down', 'could not exchange datagrams with 10.0.0.9:1812: recv EWHAT'],
    [
      'passes a resolution failure on',
      { outcome: 'unresolved', reason: 'radius.internal does not exist (NXDOMAIN)' },
      {},
      'down',
      'radius.internal does not exist (NXDOMAIN)',
    ],
  ];
  it.each(cases)('%s', (_name, seen, settings, status, message) => {
    expect(judgeUdp(seen, settings)).toMatchObject({ status, message });
  });

  it('counts the reply bytes as a metric', () => {
    expect(judgeUdp(replied('abc'), {}).metrics).toEqual({ udp_reply_bytes: 3 });
  });
});
