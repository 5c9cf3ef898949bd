import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'home_assistant' as const, url: 'http://homeassistant.local:8123/', access_token: 'hatoken123', service: 'mobile_app_pixel_8' };

describe('home assistant render', () => {
  it('calls the notify service with the token, a tap target and high priority for a problem', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'http://homeassistant.local:8123/api/services/notify/mobile_app_pixel_8',
      headers: { 'content-type': 'application/json', authorization: 'Bearer hatoken123' },
      body: JSON.stringify({
        title: 'Update center is DOWN',
        message:
          '🔴 Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki\n' +
          'Runbook: https://tocsin.example.org/runbooks/update-center\nAcknowledge: https://tocsin.example.org/ack/t0k\nStatus page: https://status.example.org/',
        data: { url: 'https://tocsin.example.org/ack/t0k', clickAction: 'https://tocsin.example.org/ack/t0k', priority: 'high', ttl: 0 },
      }),
    });
  });

  it('sends a recovery at normal priority, tapping through to the runbook', () => {
    expect(JSON.parse(render(notification('monitor.up'), config, context).body).data).toEqual({
      url: 'https://tocsin.example.org/runbooks/update-center',
      clickAction: 'https://tocsin.example.org/runbooks/update-center',
    });
  });
});
