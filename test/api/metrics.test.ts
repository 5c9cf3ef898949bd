/** /metrics from a real tocsin, checked by Prometheus's own promtool (Debian package `prometheus`). */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';
let api: ApiHarness;
let target: Target;
let failing: Target;

beforeAll(async () => {
  target = await startTarget(200);
  failing = await startTarget(500);
  api = await startApi((receiver) => ({
    channels: { ops: { type: 'webhook', url: `${receiver}/ops` } },
    escalations: { default: [{ notify: ['ops'] }] },
    monitors: [
      { id: 'web', type: 'http', url: target.url, interval: '1s', timeout: '900ms' },
      { id: 'broken', type: 'http', url: failing.url, interval: '1s', timeout: '900ms' },
    ],
  }));
  // The first scrape counts the 24 h uptime, and the count is kept a minute: results must be stored by then.
  await eventually(async () => {
    const stored = await api.call('admin', 'GET', '/api/v1/monitors/web/results');
    return ((JSON.parse(stored.body) as { results?: unknown[] }).results?.length ?? 0) > 0 || undefined;
  }, 'a stored result');
});

afterAll(async () => {
  await api?.close();
  await target?.close();
  await failing?.close();
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

  it.runIf(existsSync(PROMTOOL))('ships alerting rules promtool accepts, and that fire and resolve on series shaped like tocsin output', () => {
    const rules = resolve('examples/prometheus-rules.yml');
    const checked = spawnSync(PROMTOOL, ['check', 'rules', rules], { encoding: 'utf8', timeout: 20_000 });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    // As tocsin writes them: one tocsin_monitor_state series a monitor, for its current state; the
    // series of the state it left goes stale at the next scrape (Prometheus's staleness marker).
    // web: up, down from 1m to 3m, up again from 4m. idle: paused, never passed. stuck: down, never passed.
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-rules-'));
    const series = (name: string, values: string) => [`      - series: '${name}'`, `        values: '${values}'`];
    const alerts = (at: string, name: string, expected: string[]) => [
      `      - eval_time: ${at}`,
      `        alertname: ${name}`,
      ...(expected.length ? ['        exp_alerts:', ...expected] : ['        exp_alerts: []']),
    ];
    writeFileSync(
      join(dir, 'rules.test.yml'),
      [
        `rule_files: [${JSON.stringify(rules)}]`,
        'evaluation_interval: 1m',
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        ...series('tocsin_monitor_state{monitor="web",state="up"}', '1 stale _ _ 1x80'),
        ...series('tocsin_monitor_state{monitor="web",state="down"}', '_ 1 1 1 stale'),
        ...series('tocsin_check_last_success_timestamp_seconds{monitor="web"}', '0+60x84'),
        ...series('tocsin_monitor_state{monitor="idle",state="paused"}', '1x84'),
        ...series('tocsin_check_last_success_timestamp_seconds{monitor="idle"}', '0x84'),
        ...series('tocsin_monitor_state{monitor="stuck",state="down"}', '1x84'),
        ...series('tocsin_check_last_success_timestamp_seconds{monitor="stuck"}', '0x84'),
        ...series('tocsin_tls_cert_not_after_timestamp_seconds{monitor="cert"}', '259200 259200 259200'),
        '    alert_rule_test:',
        ...alerts('2m', 'TocsinMonitorDown', [
          '          - exp_labels: { severity: critical, monitor: stuck, state: down }',
          '            exp_annotations: { summary: stuck is down, description: "tocsin confirmed stuck down (see tocsin for the failing phase and runbook)." }',
          '          - exp_labels: { severity: critical, monitor: web, state: down }',
          '            exp_annotations:',
          '              summary: web is down',
          "              description: 'tocsin confirmed web down (see tocsin for the failing phase and runbook).'",
        ]),
        // Back up at 4m: its down series is stale, so the alert has resolved without waiting out the 5m lookback.
        ...alerts('5m', 'TocsinMonitorDown', [
          '          - exp_labels: { severity: critical, monitor: stuck, state: down }',
          '            exp_annotations: { summary: stuck is down, description: "tocsin confirmed stuck down (see tocsin for the failing phase and runbook)." }',
        ]),
        // An hour and more without a pass: the paused monitor is left out, the one passing every minute too.
        ...alerts('70m', 'TocsinNoRecentSuccess', [
          '          - exp_labels: { severity: warning, monitor: stuck }',
          '            exp_annotations: { summary: stuck has not passed a check for over an hour }',
        ]),
        ...alerts('2m', 'TocsinCertificateExpiresSoon', [
          '          - exp_labels: { severity: warning, monitor: cert }',
          '            exp_annotations:',
          "              summary: 'The certificate seen by cert expires in 2d 23h 58m 0s'",
        ]),
        '',
      ].join('\n'),
    );
    const tested = spawnSync(PROMTOOL, ['test', 'rules', join(dir, 'rules.test.yml')], { encoding: 'utf8', timeout: 20_000 });
    expect(tested.stdout + tested.stderr).toContain('SUCCESS');
    expect(tested.status).toBe(0);
  });

  it('goes out gzip-compressed when the scraper accepts gzip, as Prometheus does, and never as brotli', async () => {
    await eventually(() => api.live.tocsin.engine.stats().checksCompleted >= 1 || undefined, 'a check');
    const zipped = await api.live.tocsin.app.inject({ method: 'GET', url: '/metrics', headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toMatch(/^tocsin_monitor_state\{monitor="web",state="\w+"\} 1$/m);
    const br = await api.live.tocsin.app.inject({ method: 'GET', url: '/metrics', headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBeUndefined();
    expect(br.body).toMatch(/^tocsin_checks_total\{/m);
  });

  it.runIf(existsSync(PROMETHEUS))(
    'is scraped by a real Prometheus, whose example rules fire on what it scraped',
    async () => {
      const { port: tocsinPort } = api.live.tocsin.app.server.address() as { port: number };
      const dir = mkdtempSync(join(tmpdir(), 'tocsin-prometheus-'));
      const config = {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [resolve('examples/prometheus-rules.yml')],
        scrape_configs: [{ job_name: 'tocsin', static_configs: [{ targets: [`127.0.0.1:${tocsinPort}`] }] }],
      };
      writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
      const port = await freePort();
      const prometheus = spawn(
        PROMETHEUS,
        [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
        { stdio: 'ignore' },
      );
      const query = async (path: string) => {
        try {
          return ((await (await fetch(`http://127.0.0.1:${port}${path}`)).json()) as { data: unknown }).data;
        } catch {
          return undefined; // not listening yet
        }
      };
      try {
        const firing = await eventually(
          async () => {
            const data = (await query('/api/v1/alerts')) as { alerts: { labels: Record<string, string>; state: string }[] } | undefined;
            return data?.alerts.find((a) => a.labels.alertname === 'TocsinMonitorDown' && a.state === 'firing');
          },
          'TocsinMonitorDown firing in Prometheus',
          60_000,
        );
        expect(firing.labels).toMatchObject({ monitor: 'broken', state: 'down', severity: 'critical', job: 'tocsin' });
        // One state series a monitor, and none of them 0.
        const counts = (await query(`/api/v1/query?query=${encodeURIComponent('count by (monitor) (tocsin_monitor_state)')}`)) as {
          result: { metric: { monitor: string }; value: [number, string] }[];
        };
        expect(Object.fromEntries(counts.result.map((r) => [r.metric.monitor, r.value[1]]))).toMatchObject({ web: '1', broken: '1' });
      } finally {
        prometheus.kill('SIGKILL');
      }
    },
    90_000,
  );

  it('is never served by the API routes to people without access', async () => {
    expect((await api.live.tocsin.app.inject({ method: 'GET', url: '/api/v1/monitors' })).statusCode).toBe(401);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
