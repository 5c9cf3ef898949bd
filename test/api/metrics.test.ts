/** /metrics from a real tocsin, checked by Prometheus's own promtool (Debian package `prometheus`). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

const PROMTOOL = '/usr/bin/promtool';
let api: ApiHarness;
let target: Target;

beforeAll(async () => {
  target = await startTarget(200);
  api = await startApi((receiver) => ({
    channels: { ops: { type: 'webhook', url: `${receiver}/ops` } },
    escalations: { default: [{ notify: ['ops'] }] },
    monitors: [{ id: 'web', type: 'http', url: target.url, interval: '1s', timeout: '900ms' }],
  }));
});

afterAll(async () => {
  await api?.close();
  await target?.close();
});

async function scrape() {
  return api.live.tocsin.app.inject({ method: 'GET', url: '/metrics' });
}

describe('/metrics', () => {
  it('exposes monitor state, latency, checks, lag, outbox and channels', async () => {
    await eventually(() => api.live.tocsin.engine.stats().checksCompleted >= 2 || undefined, 'two checks');
    const body = (await scrape()).body;
    expect(body).toMatch(/^tocsin_monitor_up\{monitor="web",type="http"\} 1$/m);
    expect(body).toMatch(/^tocsin_check_latency_seconds_bucket\{le="\+Inf",monitor="web"\} \d+$/m);
    expect(body).toMatch(/^tocsin_checks_total\{result="up"\} \d+$/m);
    expect(body).toMatch(/^tocsin_schedule_lag_seconds\{stat="p99"\} /m);
    expect(body).toMatch(/^tocsin_outbox_depth \d+$/m);
    expect(body).toMatch(/^tocsin_channel_failing\{channel="ops"\} 0$/m);
    expect(body).toMatch(/^tocsin_channel_failures_total \d+$/m);
  });

  it.runIf(existsSync(PROMTOOL))('passes promtool check metrics', async () => {
    await eventually(() => api.live.tocsin.engine.stats().checksCompleted >= 1 || undefined, 'a check');
    const body = (await scrape()).body;
    const checked = spawnSync(PROMTOOL, ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 20_000 });
    expect(checked.stderr + checked.stdout).toBe('');
    expect(checked.status).toBe(0);
  });

  it('is never served by the API routes to people without access', async () => {
    expect((await api.live.tocsin.app.inject({ method: 'GET', url: '/api/v1/monitors' })).statusCode).toBe(401);
  });
});
