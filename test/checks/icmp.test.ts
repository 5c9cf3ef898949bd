/**
 * The icmp check against real targets: loopback on IPv4 and IPv6, an address in a network
 * namespace the test creates whose route swallows every packet, ping without its privilege, and
 * the runner's deadline while replies are awaited. Namespaces and the unprivileged user need root
 * (the CI container has it); without it those tests are skipped, saying so.
 */
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livePluginGroups, signalGroup } from '../../src/lib/process-group.js';
import { runIcmp } from '../../src/checks/icmp/check.js';
import { pingArguments } from '../../src/checks/icmp/observe.js';
import { icmpSettings } from '../../src/checks/icmp/schema.js';
import { probeTargetPolicy } from '../../src/core/targets/policy.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import { testContext } from '../helpers/check-context.js';

const root = process.getuid?.() === 0;
const settings = (fields: Record<string, unknown>) => icmpSettings.parse({ count: 2, echo_interval: '200ms', ...fields });
/** A fresh network namespace where 10.9.9.0/24 is routed into loopback, which drops it: silence. */
const blackhole = ['unshare', '-n', 'sh', '-c', 'ip link set lo up && ip route add 10.9.9.0/24 dev lo && exec "$@"', 'sh'];

describe('icmp check', () => {
  it('pings 127.0.0.1 and reports round trips', async () => {
    const result = await runIcmp(settings({ host: '127.0.0.1' }), testContext().ctx);
    expect(result).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^127\.0\.0\.1 answered 2 of 2 echoes \(0% lost\), rtt min\/avg\/max [\d.]+\/[\d.]+\/[\d.]+ ms, jitter [\d.]+ ms$/),
    });
    expect(result.metrics).toMatchObject({ icmp_loss_percent: 0, icmp_rtt_avg_ms: expect.any(Number) });
    expect(result.timings.reply).toBeGreaterThan(150);
  });

  it('pings ::1 over IPv6', async () => {
    const result = await runIcmp(settings({ host: '::1', ip_version: 6 }), testContext().ctx);
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/^::1 answered 2 of 2 echoes/) });
  });

  it('resolves a name itself and pings the address', async () => {
    const result = await runIcmp(settings({ host: 'localhost', ip_version: 4, count: 1 }), testContext().ctx);
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/^127\.0\.0\.1 answered 1 of 1/) });
  });

  it('keeps to ip_version, saying when the host has no address of that family', async () => {
    const result = await runIcmp(settings({ host: '::1', ip_version: 4 }), testContext().ctx);
    expect(result).toMatchObject({ status: 'down', message: '::1 has no IPv4 address (ip_version: 4)' });
  });

  it('is degraded when the round trip is above max_rtt', async () => {
    const result = await runIcmp(settings({ host: '127.0.0.1', count: 1, max_rtt: '0ms' }), testContext().ctx);
    expect(result).toMatchObject({ status: 'degraded', message: expect.stringMatching(/^average [\d.]+ ms is above max_rtt 0s: /) });
  });

  it('refuses an address server.probe_targets denies, without pinging', async () => {
    const { ctx } = testContext();
    const result = await runIcmp(
      settings({ host: '127.0.0.1' }),
      { ...ctx, targets: probeTargetPolicy({ allow: [], deny: ['127.0.0.0/8'] }) },
      { program: 'false' },
    );
    expect(result).toMatchObject({ status: 'down', message: '127.0.0.1 is not allowed by server.probe_targets (deny 127.0.0.0/8)' });
  });

  it.skipIf(!root)('is down when every echo is dropped (needs root for a network namespace)', async () => {
    const result = await runIcmp(settings({ host: '10.9.9.2' }), testContext(2500).ctx, { wrapper: blackhole });
    expect(result).toMatchObject({ status: 'down', message: 'no echo reply from 10.9.9.2 (2 of 2 lost)', metrics: { icmp_loss_percent: 100 } });
  });

  it('names the reply phase when ping outlives the deadline, and stops it', async () => {
    const before = new Set(livePluginGroups());
    const started = performance.now();
    // A ping stuck before sending (a hung kernel call, a stalled exec) stands in for one that outlives its own wait.
    const stuck = ['sh', '-c', 'sleep 30; exec "$@"', 'sh'];
    const run = runWithDeadline((ctx) => runIcmp(settings({ host: '10.9.9.2', count: 1 }), ctx, { wrapper: stuck }), 1500);
    // Its group lives from the spawn (slow on a loaded machine) until the deadline stops it: look for it often.
    let ping: number | undefined;
    for (let i = 0; i < 250 && ping === undefined; i++) {
      ping = livePluginGroups().find((group) => !before.has(group));
      if (ping === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(ping).toBeDefined();
    const result = await run;
    expect(result).toMatchObject({ status: 'down', message: 'timed out after 1500 ms waiting for the reply from 10.9.9.2' });
    // Stopped at its deadline, not after the 30 s the stuck command would take; room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
    // SIGTERM at once, SIGKILL a second later for whatever ignored it: gone within a few seconds either way.
    await expect.poll(() => signalGroup(ping!, 0), { timeout: 5000, interval: 100 }).toBe(false);
  });

  describe.skipIf(!root)('without the privilege to open an ICMP socket', () => {
    let dir: string;
    beforeAll(async () => {
      // A copy of ping loses its file capability (cp does not copy it); run as nobody it has no right to a raw socket.
      dir = await mkdtemp(join(tmpdir(), 'tocsin-ping-'));
      await copyFile('/usr/bin/ping', join(dir, 'ping'));
      await chmod(dir, 0o755);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('is unknown and names the missing privilege, never down', async () => {
      const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      const result = await runIcmp(settings({ host: '127.0.0.1' }), testContext().ctx, { wrapper: nobody, program: join(dir, 'ping') });
      expect(result.status).toBe('unknown');
      expect(result.message).toMatch(
        /^cannot ping 127\.0\.0\.1: tocsin may not open an ICMP socket \(socket: Operation not permitted\): give the ping program CAP_NET_RAW, or add gid \d+ to sysctl net\.ipv4\.ping_group_range$/,
      );
    });
  });

  it('waits for the last reply only what the deadline leaves, so a 1 s ping monitor reports its loss itself', async () => {
    expect(pingArguments(settings({ host: '10.0.0.1', count: 3, echo_interval: '1s' }), '10.0.0.1', 10_000)).toEqual([
      '-n',
      '-4',
      '-c',
      '3',
      '-i',
      '1.000',
      '-W',
      '7.5',
      '10.0.0.1',
    ]);
    expect(pingArguments(settings({ host: '::1', count: 1 }), '::1', 1000)).toEqual(['-n', '-6', '-c', '1', '-i', '0.200', '-W', '0.5', '::1']);
    expect(pingArguments(settings({ host: '10.0.0.1', count: 1 }), '10.0.0.1', 60_000)).toContain('10.0');
  });

  it('is unknown, saying what to change, when the echoes cannot fit in the timeout', async () => {
    const result = await runIcmp(settings({ host: '127.0.0.1', count: 10, echo_interval: '1s' }), testContext(5000).ctx);
    expect(result).toMatchObject({
      status: 'unknown',
      message:
        "cannot ping 127.0.0.1: 10 echoes 1000 ms apart need 9700 ms (200 ms at least for the last reply, 500 ms to start ping), more than the monitor's timeout of 5000 ms: raise timeout, or lower count or echo_interval",
    });
  });

  it('is unknown when ping is not installed', async () => {
    const result = await runIcmp(settings({ host: '127.0.0.1' }), testContext().ctx, { program: '/nonexistent/ping' });
    expect(result).toMatchObject({ status: 'unknown', message: 'cannot ping 127.0.0.1: the ping program (Debian package iputils-ping) is not installed' });
  });
});
