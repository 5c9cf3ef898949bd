import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { escapeMarkdown, render } from './render.js';

const config = { type: 'discord' as const, url: 'https://discord.com/api/webhooks/123/tok' };

describe('discord render', () => {
  it('renders a down notification as a content line and one red embed, mentions disabled', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({ method: 'POST', url: config.url, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toEqual({
      content: 'Update center is DOWN since 02:14 UTC (3 failed checks)',
      embeds: [
        {
          title: 'Update center is DOWN',
          description:
            'HTTP 503 from https://updates.example.org/update-center.json (expected 200)\n\n' +
            '[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
          color: 0xd1242f,
          fields: [
            { name: 'Monitor', value: 'Update center (http)', inline: true },
            { name: 'Target', value: 'https://updates.example.org/update-center.json', inline: true },
            { name: 'State', value: 'UP → DOWN', inline: true },
            { name: 'Since', value: '02:14 UTC', inline: true },
            { name: 'Failed checks', value: '3', inline: true },
            { name: 'Affects', value: 'plugin-site, wiki', inline: true },
            { name: 'Incident', value: 'inc\\_7', inline: true },
          ],
          timestamp: '2024-03-01T02:17:00.000Z',
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it.each([
    ['monitor.degraded', 0xbf8700],
    ['monitor.up', 0x1a7f37],
    ['test', 0x0969da],
  ] as const)('colours %s as %i', (event, color) => {
    expect(JSON.parse(render(notification(event), config, context).body).embeds[0].color).toBe(color);
  });

  it('keeps content within 2000 and the description within 4096 characters', () => {
    const body = JSON.parse(
      render(
        notification('monitor.down', { message: 'y'.repeat(9000), monitor: { id: 'm', name: 'n'.repeat(3000), type: 'http', target: 't' } }),
        config,
        context,
      ).body,
    );
    expect(body.content.length).toBeLessThanOrEqual(2000);
    expect(body.embeds[0].title.length).toBeLessThanOrEqual(256);
    expect(body.embeds[0].description.length).toBeLessThanOrEqual(4096);
  });

  it('escapes markdown so a name with underscores stays literal', () => {
    expect(escapeMarkdown('build_cache *hot*\n> quoted')).toBe('build\\_cache \\*hot\\*\n\\> quoted');
  });
});
