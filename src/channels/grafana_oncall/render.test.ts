import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'grafana_oncall' as const, url: 'https://oncall.example.org/integrations/v1/formatted_webhook/Zq3kQ9x/' };

describe('grafana oncall render', () => {
  it('posts an alerting alert grouped by the episode', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: config.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        alert_uid: 'update-center/4',
        title: 'Update center is DOWN',
        state: 'alerting',
        link_to_upstream_details: 'https://tocsin.example.org/runbooks/update-center',
        message:
          '🔴 **Update center is DOWN since 02:14 UTC (3 failed checks)**\n```\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\n```\n' +
          'Affects: plugin-site, wiki\n[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
      }),
    });
  });

  it.each([
    ['monitor.up', 'ok'],
    ['monitor.reminder', 'alerting'],
    ['monitor.acknowledged', 'alerting'],
    ['monitor.degraded', 'alerting'],
  ] as const)('sends %s as state %s under the same alert_uid', (event, state) => {
    expect(JSON.parse(render(notification(event), config, context).body)).toMatchObject({ alert_uid: 'update-center/4', state });
  });
});
