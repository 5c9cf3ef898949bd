/**
 * CI systems post to a real tocsin over HTTP: each intake checks its secret (GitHub's HMAC, the
 * token headers, bearer tokens), refuses malformed bodies naming the field, and stores the jobs; a
 * ci monitor over them pages when one region's runners start failing, and a status page shows it.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CiJob } from '../../src/core/ci/job.js';
import { generateJobs } from '../../src/core/ci/testing/generate-day.js';
import { buildkiteJob, githubWorkflowJob, gitlabJob, jenkinsBuild } from '../../src/checks/ci/testing/shapes.js';
import { countCiJobs, upsertCiJobs } from '../../src/store/ci-jobs.js';
import { delivered, eventually, webhooks, type Live } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

const SECRET = 'github-secret-0123456789';
const TOKEN = 'ci-token-0123456789abcdef';
const REGIONS = ['aws-us-east-2', 'aws-eu-west-1', 'gcp-europe-west4', 'hetzner-fsn1'];

let api: ApiHarness;
let live: Live;
let base = '';

beforeAll(async () => {
  api = await startApi((receiver) => ({
    channels: webhooks(receiver, 'ci'),
    escalations: { oncall: [{ notify: ['ci'] }] },
    defaults: { escalation: 'oncall' },
    monitors: [{ id: 'ci-regions', type: 'ci', interval: '1s', group_by: 'runner_label', group_labels: REGIONS, group_noun: 'regions' }],
    status_pages: [{ slug: 'builds', title: 'Builds', components: [{ name: 'CI jobs', monitors: ['ci-regions'] }] }],
    ci_intake: { github: { secret: SECRET }, gitlab: { token: TOKEN }, jenkins: { token: TOKEN }, buildkite: { token: TOKEN }, json: { token: TOKEN } },
  }));
  live = api.live;
  base = `http://${live.tocsin.address}`;
});

afterAll(async () => {
  await api?.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
}

const signed = (text: string) => `sha256=${createHmac('sha256', SECRET).update(text).digest('hex')}`;

function github(body: unknown, event = 'workflow_job', signature?: string) {
  const text = JSON.stringify(body);
  return post('/ci/intake/github', text, { 'x-github-event': event, 'x-hub-signature-256': signature ?? signed(text) });
}

describe('the CI intake routes', () => {
  it('accept a GitHub workflow_job signed with the secret, and refuse a wrong or missing signature', async () => {
    const body = githubWorkflowJob();
    const ok = await github(body);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ accepted: 1, jobs: [{ id: 'github:job:29679449', outcome: 'success' }] });
    const wrong = await github(body, 'workflow_job', `sha256=${'0'.repeat(64)}`);
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/X-Hub-Signature-256 does not match/);
    const missing = await post('/ci/intake/github', body, { 'x-github-event': 'workflow_job' });
    expect(missing.status).toBe(401);
    // Signed for one body, sent with another: the signature covers the bytes.
    const tampered = await post(
      '/ci/intake/github',
      { ...body, action: 'completed ' },
      { 'x-github-event': 'workflow_job', 'x-hub-signature-256': signed(JSON.stringify(body)) },
    );
    expect(tampered.status).toBe(401);
  });

  it('answers GitHub’s ping and keeps nothing of a job still queued', async () => {
    expect(await (await github({ zen: 'Keep it logically awesome.', hook_id: 1 }, 'ping')).json()).toEqual({ pong: true });
    const queued = await github(githubWorkflowJob({ action: 'queued', conclusion: null }));
    expect(queued.status).toBe(202);
  });

  it('names the field of a malformed body', async () => {
    const body = githubWorkflowJob() as { workflow_job: Record<string, unknown> };
    delete body.workflow_job.labels;
    const response = await github(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/^body workflow_job\.labels: /), field: 'workflow_job.labels' });
    const notJson = await post('/ci/intake/json', '{"pipeline":', { authorization: `Bearer ${TOKEN}` });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toMatch(/^body: not JSON/);
    const badStatus = await post(
      '/ci/intake/json',
      [
        { pipeline: 'p', job: 'j', status: 'success', finished_at: 1 },
        { pipeline: 'p', job: 'j', status: 'exploded', finished_at: 1 },
      ],
      {
        authorization: `Bearer ${TOKEN}`,
      },
    );
    expect(badStatus.status).toBe(400);
    expect(((await badStatus.json()) as { error: string }).error).toMatch(/^body\[1\]\.status: /);
  });

  it('check the GitLab, Buildkite, Jenkins and plain tokens', async () => {
    const cases: Array<[string, unknown, Record<string, string>, Record<string, string>]> = [
      ['gitlab', gitlabJob(), { 'x-gitlab-token': TOKEN, 'x-gitlab-event': 'Job Hook' }, { 'x-gitlab-token': 'wrong-token-0123456789' }],
      ['buildkite', buildkiteJob(), { 'x-buildkite-token': TOKEN, 'x-buildkite-event': 'job.finished' }, { 'x-buildkite-event': 'job.finished' }],
      ['jenkins', jenkinsBuild(), { authorization: `Bearer ${TOKEN}` }, { authorization: 'Bearer nope' }],
      ['json', { pipeline: 'p', job: 'j', status: 'success', finished_at: '2026-03-02T12:00:00Z' }, { authorization: `Bearer ${TOKEN}` }, {}],
    ];
    for (const [system, body, good, bad] of cases) {
      const accepted = await post(`/ci/intake/${system}`, body, good);
      expect(accepted.status, system).toBe(200);
      expect(await accepted.json(), system).toMatchObject({ accepted: 1, jobs: [{ id: expect.stringMatching(new RegExp(`^${system}:`)) }] });
      expect((await post(`/ci/intake/${system}`, body, bad)).status, system).toBe(401);
    }
  });

  it('refuse an unknown system, and a body over the limit with 413', async () => {
    expect((await post('/ci/intake/travis', {})).status).toBe(404);
    const huge = { pipeline: 'p', job: 'j', status: 'success', finished_at: 1, reason: 'x'.repeat(2 * 1024 * 1024) };
    expect((await post('/ci/intake/json', huge, { authorization: `Bearer ${TOKEN}` })).status).toBe(413);
  });

  it('keep one row for a webhook delivered twice', async () => {
    const before = await countCiJobs(live.tocsin.store.db);
    const body = { ...gitlabJob({ status: 'success' }), build_id: 9001, build_finished_at: new Date().toISOString() };
    await post('/ci/intake/gitlab', body, { 'x-gitlab-token': TOKEN });
    await post('/ci/intake/gitlab', body, { 'x-gitlab-token': TOKEN });
    expect(await countCiJobs(live.tocsin.store.db)).toBe(before + 1);
  });
});

describe('a ci monitor over the received jobs', () => {
  it('pages when one region’s runners fail, names it, and shows it on the status page', async () => {
    const now = Date.now();
    // The last half hour of a busy afternoon, with aws-us-east-2 losing a quarter of its runners.
    const jobs = generateJobs({
      seed: 3,
      start: now - 29 * 60_000,
      days: 1 / 24,
      fromHour: 14,
      regions: [
        { label: 'aws-us-east-2', peakPerHour: 500, failureRate: 0.04, infraRate: 0.004 },
        { label: 'aws-eu-west-1', peakPerHour: 400, failureRate: 0.035, infraRate: 0.004 },
        { label: 'gcp-europe-west4', peakPerHour: 300, failureRate: 0.05, infraRate: 0.006 },
        { label: 'hetzner-fsn1', peakPerHour: 200, failureRate: 0.045, infraRate: 0.01 },
      ],
      faults: [{ label: 'aws-us-east-2', from: 0, to: Number.MAX_SAFE_INTEGER, infraRate: 0.25 }],
    }).filter((j) => j.finishedAt <= now);
    const plain = jobs.map((j) => ({
      id: j.id.replace('json:', 'day-'),
      pipeline: j.pipeline,
      job: j.job,
      runner: j.runner,
      labels: j.labels,
      status: j.outcome === 'infra' ? 'runner_lost' : j.outcome,
      queued_at: j.queuedAt,
      started_at: j.startedAt,
      finished_at: j.finishedAt,
    }));
    // One delivery, so the monitor's next run sees the whole window at once.
    expect(plain.length).toBeGreaterThan(400);
    expect(plain.length).toBeLessThanOrEqual(1000);
    const response = await post('/ci/intake/json', plain, { authorization: `Bearer ${TOKEN}` });
    expect(await response.json()).toMatchObject({ accepted: plain.length });
    const down = await eventually(
      () => delivered(live.receiver).find((d) => d.monitor === 'ci-regions' && d.event === 'monitor.down'),
      'the ci monitor to page',
    );
    expect(down.body.message).toMatch(
      /^aws-us-east-2 runners: \d+% of \d+ jobs failed in the last 30m, baseline [\d.]+%; other regions [\d.]+–[\d.]+%( \(\d+% for infrastructure reasons\))?$/,
    );
    // The page is a cache re-rendered on state changes: ask until it has caught up.
    const component = await eventually(async () => {
      const page = (await (await fetch(`${base}/status/builds.json`)).json()) as { components: Array<{ name: string; status: string }> };
      const row = page.components.find((c) => c.name === 'CI jobs');
      return row && row.status !== 'operational' && row.status !== 'unknown' ? row : undefined;
    }, 'the status page to show the CI component down');
    expect(component.status).toMatch(/outage|down/);

    // The dashboard's chart: the failing region's failures per 5 minutes, busiest groups first.
    const chart = await api.call('viewer', 'GET', '/api/v1/ci/series?monitor=ci-regions&span=1h&bucket=5m');
    expect(chart.statusCode).toBe(200);
    const { series } = chart.json<{ series: Array<{ group: string; points: Array<{ jobs: number; failures: number; infra: number }> }> }>();
    expect(series.map((s) => s.group).sort()).toEqual([...REGIONS].sort());
    const sum = (group: string, key: 'jobs' | 'failures' | 'infra') => series.find((s) => s.group === group)!.points.reduce((n, p) => n + p[key], 0);
    expect(sum('aws-us-east-2', 'infra') / sum('aws-us-east-2', 'jobs')).toBeGreaterThan(0.15);
    expect(sum('aws-eu-west-1', 'infra') / sum('aws-eu-west-1', 'jobs')).toBeLessThan(0.05);
  });
});

describe('the dashboard’s CI reads', () => {
  it('lists the intakes with their secrets masked and what each received', async () => {
    const response = await api.call('viewer', 'GET', '/api/v1/ci/intakes');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain(TOKEN);
    const github = response.json<{ intakes: Array<Record<string, unknown>> }>().intakes.find((i) => i.system === 'github');
    expect(github).toMatchObject({ path: '/ci/intake/github', configured: true, settings: { secret: '••••' } });
  });

  it('charts a job whose stored labels do not read, counted without them, and names it', async () => {
    const db = api.live.tocsin.store.db;
    const finishedAt = Date.now() - 60_000;
    const job: CiJob = {
      id: 'json:damaged-labels',
      source: 'json',
      level: 'job',
      pipeline: 'damaged-repo',
      job: 'build',
      runner: null,
      labels: ['linux'],
      outcome: 'failure',
      reason: null,
      queuedAt: null,
      startedAt: null,
      finishedAt,
      url: null,
    };
    await upsertCiJobs(db, [job], finishedAt);
    await db
      .withTables<{ ci_jobs: { id: string; labels: string } }>()
      .updateTable('ci_jobs')
      .set({ labels: '["linux"' })
      .where('id', '=', 'json:damaged-labels')
      .execute();
    const chart = await api.call('viewer', 'GET', '/api/v1/ci/series?span=1h&bucket=5m&group_by=pipeline&groups=50');
    expect(chart.statusCode).toBe(200);
    const body = chart.json<{ series: Array<{ group: string; points: Array<{ jobs: number }> }>; damaged?: unknown }>();
    expect(body.series.find((s) => s.group === 'damaged-repo')?.points.reduce((n, p) => n + p.jobs, 0)).toBe(1);
    expect(body.damaged).toEqual([{ job: 'json:damaged-labels', field: 'labels', problem: expect.stringMatching(/^not JSON /) }]);
  });

  it('refuses a chart of too many points, and an unknown monitor', async () => {
    expect((await api.call('viewer', 'GET', '/api/v1/ci/series?span=8d&bucket=1m')).statusCode).toBe(400);
    expect((await api.call('viewer', 'GET', '/api/v1/ci/series?monitor=nope')).statusCode).toBe(404);
  });
});
