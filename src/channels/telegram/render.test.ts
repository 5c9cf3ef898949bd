import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { escapeHtml, render } from './render.js';

const config = { type: 'telegram' as const, bot_token: '123456:ABC-DEF', chat_id: '-1001234567890' };

describe('telegram render', () => {
  it('calls sendMessage with escaped HTML and links', () => {
    const request = render(notification('monitor.down', { message: 'expected <200> & got 503' }), config, context);
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://api.telegram.org/bot123456:ABC-DEF/sendMessage',
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.parse(request.body)).toEqual({
      chat_id: '-1001234567890',
      text:
        '🔴 <b>Update center is DOWN since 02:14 UTC (3 failed checks)</b>\nexpected &lt;200&gt; &amp; got 503\nAffects: plugin-site, wiki\n' +
        '<a href="https://tocsin.example.org/runbooks/update-center">Runbook</a> · <a href="https://tocsin.example.org/ack/t0k">Acknowledge</a> · ' +
        '<a href="https://status.example.org/">Status page</a>',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  it('announces a recovery with a check mark', () => {
    const text = JSON.parse(render(notification('monitor.up'), config, context).body).text as string;
    expect(text.startsWith('✅ <b>Update center is UP again after being DOWN for 12m since 02:14 UTC</b>\nHTTP 200 in 120 ms\n')).toBe(true);
  });

  it('stays within 4096 characters even when escaping lengthens the reason', () => {
    const text = JSON.parse(render(notification('monitor.down', { message: '<&>'.repeat(3000) }), config, context).body).text as string;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).not.toMatch(/&[a-z]*…/);
  });

  it('escapes quotes for attributes', () => {
    expect(escapeHtml('"a"<b>&')).toBe('&quot;a&quot;&lt;b&gt;&amp;');
  });
});
