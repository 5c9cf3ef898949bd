import { describe, expect, it } from 'vitest';
import { parsePingOutput, summarize } from './ping-output.js';

const ok = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.218 ms
64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.032 ms
64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=120 ms

--- 127.0.0.1 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 412ms
rtt min/avg/max/mdev = 0.032/0.094/0.218/0.087 ms
`;

describe('parsePingOutput', () => {
  it('reads every reply and the number sent', () => {
    expect(parsePingOutput(ok)).toEqual({ transmitted: 3, rtts: [0.218, 0.032, 120] });
  });

  it('counts a duplicate reply once', () => {
    const dup = `64 bytes from ::1: icmp_seq=1 ttl=64 time=0.5 ms\n64 bytes from ::1: icmp_seq=1 ttl=64 time=0.9 ms (DUP!)\n2 packets transmitted, 1 received, +1 duplicates, 50% packet loss, time 1001ms\n`;
    expect(parsePingOutput(dup)).toEqual({ transmitted: 2, rtts: [0.5] });
  });

  it('keeps the first ICMP error a router sent back', () => {
    const unreachable = `PING 2001:db8:9::2(2001:db8:9::2) 56 data bytes
From ::1 icmp_seq=1 Destination unreachable: No route
From ::1 icmp_seq=2 Destination unreachable: No route

--- 2001:db8:9::2 ping statistics ---
2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 204ms
`;
    expect(parsePingOutput(unreachable)).toEqual({ transmitted: 2, rtts: [], error: 'Destination unreachable: No route (from ::1)' });
  });

  it('reads a silent target as all lost', () => {
    expect(
      parsePingOutput(
        'PING 10.9.9.2 (10.9.9.2) 56(84) bytes of data.\n\n--- 10.9.9.2 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 204ms\n',
      ),
    ).toEqual({
      transmitted: 2,
      rtts: [],
    });
  });

  it.each([
    ['no statistics line (a run cut short)', ok.split('---')[0]!],
    ['a reply count that disagrees with the replies shown', ok.replace('3 received', '2 received')],
    [
      'another ping (busybox wording)',
      'PING 127.0.0.1 (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.1 ms\n1 packets transmitted, 1 packets received, 0% packet loss\n',
    ],
    ['nothing at all', ''],
  ])('believes nothing from %s', (_name, text) => {
    expect(parsePingOutput(text)).toBeUndefined();
  });
});

describe('summarize', () => {
  it('gives min, average, max and the mean change between consecutive round trips', () => {
    expect(summarize([10, 14, 12, 20])).toEqual({ min: 10, avg: 14, max: 20, jitter: 4.667 });
  });

  it('has no jitter for a single reply and nothing for none', () => {
    expect(summarize([3.5])).toEqual({ min: 3.5, avg: 3.5, max: 3.5, jitter: 0 });
    expect(summarize([])).toBeUndefined();
  });
});
