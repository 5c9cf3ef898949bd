import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver, type Reply } from '../channels/testing/receiver.js';
import type { Health } from '../core/health.js';
import { silentLogger } from '../lib/logger.js';
import { DeadMansSwitch } from './dead-mans-switch.js';
import { VirtualTimers } from './virtual-timers.js';

const healthy: Health = { healthy: true, checks: [{ name: 'checks_running', ok: true, detail: 'last result 1.0 s ago' }] };
const stalled: Health = { healthy: false, checks: [{ name: 'checks_running', ok: false, detail: 'no check has completed for 40 s' }] };

let receiver: Receiver | undefined;
let sw: DeadMansSwitch | undefined;
afterEach(async () => {
  sw?.stop();
  await receiver?.close();
});

async function setUp(reply?: (r: unknown) => Reply) {
  receiver = await startReceiver(reply);
  let health = healthy;
  const warnings: string[] = [];
  const logger = silentLogger();
  logger.warn = ((_: unknown, text: string) => void warnings.push(text)) as typeof logger.warn;
  sw = new DeadMansSwitch({ url: `${receiver.url}/ping/0b5d0e1c-uuid`, health: () => health, logger, timeoutMs: 2000 });
  return { setHealth: (h: Health) => (health = h), sw, warnings };
}

describe('DeadMansSwitch', () => {
  it('pings the URL with a GET while tocsin is healthy', async () => {
    const { sw } = await setUp();
    expect(await sw.tick()).toBe('pinged');
    expect(receiver!.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /ping/0b5d0e1c-uuid']);
  });

  it('stays silent while unhealthy and resumes when health returns', async () => {
    const { sw, setHealth } = await setUp();
    setHealth(stalled);
    expect(await sw.tick()).toBe('unhealthy');
    expect(receiver!.requests).toHaveLength(0);
    setHealth(healthy);
    expect(await sw.tick()).toBe('pinged');
    expect(receiver!.requests).toHaveLength(1);
  });

  it('reports a failed ping when the receiver answers 500', async () => {
    const { sw } = await setUp(() => ({ status: 500, body: 'oops' }));
    expect(await sw.tick()).toBe('failed');
  });

  it('gives up on a receiver that never answers exactly at its deadline on a virtual clock, without stacking pings', async () => {
    receiver = await startReceiver(() => 'hang');
    const timers = new VirtualTimers(0);
    const warnings: string[] = [];
    const logger = silentLogger();
    logger.warn = ((_: unknown, text: string) => void warnings.push(text)) as typeof logger.warn;
    sw = new DeadMansSwitch({ url: `${receiver.url}/ping/x`, health: () => healthy, logger, timeoutMs: 10_000, timers });
    let outcome: string | undefined;
    const first = sw.tick().then((o) => (outcome = o));
    expect(await sw.tick()).toBe('busy');
    // The request is real: the deadline must not fall before the receiver holds it (bounded, 10 s).
    for (let i = 0; i < 1000 && receiver.requests.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await timers.advance(9_999);
    expect(outcome).toBeUndefined();
    await timers.advance(1);
    expect(await first).toBe('failed');
    expect(warnings).toEqual([expect.stringMatching(/^pinging the dead man's switch failed: watchdog\.ping_url: no answer within 10000 ms;/)]);
    expect(receiver.requests).toHaveLength(1);
  });

  it('pings on start and then exactly once per interval, on a virtual clock', async () => {
    receiver = await startReceiver();
    const timers = new VirtualTimers(0);
    let health = healthy;
    const pings: number[] = [];
    const receiverSeen = () => receiver!.requests.length;
    sw = new DeadMansSwitch({ url: `${receiver.url}/ping/x`, health: () => health, logger: silentLogger(), every: 60_000, timers });
    // Each ping is a real request: time moves on only once it has been answered.
    timers.waitFor(async () => {
      await sw!.settled();
      while (pings.length < receiverSeen()) pings.push(timers.now());
    });
    sw.start();
    await timers.advance(0);
    expect(pings).toEqual([0]);
    await timers.advance(59_999);
    expect(pings).toEqual([0]);
    await timers.advance(1);
    expect(pings).toEqual([0, 60_000]);
    health = stalled;
    await timers.advance(60_000);
    expect(pings).toEqual([0, 60_000]);
    health = healthy;
    await timers.advance(120_000);
    expect(pings).toEqual([0, 60_000, 180_000, 240_000]);
    sw.stop();
    expect(timers.size).toBe(0);
    await timers.advance(600_000);
    expect(pings).toHaveLength(4);
  });
});
