import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'email' as const, smtp: 'smtp://mail.example.org:587', from: 'tocsin@example.org', to: ['infra@example.org', 'oncall@example.org'] };

describe('email render', () => {
  it('writes a subject, a text part and an HTML part threaded by episode', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      from: 'tocsin@example.org',
      to: ['infra@example.org', 'oncall@example.org'],
      subject: '[tocsin] Update center is DOWN since 02:14 UTC (3 failed checks)',
      text: [
        'Update center is DOWN since 02:14 UTC (3 failed checks)',
        '',
        'HTTP 503 from https://updates.example.org/update-center.json (expected 200)',
        '',
        'Monitor: Update center (http)',
        'Target: https://updates.example.org/update-center.json',
        'State: UP → DOWN',
        'Since: 02:14 UTC',
        'Failed checks: 3',
        'Affects: plugin-site, wiki',
        'Incident: inc_7',
        '',
        'Runbook: https://tocsin.example.org/runbooks/update-center',
        'Acknowledge: https://tocsin.example.org/ack/t0k',
        'Status page: https://status.example.org/',
        '',
        '-- ',
        'tocsin.example.org · notification ntf_01HQ (monitor.down)',
        '',
      ].join('\n'),
      html:
        '<h2>🔴 Update center is DOWN since 02:14 UTC (3 failed checks)</h2>\n' +
        '<pre>HTTP 503 from https://updates.example.org/update-center.json (expected 200)</pre>\n' +
        '<table><tr><th align="left">Monitor</th><td>Update center (http)</td></tr>' +
        '<tr><th align="left">Target</th><td>https://updates.example.org/update-center.json</td></tr>' +
        '<tr><th align="left">State</th><td>UP → DOWN</td></tr><tr><th align="left">Since</th><td>02:14 UTC</td></tr>' +
        '<tr><th align="left">Failed checks</th><td>3</td></tr><tr><th align="left">Affects</th><td>plugin-site, wiki</td></tr>' +
        '<tr><th align="left">Incident</th><td>inc_7</td></tr></table>\n' +
        '<p><a href="https://tocsin.example.org/runbooks/update-center">Runbook</a> · <a href="https://tocsin.example.org/ack/t0k">Acknowledge</a> · ' +
        '<a href="https://status.example.org/">Status page</a></p>\n' +
        '<p style="color:#6e7781">tocsin.example.org · notification ntf_01HQ (monitor.down)</p>\n',
      date: '2024-03-01T02:17:00.000Z',
      messageId: '<ntf_01HQ@tocsin.example.org>',
      inReplyTo: '<update-center/4@tocsin.example.org>',
      references: '<update-center/4@tocsin.example.org>',
      headers: {
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'OOF, AutoReply',
        'X-Tocsin-Event': 'monitor.down',
        'X-Tocsin-Monitor': 'update-center',
      },
    });
  });

  it('threads the recovery with the outage it ends', () => {
    const down = render(notification('monitor.down'), config, context);
    const up = render(notification('monitor.up'), config, context);
    expect(up.references).toBe(down.references);
    expect(up.inReplyTo).toBe(down.references);
    expect(up.subject).toBe('[tocsin] Update center is UP again after being DOWN for 12m since 02:14 UTC');
  });

  it('starts a new thread for the next outage of the same monitor', () => {
    const first = render(notification('monitor.down'), config, context);
    const next = render(notification('monitor.down', { id: 'ntf_02', dedup_key: 'update-center/5' }), config, context);
    expect(next.inReplyTo).not.toBe(first.inReplyTo);
  });

  it('escapes a message that contains HTML', () => {
    expect(render(notification('monitor.down', { message: '<script>x</script>' }), config, context).html).toContain(
      '<pre>&lt;script&gt;x&lt;/script&gt;</pre>',
    );
  });
});
