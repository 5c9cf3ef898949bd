import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'rocketchat' as const, url: 'https://chat.example.org/hooks/6543/tokenabcdef' };

describe('rocketchat render', () => {
  it('posts the headline and one coloured attachment with the facts', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({ method: 'POST', url: config.url, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toEqual({
      text: '🔴 Update center is DOWN since 02:14 UTC (3 failed checks)',
      attachments: [
        {
          title: 'Update center is DOWN',
          title_link: 'https://tocsin.example.org/runbooks/update-center',
          text:
            'HTTP 503 from https://updates.example.org/update-center.json (expected 200)\n' +
            '[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
          color: '#d1242f',
          fields: [
            { short: true, title: 'Monitor', value: 'Update center (http)' },
            { short: true, title: 'Target', value: 'https://updates.example.org/update-center.json' },
            { short: true, title: 'State', value: 'UP → DOWN' },
            { short: true, title: 'Since', value: '02:14 UTC' },
            { short: true, title: 'Failed checks', value: '3' },
            { short: true, title: 'Affects', value: 'plugin-site, wiki' },
            { short: true, title: 'Incident', value: 'inc_7' },
          ],
        },
      ],
    });
  });

  it('colours a recovery green, escapes Markdown in names and posts to the configured channel', () => {
    const body = JSON.parse(
      render(notification('monitor.up', { monitor: { id: 'a', name: 'update_center*', type: 'http', target: 'x' } }), { ...config, channel: '#ops' }, context)
        .body,
    );
    expect(body.channel).toBe('#ops');
    expect(body.text).toBe('✅ update\\_center\\* is UP again after being DOWN for 12m since 02:14 UTC');
    expect(body.attachments[0].color).toBe('#1a7f37');
  });
});
