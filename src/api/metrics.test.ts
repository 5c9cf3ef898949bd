import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ConfirmedStatus, CheckResult } from '../core/types.js';
import { TocsinError, httpStatusOf } from '../lib/errors.js';
import { registerMetrics, TocsinMetrics, type MetricsDeps } from './metrics.js';
import { LAG_BOUNDS_MS } from '../engine/engine.js';
import { BucketCounts } from '../lib/percentiles.js';
import type { ExportedMonitor } from './metrics-monitors.js';

const NOW = 1_700_000_000_000;
const PROMTOOL = '/usr/bin/promtool';

function lagOf(samples: number[]): BucketCounts {
  const buckets = new BucketCounts(LAG_BOUNDS_MS);
  for (const ms of samples) buckets.add(ms);
  return buckets;
}

function deps(token: string | undefined, overrides: Partial<MetricsDeps> = {}): MetricsDeps {
  const statuses = new Map<string, ConfirmedStatus>([['cert', 'degraded']]);
  return {
    now: () => NOW,
    token: () => token,
    monitors: () => [{ id: 'cert', type: 'tls', name: 'Certificate of "www"', group: 'edge' }],
    status: (id) => statuses.get(id),
    engine: () => ({
      monitors: 1,
      scheduled: 1,
      checksCompleted: 1,
      checksMissed: 0,
      lastResultAt: undefined,
      running: 0,
      queued: 0,
      lag: { count: 1, p50: 5, p99: 20, max: 40 },
      lagBuckets: lagOf([3, 7, 40, 300, 1_200]),
    }),
    outbox: () => ({ pending: 3, oldestUndeliveredAt: NOW - 90_000, failing: [], failedAttempts: 7 }),
    channels: () => ['ops'],
    uptime24h: async () => new Map([['cert', 99.5]]),
    ...overrides,
  };
}

function result(status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return { status, latencyMs: 120, timings: {}, message: 'x', ...extra };
}

async function appWith(token: string | undefined) {
  const metrics = new TocsinMetrics(deps(token));
  metrics.observe({ monitorId: 'cert', at: NOW - 1000, missed: 0, result: result('degraded', { metrics: { tls_not_after: NOW / 1000 + 86_400 } }) });
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => reply.status(error instanceof TocsinError ? httpStatusOf(error.code) : 500).send({ error: String(error) }));
  registerMetrics(app, metrics);
  return app;
}

async function body(metrics: TocsinMetrics): Promise<string> {
  return (await metrics.render()).join('');
}

