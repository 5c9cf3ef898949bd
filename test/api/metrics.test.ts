/** /metrics from a real tocsin, checked by Prometheus's own promtool (Debian package `prometheus`). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
    expect(body).toMatch(/^tocsin_check_latency_seconds_bucket\{le="\+Inf",type="http"\} \d+$/m);
    expect(body).toMatch(/^tocsin_monitor_state\{monitor="web",state="up"\} 1$/m);
    expect(body).toMatch(/^tocsin_probe_success\{monitor="web"\} 1$/m);
    expect(body).toMatch(/^tocsin_checks_total\{result="up"\} \d+$/m);
    expect(body).toMatch(/^tocsin_schedule_lag_seconds\{stat="p99"\} /m);
    expect(body).toMatch(/^tocsin_outbox_depth \d+$/m);
    expect(body).toMatch(/^tocsin_channel_failing\{channel="ops"\} 0$/m);
    expect(body).toMatch(/^tocsin_channel_failures_total \d+$/m);
  });

  it("carries each monitor's 24 h uptime from the store, counted a slice of monitors at a time", async () => {
    await eventually(() => api.live.tocsin.engine.stats().checksCompleted >= 2 || undefined, 'two checks');
    // The first scrape starts the count; a later one carries it once results are stored.
    const ratio = await eventually(async () => /^tocsin_monitor_uptime_ratio\{monitor="web"\} (\S+)$/m.exec((await scrape()).body)?.[1], 'an uptime ratio');
    expect(Number(ratio)).toBe(1);
  });

  it.runIf(existsSync(PROMTOOL))('passes promtool check metrics', async () => {
    await eventually(() => api.live.tocsin.engine.stats().checksCompleted >= 1 || undefined, 'a check');
    const body = (await scrape()).body;
    const checked = spawnSync(PROMTOOL, ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 20_000 });
    expect(checked.stderr + checked.stdout).toBe('');
    expect(checked.status).toBe(0);
  });

  it.runIf(existsSync(PROMTOOL))('ships alerting rules promtool accepts, and that fire on the series tocsin exposes', () => {
    const rules = resolve('examples/prometheus-rules.yml');
    const checked = spawnSync(PROMTOOL, ['check', 'rules', rules], { encoding: 'utf8', timeout: 20_000 });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    // promtool's rule unit tests: a monitor down for a minute fires TocsinMonitorDown; a certificate 3 days from expiry fires its warning.
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-rules-'));
    writeFileSync(
      join(dir, 'rules.test.yml'),
      [
        `rule_files: [${JSON.stringify(rules)}]`,
        'evaluation_interval: 1m',
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        `      - series: 'tocsin_monitor_state{monitor="web",state="down"}'`,
        "        values: '0 1 1'",
        `      - series: 'tocsin_tls_cert_not_after_timestamp_seconds{monitor="cert"}'`,
        "        values: '259200 259200 259200'",
        '    alert_rule_test:',
        '      - eval_time: 2m',
        '        alertname: TocsinMonitorDown',
        '        exp_alerts:',
        '          - exp_labels: { severity: critical, monitor: web, state: down }',
        '            exp_annotations:',
        '              summary: web is down',
        "              description: 'tocsin confirmed web down (see tocsin for the failing phase and runbook).'",
        '      - eval_time: 2m',
        '        alertname: TocsinCertificateExpiresSoon',
        '        exp_alerts:',
        '          - exp_labels: { severity: warning, monitor: cert }',
        '            exp_annotations:',
        "              summary: 'The certificate seen by cert expires in 2d 23h 58m 0s'",
        '',
      ].join('\n'),
    );
    const tested = spawnSync(PROMTOOL, ['test', 'rules', join(dir, 'rules.test.yml')], { encoding: 'utf8', timeout: 20_000 });
    expect(tested.stdout + tested.stderr).toContain('SUCCESS');
    expect(tested.status).toBe(0);
  });

  it('is never served by the API routes to people without access', async () => {
    expect((await api.live.tocsin.app.inject({ method: 'GET', url: '/api/v1/monitors' })).statusCode).toBe(401);
  });
});
