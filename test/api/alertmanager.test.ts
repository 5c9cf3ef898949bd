/**
 * An Alertmanager payload pages through an escalation and resolves; the generic webhook raises and
 * resolves by key. The wire-format tests post to the real tocsin over HTTP with a real token, as
 * Alertmanager does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/schema/config.js';
import { listAudit } from '../../src/store/audit.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { delivered, eventually, webhooks } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let token = '';

beforeAll(async () => {
  api = await startApi((receiver) => ({
    channels: webhooks(receiver, 'first', 'second', 'ci', 'pods'),
    escalations: { oncall: [{ notify: ['first'] }, { after: '2s', notify: ['second'] }], builds: [{ notify: ['ci'] }], pods: [{ notify: ['pods'] }] },
    defaults: { escalation: 'oncall' },
  }));
  const db = api.live.tocsin.store.db;
  const cli = { actor: { kind: 'cli' as const, label: 'test' }, now: Date.now() };
  const user = await createUser(db, { email: 'am@example.org', role: 'editor', password: 'correct horse battery' }, cli);
  token = (await createToken(db, { userId: user.id, name: 'alertmanager', scope: 'write' }, cli)).secret;
});

afterAll(async () => {
  await api?.close();
});

function payload(status: 'firing' | 'resolved') {
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status,
    receiver: 'tocsin',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status,
        labels: { alertname: 'DiskFull', instance: 'db1:9100', severity: 'critical' },
        annotations: { summary: '/var is 97% full' },
        startsAt: '2026-03-01T02:00:00Z',
        endsAt: status === 'resolved' ? '2026-03-01T02:30:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=disk',
        fingerprint: 'c0ffee0123456789',
      },
    ],
  };
}

describe('Alertmanager intake', () => {
  it('pages a firing alert through the escalation policy, then tells both steps it resolved', async () => {
    const posted = await api.call('editor', 'POST', '/api/v1/integrations/alertmanager', payload('firing'));
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toEqual({ accepted: 1, monitors: ['am-c0ffee0123456789'] });
    const { receiver } = api.live;
    const first = await eventually(() => delivered(receiver).find((d) => d.channel === 'first' && d.event === 'monitor.down'), 'the first page');
    expect(first.monitor).toBe('am-c0ffee0123456789');
    expect(first.body.message).toContain('/var is 97% full');
    await eventually(() => delivered(receiver).find((d) => d.channel === 'second' && d.event === 'monitor.down'), 'the second escalation step');
    const alerts = (await api.call('viewer', 'GET', '/api/v1/alerts')).json().alerts;
    expect(alerts).toContainEqual(expect.objectContaining({ monitor_id: 'am-c0ffee0123456789', status: 'down', name: 'DiskFull {instance=db1:9100}' }));

    // Alertmanager repeats firing alerts; a repeat must not page again.
    await api.call('editor', 'POST', '/api/v1/integrations/alertmanager', payload('firing'));
    expect((await api.call('editor', 'POST', '/api/v1/integrations/alertmanager', payload('resolved'))).statusCode).toBe(200);
    await eventually(() => delivered(receiver).filter((d) => d.event === 'monitor.up').length === 2 || undefined, 'recoveries on both channels');
    expect(delivered(receiver).filter((d) => d.event === 'monitor.down' && d.channel === 'first')).toHaveLength(1);
    expect((await api.call('viewer', 'GET', '/api/v1/alerts')).json().alerts).toEqual([]);
  });

  it('refuses a viewer and a payload without alerts', async () => {
    expect((await api.call('viewer', 'POST', '/api/v1/integrations/alertmanager', payload('firing'))).statusCode).toBe(403);
    const bad = await api.call('editor', 'POST', '/api/v1/integrations/alertmanager', { status: 'firing' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('alerts');
  });
});

describe('generic inbound webhook', () => {
  it('raises an alert by key on the named policy, acknowledges it, and resolves it', async () => {
    const raised = await api.call('editor', 'POST', '/api/v1/integrations/webhook', {
      key: 'nightly-build',
      status: 'firing',
      summary: 'main is red',
      escalation: 'builds',
    });
    expect(raised.json()).toEqual({ monitor: 'hook-nightly-build' });
    const { receiver } = api.live;
    const page = await eventually(() => delivered(receiver).find((d) => d.channel === 'ci' && d.event === 'monitor.down'), 'the CI page');
    expect(page.body.message).toContain('main is red');
    const ack = await api.call('editor', 'POST', '/api/v1/alerts/hook-nightly-build/ack', {});
    expect(ack.statusCode).toBe(200);
    expect(ack.json().status).toBe('acknowledged');
    // One verb: applied before the answer (not at the next tick), and one audit row naming the caller.
    const open = (await api.call('viewer', 'GET', '/api/v1/alerts')).json().alerts;
    expect(open).toContainEqual(
      expect.objectContaining({ monitor_id: 'hook-nightly-build', acknowledged: expect.objectContaining({ by: expect.any(String) }) }),
    );
    const audit = (await listAudit(api.live.tocsin.store.db, { limit: 50 })).filter((a) => a.action.endsWith('.acknowledge'));
    expect(audit.map((a) => [a.action, a.target, a.actor.kind])).toEqual([['monitor.acknowledge', 'monitor hook-nightly-build', 'user']]);
    await api.call('editor', 'POST', '/api/v1/integrations/webhook', { key: 'nightly-build', status: 'resolved' });
    await eventually(() => delivered(receiver).find((d) => d.channel === 'ci' && d.event === 'monitor.up'), 'the CI recovery');
  });

  it('names an unknown escalation policy', async () => {
    const bad = await api.call('editor', 'POST', '/api/v1/integrations/webhook', { key: 'k', status: 'firing', escalation: 'nobody' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'escalation', expected: 'one of oncall, builds, pods' });
  });
});

/** POSTs as Alertmanager does: JSON over HTTP with the token of its http_config. */
function send(body: unknown, auth = `Bearer ${token}`): Promise<Response> {
  return fetch(`http://${api.live.tocsin.address}/api/v1/integrations/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Alertmanager/0.28.1', ...(auth && { authorization: auth }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A notification of one group (`PodCrashLooping` in `prod`) in Alertmanager's version 4 format, one alert per pod. */
function group(pods: number[], description = '') {
  return {
    receiver: 'tocsin',
    status: 'firing',
    alerts: pods.map((pod) => ({
      status: 'firing',
      labels: { alertname: 'PodCrashLooping', namespace: 'prod', pod: `api-${pod}`, severity: 'critical', tocsin_escalation: 'pods' },
      annotations: { summary: `api-${pod} restarted 5 times in 10 minutes`, ...(description && { description }) },
      startsAt: '2026-03-01T02:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: `http://prometheus.example:9090/graph?g0.expr=kube_pod_restarts%7Bpod%3D%22api-${pod}%22%7D&g0.tab=1`,
      fingerprint: `f${pod.toString(16).padStart(15, '0')}`,
    })),
    groupLabels: { alertname: 'PodCrashLooping', namespace: 'prod' },
    commonLabels: { alertname: 'PodCrashLooping', namespace: 'prod', severity: 'critical', tocsin_escalation: 'pods' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="PodCrashLooping", namespace="prod"}',
    truncatedAlerts: 0,
  };
}

