import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { TocsinError, httpStatusOf } from '../lib/errors.js';
import { registerMetrics, TocsinMetrics, type MetricsDeps } from './metrics.js';

function deps(token: string | undefined): MetricsDeps {
  return {
    now: () => 1_700_000_000_000,
    token: () => token,
    monitors: () => [{ id: 'cert', type: 'tls' }],
    statuses: async () => new Map([['cert', 'degraded' as const]]),
    engine: () => ({ monitors: 1, scheduled: 1, checksCompleted: 1, checksMissed: 0, lastResultAt: undefined, running: 0, queued: 0, lag: { count: 1, p50: 5, p99: 20, max: 40 } }),
    outbox: () => ({ pending: 3, oldestUndeliveredAt: 1_700_000_000_000 - 90_000, failing: [], failedAttempts: 7 }),
    channels: () => ['ops'],
    uptime24h: async () => new Map([['cert', 99.5]]),
  };
}

async function appWith(token: string | undefined) {
  const metrics = new TocsinMetrics(deps(token));
  metrics.observe({ monitorId: 'cert', at: 0, missed: 0, result: { status: 'degraded', latencyMs: 120, timings: {}, message: 'expires soon', metrics: { tls_not_after: 1_700_000_000 + 86_400 } } });
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => reply.status(error instanceof TocsinError ? httpStatusOf(error.code) : 500).send({ error: String(error) }));
  registerMetrics(app, metrics);
  return app;
}

describe('/metrics', () => {
  it('reports certificate expiry in seconds from now and a degraded monitor as not up', async () => {
    const body = (await (await appWith(undefined)).inject({ url: '/metrics' })).body;
    expect(body).toMatch(/^tocsin_tls_cert_expiry_seconds\{monitor="cert"\} 86400$/m);
    expect(body).toMatch(/^tocsin_monitor_up\{monitor="cert",type="tls"\} 0$/m);
    expect(body).toMatch(/^tocsin_outbox_oldest_age_seconds 90$/m);
    expect(body).toMatch(/^tocsin_channel_failures_total 7$/m);
  });

  it('keeps per-monitor series for active monitors only, and drops them when a monitor leaves', async () => {
    let active = [{ id: 'cert', type: 'tls' }, { id: 'web', type: 'http' }];
    const metrics = new TocsinMetrics({ ...deps(undefined), monitors: () => active });
    const result = (monitorId: string) => ({ monitorId, at: 0, missed: 0, result: { status: 'down' as const, latencyMs: 5, timings: {}, message: 'x' } });
    for (const id of ['cert', 'web', 'am-0a1b', 'am-0a1c']) metrics.observe(result(id));
    const series = async () => [...(await metrics.registry.metrics()).matchAll(/^tocsin_check_latency_seconds_count\{monitor="([^"]+)"\}/gm)].map((m) => m[1]);
    expect(await series()).toEqual(['cert', 'web']);
    expect(await metrics.registry.metrics()).toMatch(/^tocsin_checks_total\{result="down"\} 4$/m);
    active = [{ id: 'cert', type: 'tls' }];
    expect(await series()).toEqual(['cert']);
  });

  it('counts refused requests by reason and route pattern', async () => {
    const metrics = new TocsinMetrics(deps(undefined));
    metrics.refused('body_too_large', '/ping/:a');
    metrics.refused('body_too_large', '/ping/:a');
    expect(await metrics.registry.metrics()).toMatch(/^tocsin_requests_refused_total\{reason="body_too_large",route="\/ping\/:a"\} 2$/m);
  });

  it('asks for the bearer token when one is configured, and accepts only that one', async () => {
    const app = await appWith('s3cret-token');
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret-token' } })).statusCode).toBe(200);
  });
});
