/**
 * The whole story with real processes: a local HTTP service fails, the running tocsin pages a local
 * webhook receiver and opens an incident, `tocsin ack` and `tocsin incident note` (the built CLI, as
 * child processes on the same database) acknowledge and annotate it, the service recovers, the
 * incident is resolved, and the post-mortem's timeline and durations are the ones that happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { span, utc } from '../../src/core/incident/postmortem.js';
import { eventsOf, listIncidents } from '../../src/store/response-incidents.js';
import { recentResults } from '../../src/store/results.js';
import { delivered, eventually, startLive, startTarget, webhooks, type Live, type Target } from '../alerting/live.js';
import { runCli } from '../cli/run-cli.js';
import { join } from 'node:path';

let live: Live;
let web: Target;
beforeAll(async () => {
  web = await startTarget(200);
  const url = web.url;
  live = await startLive((receiver) => ({
    defaults: { interval: '1s', timeout: '1s', alert: { down_after: 2, up_after: 1 }, escalation: 'oncall' },
    channels: webhooks(receiver, 'hook'),
    escalations: { oncall: [{ notify: ['hook'] }] },
    monitors: [{ id: 'web', name: 'Update center', type: 'http', url, tags: ['public'] }],
    incidents: { open: [{ tags: ['public'], severity: 2, join_window: '10m' }] },
  }));
});
afterAll(async () => {
  await live?.close();
  await web?.close();
});

const cli = async (...args: string[]) => {
  const run = await runCli(['-c', join(live.dir, 'tocsin.yaml'), ...args]);
  if (run.code !== 0) throw new Error(`tocsin ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
};

describe('an outage from first failure to post-mortem', () => {
  it('records the true timeline and durations', async () => {
    const db = live.tocsin.store.db;
    await eventually(async () => (await recentResults(db, 'web', { limit: 10 })).some((r) => r.status === 'up'), 'a first up result');

    const failedFrom = Date.now();
    web.status = 503;
    const page = await eventually(() => delivered(live.receiver).find((d) => d.event === 'monitor.down'), 'the page');
    const pageSeen = Date.now();
    const incidentId = page.body.incident_id as string;
    expect(incidentId).toMatch(/^inc_/);
    const [incident] = await eventually(async () => {
      const list = await listIncidents(db, { limit: 10 });
      return list.length > 0 && list;
    }, 'the incident');
    expect(incident).toMatchObject({
      id: incidentId,
      severity: 2,
      state: 'investigating',
      monitors: ['web'],
      openedBy: 'auto',
      title: 'Update center is down',
    });

    expect(await cli('ack', 'web', '--by', 'Ana')).toContain('acknowledged by Ana');
    await eventually(() => delivered(live.receiver).find((d) => d.event === 'monitor.acknowledged'), 'the acknowledgement');
    expect(await cli('incident', 'note', incidentId, 'connection pool exhausted; restarting it', '--by', 'Ana')).toBe(`noted on ${incidentId}\n`);

    const recoveringFrom = Date.now();
    web.status = 200;
    const up = await eventually(() => delivered(live.receiver).find((d) => d.event === 'monitor.up'), 'the recovery');
    const upSeen = Date.now();
    expect(up.body.incident_id).toBe(incidentId);
    await eventually(async () => (await eventsOf(db, incidentId)).some((e) => e.kind === 'recovered'), 'the recovery on the record');
    expect(await cli('incident', 'resolve', incidentId, '--by', 'Ana')).toContain('resolved');

    const view = JSON.parse(await cli('incident', 'show', incidentId, '--json')) as {
      times: { startedAt: number; detectedAt: number; acknowledgedAt: number; recoveredAt: number; toDetectMs: number; toRecoverMs: number };
      timeline: Array<{ at: number; kind: string; text: string; by?: string }>;
    };
    const { times } = view;
    // The first failed check falls between the service failing and the page arriving; recovery likewise.
    // A check's time is when it started: one that got the 503 ended after the switch, so it started
    // less than its 1 s timeout before it (on a loaded machine the request can take most of that).
    expect(times.startedAt).toBeGreaterThan(failedFrom - 1000);
    expect(times.startedAt).toBeLessThanOrEqual(times.detectedAt);
    expect(times.detectedAt).toBeLessThanOrEqual(pageSeen);
    expect(times.recoveredAt).toBeGreaterThan(recoveringFrom - 1000);
    expect(times.recoveredAt).toBeLessThanOrEqual(upSeen);
    // down_after: 2 at 1 s intervals: the page follows the first failure by about one interval (the
    // upper bound leaves room for a loaded machine).
    expect(times.toDetectMs).toBeGreaterThanOrEqual(500);
    expect(times.toDetectMs).toBeLessThan(10_000);
    expect(times.toRecoverMs).toBe(times.recoveredAt - times.startedAt);
    expect(view.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['failure', 'opened', 'page', 'delivered', 'acknowledged', 'note', 'recovered', 'state']),
    );
    const order = (kind: string) => view.timeline.findIndex((e) => e.kind === kind);
    expect(order('failure')).toBeLessThan(order('page'));
    expect(order('page')).toBeLessThan(order('acknowledged'));
    expect(order('acknowledged')).toBeLessThan(order('note'));
    expect(order('note')).toBeLessThan(order('recovered'));

    const markdown = await cli('incident', 'postmortem', incidentId);
    expect(markdown).toContain('# Post-mortem: Update center is down');
    expect(markdown).toContain(`- Duration: ${span(times.recoveredAt - times.startedAt)} (first failure to recovery)`);
    expect(markdown).toContain(`tocsin detected it: the first failed check of web at ${utc(times.startedAt)}`);
    expect(markdown).toContain(`first page at ${utc(times.detectedAt)} to hook, ${span(times.toDetectMs)} after the first failure`);
    expect(markdown).toContain(`- Acknowledged by Ana at ${utc(times.acknowledgedAt)}`);
    expect(markdown).toContain(`| ${utc(times.acknowledgedAt)} | web acknowledged by Ana | Ana |`);
    expect(markdown).toMatch(/\| [\d :-]+ \| connection pool exhausted; restarting it \| Ana \|/);
    expect(markdown).toContain('delivered to hook (web down)');
    expect(markdown).toContain('| web is up again |');
    expect(markdown).toContain('## Action items');

    const report = JSON.parse(await cli('report', '--since', '1d', '--json')) as {
      incidents: number;
      bySeverity: Record<string, number>;
      notClosed: number;
      timeToDetect: { meanMs: number };
      timeToRecover: { meanMs: number };
      byMonitor: Array<{ key: string; incidents: number }>;
      byTag: Array<{ key: string; incidents: number }>;
    };
    expect(report).toMatchObject({ incidents: 1, notClosed: 1, bySeverity: { SEV1: 0, SEV2: 1, SEV3: 0, SEV4: 0 } });
    expect(report.timeToDetect.meanMs).toBe(times.toDetectMs);
    expect(report.timeToRecover.meanMs).toBe(times.toRecoverMs);
    expect(report.byMonitor).toMatchObject([{ key: 'web', incidents: 1 }]);
    expect(report.byTag).toMatchObject([{ key: 'public', incidents: 1 }]);
    expect(await cli('report', '--since', '1d')).toMatch(/time to recover\s+1\s/);

    const html = await cli('incident', 'postmortem', incidentId, '--html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h2>Timeline (UTC)</h2>');
    expect(html).toContain('<td>web acknowledged by Ana</td>');
  }, 120_000); // eight CLI runs, each a node start (28 s was seen for `tocsin --help` at load 35)
});