describe('/metrics', () => {
  it('reports certificate expiry both from now and as a timestamp, and a degraded monitor in one state series', async () => {
    const text = (await (await appWith(undefined)).inject({ url: '/metrics' })).body;
    expect(text).toMatch(/^tocsin_tls_cert_expiry_seconds\{monitor="cert"\} 86400$/m);
    expect(text).toMatch(/^tocsin_tls_cert_not_after_timestamp_seconds\{monitor="cert"\} 1700086400$/m);
    expect(text).toMatch(/^tocsin_monitor_up\{monitor="cert",type="tls"\} 0$/m);
    expect(text).toMatch(/^tocsin_probe_success\{monitor="cert"\} 0$/m);
    expect(text).toMatch(/^tocsin_check_last_latency_seconds\{monitor="cert"\} 0.12$/m);
    const states = [...text.matchAll(/^tocsin_monitor_state\{monitor="cert",state="(\w+)"\} (\d)$/gm)].map((m) => `${m[1]}=${m[2]}`);
    expect(states).toEqual(['degraded=1']);
    expect(text).toMatch(/^tocsin_monitor_info\{monitor="cert",name="Certificate of \\"www\\"",type="tls",group="edge"\} 1$/m);
    expect(text).toMatch(/^tocsin_monitor_uptime_ratio\{monitor="cert"\} 0.995$/m);
    expect(text).toMatch(/^tocsin_monitors\{state="degraded"\} 1$/m);
    expect(text).toMatch(/^tocsin_outbox_oldest_age_seconds 90$/m);
    expect(text).toMatch(/^tocsin_channel_failures_total 7$/m);
  });

  it('stamps the last success only on a passing check', async () => {
    const metrics = new TocsinMetrics(deps(undefined));
    metrics.observe({ monitorId: 'cert', at: NOW - 60_000, missed: 0, result: result('up') });
    metrics.observe({ monitorId: 'cert', at: NOW, missed: 0, result: result('down') });
    const text = await body(metrics);
    expect(text).toMatch(/^tocsin_check_last_success_timestamp_seconds\{monitor="cert"\} 1699999940$/m);
    expect(text).toMatch(/^tocsin_probe_success\{monitor="cert"\} 0$/m);
  });

  it('aggregates latency histograms by type, never per monitor', async () => {
    const monitors = [
      { id: 'a', type: 'http' },
      { id: 'b', type: 'http' },
      { id: 'c', type: 'tcp' },
    ];
    const metrics = new TocsinMetrics(deps(undefined, { monitors: () => monitors }));
    for (const m of monitors) metrics.observe({ monitorId: m.id, at: NOW, missed: 0, result: result('up') });
    const text = await body(metrics);
    expect(text).toMatch(/^tocsin_check_latency_seconds_count\{type="http"\} 2$/m);
    expect(text).toMatch(/^tocsin_check_latency_seconds_count\{type="tcp"\} 1$/m);
    expect(text).not.toMatch(/tocsin_check_latency_seconds_bucket\{[^}]*monitor=/);
  });

  it('keeps per-monitor series for active monitors only, and drops them when a monitor leaves', async () => {
    let active: ExportedMonitor[] = [
      { id: 'cert', type: 'tls' },
      { id: 'web', type: 'http' },
    ];
    const metrics = new TocsinMetrics(deps(undefined, { monitors: () => active }));
    for (const id of ['cert', 'web', 'am-0a1b', 'am-0a1c']) metrics.observe({ monitorId: id, at: NOW, missed: 0, result: result('down') });
    const series = async () => [...(await body(metrics)).matchAll(/^tocsin_probe_success\{monitor="([^"]+)"\}/gm)].map((m) => m[1]);
    expect(await series()).toEqual(['cert', 'web']);
    expect(await body(metrics)).toMatch(/^tocsin_checks_total\{result="down"\} 4$/m);
    active = [{ id: 'cert', type: 'tls' }];
    expect(await series()).toEqual(['cert']);
  });

  it('shows a paused monitor as paused, not as its last state', async () => {
    const metrics = new TocsinMetrics(deps(undefined, { monitors: () => [{ id: 'cert', type: 'tls', paused: true }] }));
    const text = await body(metrics);
    expect(text).toMatch(/^tocsin_monitor_state\{monitor="cert",state="paused"\} 1$/m);
    expect(text).not.toMatch(/^tocsin_monitor_state\{monitor="cert",state="degraded"\}/m);
    expect(text).not.toMatch(/^tocsin_monitor_up\{/m);
    expect(text).toMatch(/^tocsin_monitors\{state="paused"\} 1$/m);
  });

  it('writes one state line a monitor, which follows the monitor from state to state', async () => {
    const statuses = new Map<string, ConfirmedStatus>([['web', 'up']]);
    const monitors = [
      { id: 'web', type: 'http' },
      { id: 'new', type: 'http' },
    ];
    const metrics = new TocsinMetrics(deps(undefined, { monitors: () => monitors, status: (id) => statuses.get(id) }));
    const states = async () => [...(await body(metrics)).matchAll(/^tocsin_monitor_state\{(.+)\} (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(await states()).toEqual(['monitor="web",state="up" 1', 'monitor="new",state="pending" 1']);
    statuses.set('web', 'down');
    expect(await states()).toEqual(['monitor="web",state="down" 1', 'monitor="new",state="pending" 1']);
  });

  it('exports plugin perfdata with its base unit and thresholds, at most 20 items a monitor', async () => {
    const metrics = new TocsinMetrics(deps(undefined, { monitors: () => [{ id: 'disk', type: 'exec' }] }));
    const perf: Record<string, number> = { '/': 2_771_386_368, '/_warn': 6_237_978_624, time: 0.012 };
    const units: Record<string, string> = { '/': 'bytes', time: 'seconds' };
    for (let i = 0; i < 40; i++) {
      perf[`extra${i}`] = i;
      units[`extra${i}`] = '';
    }
    metrics.observe({ monitorId: 'disk', at: NOW, missed: 0, result: result('up', { metrics: perf, perfdataUnits: units }) });
    const text = await body(metrics);
    expect(text).toMatch(/^tocsin_plugin_perfdata\{monitor="disk",label="\/",unit="bytes"\} 2771386368$/m);
    expect(text).toMatch(/^tocsin_plugin_perfdata\{monitor="disk",label="time",unit="seconds"\} 0.012$/m);
    expect(text).toMatch(/^tocsin_plugin_perfdata_threshold\{monitor="disk",label="\/",unit="bytes",threshold="warn"\} 6237978624$/m);
    expect(text.match(/^tocsin_plugin_perfdata\{/gm)).toHaveLength(20);
  });

  it('lets other work run while it renders many monitors, and overlapping scrapes share one render', async () => {
    // Enough monitors that even a fast machine renders them in several slices (SLICE_MS each).
    const monitors = Array.from({ length: 60_000 }, (_, i) => ({ id: `m${i}`, type: 'http' }));
    const metrics = new TocsinMetrics(deps(undefined, { monitors: () => monitors }));
    for (const m of monitors) metrics.observe({ monitorId: m.id, at: NOW, missed: 0, result: result('up') });
    let turns = 0;
    let done = false;
    const tick = () => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const [first, second] = [metrics.body(), metrics.body()];
    const parts = await first;
    done = true;
    expect(await second).toBe(parts);
    const chunks = [...parts()];
    expect(turns).toBeGreaterThan(2);
    expect(chunks.join('').match(/^tocsin_probe_success\{/gm)).toHaveLength(60_000);
    // info, state (pending here), probe_success, last latency, last success: a line each.
    expect(chunks.join('').match(/^\w+\{monitor="m7"[,}].*$/gm)).toHaveLength(5);
  });

  it.runIf(existsSync(PROMTOOL))('renders a body promtool accepts, awkward labels and perfdata included', async () => {
    const monitors: ExportedMonitor[] = [
      { id: 'cert', type: 'tls', name: 'back\\slash "quoted"\nnewline', group: 'edge' },
      { id: 'disk', type: 'exec' },
      { id: 'idle', type: 'http', paused: true },
    ];
    const metrics = new TocsinMetrics(deps(undefined, { monitors: () => monitors }));
    metrics.observe({ monitorId: 'cert', at: NOW, missed: 0, result: result('up', { metrics: { tls_not_after: NOW / 1000 } }) });
    metrics.observe({
      monitorId: 'disk',
      at: NOW,
      missed: 0,
      result: result('degraded', { metrics: { 'used %': 91, 'used %_crit': 95 }, perfdataUnits: { 'used %': 'percent' } }),
    });
    metrics.refused('body_too_large', '/ping/:a');
    const checked = spawnSync(PROMTOOL, ['check', 'metrics'], { input: await body(metrics), encoding: 'utf8', timeout: 20_000 });
    expect(checked.stderr + checked.stdout).toBe('');
    expect(checked.status).toBe(0);
  });

  it('counts refused requests by reason and route pattern', async () => {
    const metrics = new TocsinMetrics(deps(undefined));
    metrics.refused('body_too_large', '/ping/:a');
    metrics.refused('body_too_large', '/ping/:a');
    expect(await body(metrics)).toMatch(/^tocsin_requests_refused_total\{reason="body_too_large",route="\/ping\/:a"\} 2$/m);
  });

  it('asks for the bearer token when one is configured, and accepts only that one', async () => {
    const app = await appWith('s3cret-token');
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret-token' } })).statusCode).toBe(200);
  });
});

describe('the lag histogram', () => {
  it('counts every check since start at or under each bound, in seconds, as Prometheus reads a histogram', async () => {
    const metrics = new TocsinMetrics(deps(undefined));
    const body = (await metrics.render()).join('');
    expect(body).toContain('# TYPE tocsin_check_start_delay_seconds histogram\n');
    const bucket = (le: string) => Number(new RegExp(`^tocsin_check_start_delay_seconds_bucket\\{le="${le}"\\} (\\d+)$`, 'm').exec(body)?.[1]);
    expect([bucket('0.005'), bucket('0.01'), bucket('0.05'), bucket('0.25'), bucket('0.5'), bucket('1'), bucket('2.5'), bucket('\\+Inf')]).toEqual([
      1, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(body).toMatch(/^tocsin_check_start_delay_seconds_sum 1\.55$/m);
    expect(body).toMatch(/^tocsin_check_start_delay_seconds_count 5$/m);
  });
});
