/** End to end: real checks against real local targets, real delivery to a real webhook receiver. */
import { afterEach, describe, expect, it } from 'vitest';
import { recentResults } from '../../src/store/results.js';
import { getState } from '../../src/store/state.js';
import { delivered, eventually, startLive, startTarget, webhooks, type Live, type Target } from './live.js';

let live: Live | undefined;
const targets: Target[] = [];
afterEach(async () => {
  await live?.close();
  live = undefined;
  for (const target of targets.splice(0)) await target.close();
});

async function target(status: number): Promise<Target> {
  const t = await startTarget(status);
  targets.push(t);
  return t;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('alerting in a running tocsin', () => {
  it('pages step 0, escalates after `after`, stops escalating when the signed link is used, and tells those paged of the recovery', async () => {
    const web = await target(503);
    live = await startLive((url) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: webhooks(url, 'hook', 'pager', 'boss'),
      escalations: { oncall: [{ notify: ['hook'] }, { after: '2s', notify: ['pager'] }, { after: '6s', notify: ['boss'] }] },
      monitors: [{ id: 'web', name: 'Update center', type: 'http', url: web.url, runbook: 'https://wiki.example.org/runbooks/web' }],
    }));
    const { receiver } = live;
    const page = await eventually(() => delivered(receiver).find((d) => d.channel === 'hook' && d.event === 'monitor.down'), 'the page to hook');
    // The target failed from the first check: the monitor was never up, and nobody was told it was.
    expect(page.body).toMatchObject({
      state: 'down',
      previous_state: 'pending',
      runbook_url: 'https://wiki.example.org/runbooks/web',
      monitor: { id: 'web', name: 'Update center' },
    });
    expect(page.body.message).toContain('503');
    const ackUrl = String(page.body.ack_url);
    expect(ackUrl).toMatch(new RegExp(`^http://${live.tocsin.address}/ack/`));

    await eventually(() => delivered(receiver).find((d) => d.channel === 'pager' && d.event === 'monitor.down'), 'the escalation to pager');
    const confirm = await fetch(ackUrl);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<form method="post">');
    const acked = await fetch(ackUrl, { method: 'POST', body: new URLSearchParams({ by: 'Ana' }) });
    expect(acked.status).toBe(200);
    expect(await acked.text()).toContain('Update center acknowledged by Ana');
    await eventually(() => delivered(receiver).filter((d) => d.event === 'monitor.acknowledged').length === 2, 'the acknowledgement to hook and pager');

    // Past the third step's 6 s: acknowledged, so nobody else is paged.
    await sleep(6500);
    web.status = 200;
    await eventually(() => delivered(receiver).filter((d) => d.event === 'monitor.up').length === 2, 'the recovery to hook and pager');
    await sleep(1500);
    const told = (channel: string) =>
      delivered(receiver)
        .filter((d) => d.channel === channel)
        .map((d) => d.event);
    expect(told('hook')).toEqual(['monitor.down', 'monitor.acknowledged', 'monitor.up']);
    expect(told('pager')).toEqual(['monitor.down', 'monitor.acknowledged', 'monitor.up']);
    expect(told('boss')).toEqual([]);
  }, 40_000);

  it('holds the pages of a maintenance window and pages at its end when the monitor is still down', async () => {
    const batch = await target(502);
    const start = new Date(Date.now() - 1000).toISOString();
    live = await startLive((url) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: webhooks(url, 'hook'),
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [{ id: 'batch', type: 'http', url: batch.url }],
      // Long enough that a start slowed by a loaded machine still leaves most of the window to watch.
      maintenance: [{ name: 'Batch upgrade', start, duration: '15s', monitors: ['batch'] }],
    }));
    const windowEnds = Date.parse(start) + 15_000;
    // The state reaches the store with a result batch: wait for it rather than read it once.
    const db = live.tocsin.store.db;
    await eventually(async () => (await getState(db, 'batch'))?.status === 'down', 'batch stored as down inside the window');
    await sleep(windowEnds - 1500 - Date.now());
    expect(Date.now()).toBeLessThan(windowEnds);
    expect(delivered(live.receiver)).toEqual([]);
    const page = await eventually(() => delivered(live!.receiver).find((d) => d.event === 'monitor.down'), 'the page after the window');
    expect(Date.now()).toBeGreaterThanOrEqual(windowEnds);
    // The outage began inside the window; the page still says since when.
    expect(Date.parse(String(page.body.since))).toBeLessThan(windowEnds);
  }, 60_000);

  it('does not page for a downstream of a failed dependency, and records it as blocked by it', async () => {
    const db = await target(503);
    const app = await target(503);
    live = await startLive((url) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: webhooks(url, 'hook'),
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [
        { id: 'db', type: 'http', url: db.url },
        // Confirmed later than db: the root cause is known down before its dependant would page.
        { id: 'app', type: 'http', url: app.url, depends_on: ['db'], alert: { down_after: 3 } },
      ],
    }));
    await eventually(() => delivered(live!.receiver).find((d) => d.monitor === 'db'), 'the page about db');
    // Four of app's results stored: one more than it needs to page; its state and any page it caused
    // are written in the same transaction as those rows. Then a page that should not exist gets time to arrive.
    const db_ = live.tocsin.store.db;
    await eventually(async () => (await recentResults(db_, 'app', { limit: 4 })).length === 4, "four of app's results in the store", 20_000);
    await sleep(1500);
    const app_ = await getState(db_, 'app');
    expect(app_).toMatchObject({ status: 'down' });
    expect(app_?.lastMessage).toMatch(/^blocked by db: /);
    expect(delivered(live.receiver).map((d) => `${d.monitor} ${d.event}`)).toEqual(['db monitor.down']);
  }, 30_000);

  it('keeps its alert state across a restart: the outage is not announced twice', async () => {
    const web = await target(503);
    live = await startLive((url) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: webhooks(url, 'hook'),
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [{ id: 'web', type: 'http', url: web.url }],
    }));
    await eventually(() => delivered(live!.receiver).find((d) => d.event === 'monitor.down'), 'the first page');
    const tocsin = await live.restart();
    const before = (await getState(tocsin.store.db, 'web'))?.lastAt ?? 0;
    await eventually(() => tocsin.engine.stats().checksCompleted >= 3, 'three checks after the restart');
    // The state follows the checks with the next result batch.
    await eventually(async () => ((await getState(tocsin.store.db, 'web'))?.lastAt ?? 0) > before, 'a stored check after the restart');
    web.status = 200;
    await eventually(() => delivered(live!.receiver).find((d) => d.event === 'monitor.up'), 'the recovery');
    expect(delivered(live.receiver).map((d) => d.event)).toEqual(['monitor.down', 'monitor.up']);
  }, 30_000);
});
