import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'pagerduty' as const, routing_key: 'R0UT1NGKEY0000000000000000000000' };

describe('pagerduty render', () => {
  it('triggers a critical alert on down, keyed by the episode', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({ method: 'POST', url: 'https://events.pagerduty.com/v2/enqueue', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toEqual({
      routing_key: 'R0UT1NGKEY0000000000000000000000',
      event_action: 'trigger',
      dedup_key: 'update-center/4',
      payload: {
        summary: 'Update center is DOWN since 02:14 UTC (3 failed checks): HTTP 503 from https://updates.example.org/update-center.json (expected 200)',
        source: 'https://updates.example.org/update-center.json',
        severity: 'critical',
        timestamp: '2024-03-01T02:17:00.000Z',
        component: 'update-center',
        class: 'http',
        custom_details: {
          monitor: 'Update center',
          event: 'monitor.down',
          message: 'HTTP 503 from https://updates.example.org/update-center.json (expected 200)',
          since: '2024-03-01T02:14:00.000Z',
          failed_checks: 3,
          dependants: ['plugin-site', 'wiki'],
          incident_id: 'inc_7',
          notification_id: 'ntf_01HQ',
        },
      },
      client: 'tocsin.example.org',
      client_url: 'https://status.example.org/',
      links: [
        { href: 'https://tocsin.example.org/runbooks/update-center', text: 'Runbook' },
        { href: 'https://tocsin.example.org/ack/t0k', text: 'Acknowledge' },
        { href: 'https://status.example.org/', text: 'Status page' },
      ],
    });
  });

  it.each([
    ['monitor.degraded', 'warning'],
    ['monitor.reminder', 'critical'],
    ['monitor.flapping', 'warning'],
    ['tocsin.self', 'critical'],
    ['test', 'info'],
  ] as const)('triggers %s with severity %s', (event, severity) => {
    const body = JSON.parse(render(notification(event), config, context).body);
    expect(body).toMatchObject({ event_action: 'trigger', payload: { severity } });
  });

  it('resolves the same dedup key on recovery, with nothing else', () => {
    expect(JSON.parse(render(notification('monitor.up'), config, context).body)).toEqual({
      routing_key: 'R0UT1NGKEY0000000000000000000000',
      event_action: 'resolve',
      dedup_key: 'update-center/4',
    });
  });

  it('acknowledges the same dedup key when someone acknowledged in tocsin', () => {
    expect(JSON.parse(render(notification('monitor.acknowledged'), config, context).body)).toEqual({
      routing_key: 'R0UT1NGKEY0000000000000000000000',
      event_action: 'acknowledge',
      dedup_key: 'update-center/4',
    });
  });

  it('keeps the summary within 1024 characters and a long dedup key stable within 255', () => {
    const long = notification('monitor.down', { message: 'z'.repeat(3000), dedup_key: 'k'.repeat(300) });
    const body = JSON.parse(render(long, config, context).body);
    expect(body.payload.summary).toHaveLength(1024);
    expect(body.dedup_key.length).toBeLessThanOrEqual(255);
    expect(JSON.parse(render({ ...long, event: 'monitor.up', state: 'up' }, config, context).body).dedup_key).toBe(body.dedup_key);
  });
});
