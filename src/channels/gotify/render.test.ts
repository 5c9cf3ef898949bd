import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'gotify' as const, url: 'https://push.example.org/', token: 'gotifyapptoken' };

describe('gotify render', () => {
  it('posts a Markdown message with the token in X-Gotify-Key and a click-through to acknowledge', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://push.example.org/message',
      headers: { 'content-type': 'application/json', 'x-gotify-key': 'gotifyapptoken' },
    });
    expect(JSON.parse(request.body)).toEqual({
      title: 'Update center is DOWN',
      message:
        '🔴 **Update center is DOWN since 02:14 UTC (3 failed checks)**\n```\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\n```\n' +
        'Affects: plugin-site, wiki\n[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
      priority: 8,
      extras: { 'client::display': { contentType: 'text/markdown' }, 'client::notification': { click: { url: 'https://tocsin.example.org/ack/t0k' } } },
    });
  });

  it.each([
    ['monitor.down', undefined, 8],
    ['monitor.down', 10, 10],
    ['monitor.degraded', undefined, 6],
    ['monitor.degraded', 3, 3],
    ['monitor.up', 10, 4],
    ['test', undefined, 4],
  ] as const)('gives %s with configured priority %s priority %i', (event, priority, expected) => {
    expect(JSON.parse(render(notification(event), { ...config, ...(priority === undefined ? {} : { priority }) }, context).body).priority).toBe(expected);
  });
});
