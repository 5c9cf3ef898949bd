/**
 * End to end: an escalation step that pages "whoever is on call in primary". Two people's own
 * channels point at one real local receiver; the schedule hands the pager from Alice to Bob (a swap
 * starting a few seconds in) between two outages, and each page reaches the one on call then.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { delivered, eventually, startLive, startTarget, webhooks, type Live, type Target } from './live.js';

let live: Live | undefined;
const targets: Target[] = [];
afterEach(async () => {
  await live?.close();
  live = undefined;
  for (const target of targets.splice(0)) await target.close();
});

describe('paging whoever is on call', () => {
  it('resolves the step when it fires: the first outage pages Alice, the one after the hand-off pages Bob', async () => {
    const first = await startTarget(503);
    const second = await startTarget(200);
    targets.push(first, second);
    // Far enough ahead that a start slowed by a loaded machine still pages Alice before it.
    const swapAt = Math.ceil((Date.now() + 15_000) / 1000) * 1000;
    const today = new Date().toISOString().slice(0, 10);
    live = await startLive((url) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'rota' },
      channels: webhooks(url, 'alice-hook', 'bob-hook', 'ops'),
      people: { alice: { name: 'Alice Martin', channels: ['alice-hook'] }, bob: { name: 'Bob Okafor', channels: ['bob-hook'] } },
      schedules: {
        primary: {
          time_zone: 'UTC',
          handoff: '00:00',
          // Alice's week started today; Bob takes over by a swap a few seconds from now.
          layers: [{ name: 'weekly', rotation: 'weekly', start: today, members: ['alice', 'bob'] }],
          overrides: [{ person: 'bob', start: new Date(swapAt).toISOString(), end: new Date(swapAt + 3_600_000).toISOString(), reason: 'swap' }],
        },
      },
      escalations: { rota: [{ oncall: 'primary' }], fallback: ['ops'] },
      monitors: [
        { id: 'web', name: 'Web', type: 'http', url: first.url },
        { id: 'api', name: 'API', type: 'http', url: second.url },
      ],
    }));
    const { receiver } = live;
    const page = await eventually(() => delivered(receiver).find((d) => d.monitor === 'web' && d.event === 'monitor.down'), 'the page about web');
    expect(page.channel).toBe('alice-hook');
    expect(page.body.message).toContain('paging Alice Martin, on call in primary');
    expect(Date.now()).toBeLessThan(swapAt);

    await eventually(() => Date.now() >= swapAt + 200, 'the hand-off to Bob', 20_000);
    second.status = 503;
    const later = await eventually(() => delivered(receiver).find((d) => d.monitor === 'api' && d.event === 'monitor.down'), 'the page about api');
    expect(later.channel).toBe('bob-hook');
    expect(later.body.message).toContain('paging Bob Okafor, on call in primary');
    // Each page went to the one person on call at that instant, and nobody else.
    expect(delivered(receiver).map((d) => `${d.monitor} ${d.event} ${d.channel}`)).toEqual(['web monitor.down alice-hook', 'api monitor.down bob-hook']);
  }, 60_000);

  it('sends the page to the fallback channels when nobody covers the hour', async () => {
    const web = await startTarget(503);
    targets.push(web);
    live = await startLive((url) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'rota' },
      channels: webhooks(url, 'alice-hook', 'ops'),
      people: { alice: { channels: ['alice-hook'] } },
      // The rota starts next year: today nobody is on call.
      schedules: {
        primary: {
          time_zone: 'Europe/London',
          layers: [{ name: 'weekly', rotation: 'weekly', start: `${new Date().getUTCFullYear() + 1}-01-04`, members: ['alice'] }],
        },
      },
      escalations: { rota: [{ oncall: 'primary' }], fallback: ['ops'] },
      monitors: [{ id: 'web', type: 'http', url: web.url }],
    }));
    const page = await eventually(() => delivered(live!.receiver).find((d) => d.event === 'monitor.down'), 'the page');
    expect(page.channel).toBe('ops');
    expect(page.body.message).toContain('nobody is on call in primary');
  }, 30_000);
});
