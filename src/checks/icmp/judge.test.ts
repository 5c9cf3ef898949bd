import { describe, expect, it } from 'vitest';
import type { Status } from '../../core/types.js';
import { judgeIcmp } from './judge.js';
import type { IcmpObservation } from './observe.js';

const echoed = (transmitted: number, rtts: number[], error?: string): IcmpObservation => ({
  outcome: 'echoed',
  target: '192.0.2.7',
  run: { transmitted, rtts, ...(error && { error }) },
});

describe('judgeIcmp', () => {
  const cases: Array<[string, IcmpObservation, { max_loss?: number; max_rtt?: number }, Status, string]> = [
    ['is up when every echo came back', echoed(3, [1, 2, 3]), {}, 'up', '192.0.2.7 answered 3 of 3 echoes (0% lost), rtt min/avg/max 1/2/3 ms, jitter 1 ms'],
    [
      'stays up with some loss when no max_loss is set',
      echoed(3, [1, 1]),
      {},
      'up',
      '192.0.2.7 answered 2 of 3 echoes (33.3% lost), rtt min/avg/max 1/1/1 ms, jitter 0 ms',
    ],
    [
      'is degraded when the loss is above max_loss',
      echoed(4, [1, 1, 1]),
      { max_loss: 20 },
      'degraded',
      'loss 25% is above max_loss 20%: 192.0.2.7 answered 3 of 4 echoes (25% lost), rtt min/avg/max 1/1/1 ms, jitter 0 ms',
    ],
    [
      'is up at exactly max_loss',
      echoed(4, [1, 1, 1]),
      { max_loss: 25 },
      'up',
      '192.0.2.7 answered 3 of 4 echoes (25% lost), rtt min/avg/max 1/1/1 ms, jitter 0 ms',
    ],
    [
      'is degraded when the average round trip is above max_rtt',
      echoed(2, [180, 240.25]),
      { max_rtt: 200 },
      'degraded',
      'average 210.1 ms is above max_rtt 200ms: 192.0.2.7 answered 2 of 2 echoes (0% lost), rtt min/avg/max 180/210.1/240.3 ms, jitter 60.3 ms',
    ],
    [
      'names both limits when both are passed',
      echoed(2, [3000]),
      { max_loss: 0, max_rtt: 1000 },
      'degraded',
      'loss 50% is above max_loss 0%; average 3000 ms is above max_rtt 1s: 192.0.2.7 answered 1 of 2 echoes (50% lost), rtt min/avg/max 3000/3000/3000 ms, jitter 0 ms',
    ],
    ['is down when no echo came back', echoed(3, []), {}, 'down', 'no echo reply from 192.0.2.7 (3 of 3 lost)'],
    [
      'says what the router answered instead',
      echoed(2, [], 'Destination Host Unreachable (from 10.0.0.1)'),
      {},
      'down',
      'no echo reply from 192.0.2.7 (2 of 2 lost): Destination Host Unreachable (from 10.0.0.1)',
    ],
    [
      'is down when the network is unreachable',
      { outcome: 'unreachable', target: '192.0.2.7', detail: 'network unreachable' },
      {},
      'down',
      'cannot send echo requests to 192.0.2.7: network unreachable',
    ],
    [
      'passes a resolution failure on',
      { outcome: 'unresolved', reason: 'gw.internal does not exist (NXDOMAIN)' },
      {},
      'down',
      'gw.internal does not exist (NXDOMAIN)',
    ],
    [
      'is unknown, naming the privilege, when tocsin may not ping',
      { outcome: 'cannot-ping', target: '192.0.2.7', why: 'tocsin may not open an ICMP socket' },
      {},
      'unknown',
      'cannot ping 192.0.2.7: tocsin may not open an ICMP socket',
    ],
  ];
  it.each(cases)('%s', (_name, seen, settings, status, message) => {
    expect(judgeIcmp(seen, settings)).toMatchObject({ status, message });
  });

  it('reports loss and round trips as metrics', () => {
    expect(judgeIcmp(echoed(4, [1, 3, 2]), {}).metrics).toEqual({
      icmp_loss_percent: 25,
      icmp_rtt_min_ms: 1,
      icmp_rtt_avg_ms: 2,
      icmp_rtt_max_ms: 3,
      icmp_jitter_ms: 1.5,
    });
    expect(judgeIcmp(echoed(2, []), {}).metrics).toEqual({ icmp_loss_percent: 100 });
  });
});
