import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'matrix' as const, homeserver: 'https://matrix.example.org/', access_token: 'syt_secret', room_id: '!ops:example.org' };

describe('matrix render', () => {
  it('PUTs an m.text event with the notification id as transaction id', () => {
    expect(render(notification('monitor.down', { message: 'HTTP 503 <html>' }), config, context)).toEqual({
      method: 'PUT',
      url: 'https://matrix.example.org/_matrix/client/v3/rooms/!ops%3Aexample.org/send/m.room.message/ntf_01HQ',
      headers: { 'content-type': 'application/json', authorization: 'Bearer syt_secret' },
      body: JSON.stringify({
        msgtype: 'm.text',
        body:
          '🔴 Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 <html>\nAffects: plugin-site, wiki\n' +
          'Runbook: https://tocsin.example.org/runbooks/update-center\nAcknowledge: https://tocsin.example.org/ack/t0k\nStatus page: https://status.example.org/',
        format: 'org.matrix.custom.html',
        formatted_body:
          '🔴 <strong>Update center is DOWN since 02:14 UTC (3 failed checks)</strong><br><code>HTTP 503 &lt;html&gt;</code><br>Affects: plugin-site, wiki<br>' +
          '<a href="https://tocsin.example.org/runbooks/update-center">Runbook</a> · <a href="https://tocsin.example.org/ack/t0k">Acknowledge</a> · ' +
          '<a href="https://status.example.org/">Status page</a>',
      }),
    });
  });

  it('renders a recovery without an acknowledge link', () => {
    const content = JSON.parse(render(notification('monitor.up'), config, context).body);
    expect(content.body).toBe(
      '✅ Update center is UP again after being DOWN for 12m since 02:14 UTC\nHTTP 200 in 120 ms\n' +
        'Runbook: https://tocsin.example.org/runbooks/update-center\nStatus page: https://status.example.org/',
    );
  });
});
