/**
 * Issue 11: a monitor's first check does not wait for its slot. A daily tcp monitor on a real tocsin
 * is checked within seconds of the start; after a restart, its result (younger than a day) stands
 * and the target is not asked again until the monitor's slot.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentResults } from '../../src/store/results.js';
import { eventually, startLive, type Live } from '../alerting/live.js';

let live: Live;
let server: net.Server;
let connections = 0;

beforeAll(async () => {
  server = net.createServer((socket) => {
    connections++;
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  live = await startLive(() => ({ monitors: [{ id: 'daily', type: 'tcp', host: '127.0.0.1', port, interval: '1d' }] }));
});

afterAll(async () => {
  await live?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('the first check', () => {
  it('comes within seconds of the start for a monitor checked once a day, and not again after a restart', async () => {
    const started = Date.now();
    await eventually(() => live.tocsin.engine.stats().checksCompleted >= 1, 'the first check', 20_000);
    // Seconds, not the daily slot's hours; the bound leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(connections).toBe(1);
    // Results reach the store in batches; the restart must find this one there.
    await eventually(async () => (await recentResults(live.tocsin.store.db, 'daily')).length > 0, 'the first result in the store', 10_000);

    await live.restart();
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(live.tocsin.engine.stats().checksCompleted).toBe(0);
    expect(connections).toBe(1);
    expect(live.tocsin.engine.nextDue('daily')! - Date.now()).toBeLessThanOrEqual(86_400_000);
  });
});
