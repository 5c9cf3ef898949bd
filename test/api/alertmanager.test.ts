/** An Alertmanager payload pages through an escalation and resolves; the generic webhook raises and resolves by key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delivered, eventually, webhooks } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi((receiver) => ({
    channels: webhooks(receiver, 'first', 'second', 'ci'),
    escalations: { oncall: [{ notify: ['first'] }, { after: '2s', notify: ['second'] }], builds: [{ notify: ['ci'] }] },
    defaults: { escalation: 'oncall' },
  }));
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
    alerts: [{
      status,
      labels: { alertname: 'DiskFull', instance: 'db1:9100', severity: 'critical' },
      annotations: { summary: '/var is 97% full' },
      startsAt: '2026-03-01T02:00:00Z',
      endsAt: status === 'resolved' ? '2026-03-01T02:30:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=disk',
      fingerprint: 'c0ffee0123456789',
    }],
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
    expect(alerts).toContainEqual(expect.objectContaining({ monitor_id: 'am-c0ffee0123456789', status: 'down', name: 'DiskFull on db1:9100' }));

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
    const raised = await api.call('editor', 'POST', '/api/v1/integrations/webhook', { key: 'nightly-build', status: 'firing', summary: 'main is red', escalation: 'builds' });
    expect(raised.json()).toEqual({ monitor: 'hook-nightly-build' });
    const { receiver } = api.live;
    const page = await eventually(() => delivered(receiver).find((d) => d.channel === 'ci' && d.event === 'monitor.down'), 'the CI page');
    expect(page.body.message).toContain('main is red');
    const ack = await api.call('editor', 'POST', '/api/v1/alerts/hook-nightly-build/ack', {});
    expect(ack.statusCode).toBe(200);
    expect(ack.json().status).toBe('acknowledged');
    await api.call('editor', 'POST', '/api/v1/integrations/webhook', { key: 'nightly-build', status: 'resolved' });
    await eventually(() => delivered(receiver).find((d) => d.channel === 'ci' && d.event === 'monitor.up'), 'the CI recovery');
  });

  it('names an unknown escalation policy', async () => {
    const bad = await api.call('editor', 'POST', '/api/v1/integrations/webhook', { key: 'k', status: 'firing', escalation: 'nobody' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'escalation', expected: 'one of oncall, builds' });
  });
});