async function metrics(): Promise<string> {
  return (await fetch(`http://${api.live.tocsin.address}/metrics`)).text();
}

const PODS = Array.from({ length: 1001 }, (_, i) => i);

describe('Alertmanager intake over HTTP, in its wire format', () => {
  it('pages every alert of a 1,001-alert group over 1 MiB, each monitor named by the labels that tell it apart', async () => {
    const body = JSON.stringify(group(PODS, 'x'.repeat(1000)));
    expect(body.length).toBeGreaterThan(1_048_576);
    const answer = await send(body);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { accepted: number }).accepted).toBe(1001);
    // Counting first: decoding every request 20 times a second would slow the test more than tocsin.
    await eventually(() => api.live.receiver.requests.filter((r) => r.path.endsWith('/pods')).length >= 1001, '1,001 pages', 100_000);
    const pages = delivered(api.live.receiver).filter((d) => d.channel === 'pods' && d.event === 'monitor.down');
    expect(new Set(pages.map((p) => p.monitor)).size).toBe(1001);
    const page = pages.find((p) => p.monitor === 'am-f000000000000007')!;
    expect(page.body.monitor).toEqual({
      id: 'am-f000000000000007',
      name: 'PodCrashLooping {namespace=prod, pod=api-7}',
      type: 'alertmanager',
      target: 'http://prometheus.example:9090/graph?g0.expr=kube_pod_restarts%7Bpod%3D%22api-7%22%7D&g0.tab=1',
    });
    expect(page.body.message).toBe(
      'PodCrashLooping {namespace=prod, pod=api-7} is firing in Prometheus since 2026-03-01T02:00:00.000Z: api-7 restarted 5 times in 10 minutes',
    );
  }, 120_000);

  it('keeps each name when the group shrinks to one alert, and pages nothing twice', async () => {
    expect((await send(group([7]))).status).toBe(200);
    const alerts = (await api.call('viewer', 'GET', '/api/v1/alerts')).json().alerts as { monitor_id: string; name: string }[];
    expect(alerts.find((a) => a.monitor_id === 'am-f000000000000007')?.name).toBe('PodCrashLooping {namespace=prod, pod=api-7}');
    expect(delivered(api.live.receiver).filter((d) => d.monitor === 'am-f000000000000007' && d.event === 'monitor.down')).toHaveLength(1);
  });

  it('adds no per-monitor series to /metrics for the synthetic monitors', async () => {
    const text = await metrics();
    expect(text).toMatch(/^tocsin_checks_total\{result="down"\} \d+$/m);
    expect(text).not.toContain('monitor="am-');
  });

  it('answers a group over 8 MiB with a 413 naming the limit, and counts it', async () => {
    const answer = await send(group(PODS.slice(0, 700), 'x'.repeat(12_000)));
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ error: 'request body over 8 MiB (8388608 bytes), the limit of this route' });
    expect(await metrics()).toMatch(/^tocsin_requests_refused_total\{reason="body_too_large",route="\/api\/v1\/integrations\/alertmanager"\} 1$/m);
  });

  it('counts a delivery refused for its token or its shape by reason', async () => {
    expect((await send(group([1]), '')).status).toBe(401);
    expect((await send({ ...group([1]), alerts: [{ status: 'firing' }] })).status).toBe(400);
    const text = await metrics();
    expect(text).toMatch(/^tocsin_requests_refused_total\{reason="unauthorized",route="\/api\/v1\/integrations\/alertmanager"\} 1$/m);
    expect(text).toMatch(/^tocsin_requests_refused_total\{reason="invalid_input",route="\/api\/v1\/integrations\/alertmanager"\} 1$/m);
  });
});

describe('synthetic monitor types', () => {
  it('cannot be created through the API or tocsin.yaml', async () => {
    for (const type of ['alertmanager', 'webhook']) {
      const posted = await api.call('admin', 'POST', '/api/v1/monitors', { id: `fake-${type}`, type });
      expect([type, posted.statusCode, posted.json().field]).toEqual([type, 400, 'type']);
      const parsed = parseConfig({ monitors: [{ id: 'x', type }] });
      expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual(['monitors[0].type']);
    }
  });

  it('gives the generic webhook its own type, with its url as the target or none made up', async () => {
    await api.call('editor', 'POST', '/api/v1/integrations/webhook', { key: 'deploy', status: 'firing', escalation: 'builds' });
    const page = await eventually(() => delivered(api.live.receiver).find((d) => d.monitor === 'hook-deploy'), 'the deploy page');
    expect(page.body.monitor).toEqual({ id: 'hook-deploy', name: 'deploy', type: 'webhook', target: 'inbound webhook' });
  });
});
