import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { escapeMrkdwn, render } from './render.js';

const config = { type: 'slack' as const, url: 'https://hooks.slack.com/services/T000/B000/XXXX' };

describe('slack render', () => {
  it('renders a down notification as blocks with a plain-text fallback', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({ method: 'POST', url: config.url, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toEqual({
      text:
        'Update center is DOWN since 02:14 UTC (3 failed checks): HTTP 503 from https://updates.example.org/update-center.json (expected 200); ' +
        'affects: plugin-site, wiki; runbook: https://tocsin.example.org/runbooks/update-center; acknowledge: https://tocsin.example.org/ack/t0k; ' +
        'status page: https://status.example.org/',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '🔴 Update center is DOWN', emoji: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Update center is DOWN since 02:14 UTC (3 failed checks)*\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)',
          },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Monitor*\nUpdate center (http)' },
            { type: 'mrkdwn', text: '*Target*\nhttps://updates.example.org/update-center.json' },
            { type: 'mrkdwn', text: '*State*\nUP → DOWN' },
            { type: 'mrkdwn', text: '*Since*\n02:14 UTC' },
            { type: 'mrkdwn', text: '*Failed checks*\n3' },
            { type: 'mrkdwn', text: '*Affects*\nplugin-site, wiki' },
            { type: 'mrkdwn', text: '*Incident*\ninc_7' },
          ],
        },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Runbook' }, url: 'https://tocsin.example.org/runbooks/update-center' },
            { type: 'button', text: { type: 'plain_text', text: 'Acknowledge' }, url: 'https://tocsin.example.org/ack/t0k' },
            { type: 'button', text: { type: 'plain_text', text: 'Status page' }, url: 'https://status.example.org/' },
          ],
        },
      ],
    });
  });

  it('renders a recovery in green with how long it was down and no acknowledge button', () => {
    const body = JSON.parse(render(notification('monitor.up'), config, context).body);
    expect(body.blocks[0].text.text).toBe('✅ Update center is UP again');
    expect(body.blocks[1].text.text).toBe('*Update center is UP again after being DOWN for 12m since 02:14 UTC*\nHTTP 200 in 120 ms');
    expect(body.blocks[3].elements.map((e: { text: { text: string } }) => e.text.text)).toEqual(['Runbook', 'Status page']);
  });

  it('leaves out the actions block when there is nothing to link', () => {
    const body = JSON.parse(render(notification('test', { status_page_url: undefined }), config, context).body);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section']);
  });

  it('escapes a message that looks like Slack markup and keeps sections within 3000 characters', () => {
    expect(escapeMrkdwn('<!channel> a & b > c')).toBe('&lt;!channel&gt; a &amp; b &gt; c');
    const body = JSON.parse(render(notification('monitor.down', { message: 'x'.repeat(5000) }), config, context).body);
    expect(body.blocks[1].text.text).toHaveLength(3000);
    expect(body.text.length).toBeLessThanOrEqual(3000);
  });
});
