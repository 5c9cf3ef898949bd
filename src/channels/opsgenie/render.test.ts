import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'opsgenie' as const, api_key: 'eb243592-faa2-4ba2-a551-1afdf565c889', region: 'us' as const };
const headers = { 'content-type': 'application/json', authorization: 'GenieKey eb243592-faa2-4ba2-a551-1afdf565c889' };

describe('opsgenie render', () => {
  it('creates a P1 alert aliased by the episode on down', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({ method: 'POST', url: 'https://api.opsgenie.com/v2/alerts', headers });
    expect(JSON.parse(request.body)).toEqual({
      message: 'Update center is DOWN since 02:14 UTC (3 failed checks)',
      alias: 'update-center/4',
      description:
        'Update center is DOWN since 02:14 UTC (3 failed checks): HTTP 503 from https://updates.example.org/update-center.json (expected 200); ' +
        'affects: plugin-site, wiki; runbook: https://tocsin.example.org/runbooks/update-center; acknowledge: https://tocsin.example.org/ack/t0k; ' +
        'status page: https://status.example.org/',
      priority: 'P1',
      source: 'tocsin.example.org',
      entity: 'update-center',
      tags: ['tocsin', 'http', 'monitor.down'],
      details: {
        monitor: 'Update center',
        target: 'https://updates.example.org/update-center.json',
        state: 'down',
        since: '2024-03-01T02:14:00.000Z',
        notification_id: 'ntf_01HQ',
        failed_checks: '3',
        dependants: 'plugin-site, wiki',
        incident_id: 'inc_7',
        runbook: 'https://tocsin.example.org/runbooks/update-center',
        acknowledge: 'https://tocsin.example.org/ack/t0k',
      },
    });
  });

  it('uses the EU host for EU accounts and P3 for degraded', () => {
    const request = render(notification('monitor.degraded'), { ...config, region: 'eu' }, context);
    expect(request.url).toBe('https://api.eu.opsgenie.com/v2/alerts');
    expect(JSON.parse(request.body).priority).toBe('P3');
  });

  it('closes the alert by alias on recovery', () => {
    expect(render(notification('monitor.up'), config, context)).toEqual({
      method: 'POST',
      url: 'https://api.opsgenie.com/v2/alerts/update-center%2F4/close?identifierType=alias',
      headers,
      body: '{"source":"tocsin.example.org","note":"Update center is UP again after being DOWN for 12m since 02:14 UTC"}',
    });
  });

  it('acknowledges the alert by alias in the name of who acknowledged', () => {
    expect(render(notification('monitor.acknowledged'), config, context)).toEqual({
      method: 'POST',
      url: 'https://api.opsgenie.com/v2/alerts/update-center%2F4/acknowledge?identifierType=alias',
      headers,
      body: '{"source":"tocsin.example.org","user":"alice","note":"Update center is DOWN since 02:14 UTC: acknowledged by alice"}',
    });
  });

  it('keeps the message within 130 characters', () => {
    const body = JSON.parse(
      render(notification('monitor.down', { monitor: { id: 'm', name: 'n'.repeat(200), type: 'tcp', target: 'h:1' } }), config, context).body,
    );
    expect(body.message).toHaveLength(130);
  });
});
