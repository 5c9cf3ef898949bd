import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'teams' as const, url: 'https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=SECRET' };

describe('teams render', () => {
  it('wraps an Adaptive Card in a message attachment', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({ method: 'POST', url: config.url, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toEqual({
      type: 'message',
      summary: 'Update center is DOWN since 02:14 UTC (3 failed checks)',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: 'Update center is DOWN', size: 'Large', weight: 'Bolder', color: 'Attention', wrap: true },
              { type: 'TextBlock', text: 'Update center is DOWN since 02:14 UTC (3 failed checks)', wrap: true },
              { type: 'TextBlock', text: 'HTTP 503 from https://updates.example.org/update-center.json (expected 200)', wrap: true, fontType: 'Monospace' },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Monitor', value: 'Update center (http)' },
                  { title: 'Target', value: 'https://updates.example.org/update-center.json' },
                  { title: 'State', value: 'UP → DOWN' },
                  { title: 'Since', value: '02:14 UTC' },
                  { title: 'Failed checks', value: '3' },
                  { title: 'Affects', value: 'plugin-site, wiki' },
                  { title: 'Incident', value: 'inc_7' },
                ],
              },
            ],
            actions: [
              { type: 'Action.OpenUrl', title: 'Runbook', url: 'https://tocsin.example.org/runbooks/update-center' },
              { type: 'Action.OpenUrl', title: 'Acknowledge', url: 'https://tocsin.example.org/ack/t0k' },
              { type: 'Action.OpenUrl', title: 'Status page', url: 'https://status.example.org/' },
            ],
            msteams: { width: 'Full' },
          },
        },
      ],
    });
  });

  it.each([
    ['monitor.degraded', 'Warning'],
    ['monitor.up', 'Good'],
    ['monitor.acknowledged', 'Accent'],
  ] as const)('colours the %s title %s', (event, color) => {
    const body = JSON.parse(render(notification(event), config, context).body);
    expect(body.attachments[0].content.body[0].color).toBe(color);
  });
});
