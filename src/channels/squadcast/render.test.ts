import { describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'squadcast' as const, url: 'https://api.squadcast.com/v2/incidents/api/sqkey1234567' };

describe('squadcast render', () => {
  it('triggers an incident keyed by the episode', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: config.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message: 'Update center is DOWN',
        description:
          '🔴 **Update center is DOWN since 02:14 UTC (3 failed checks)**\n```\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\n```\n' +
          'Affects: plugin-site, wiki\n[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
        tags: { monitor: 'update-center', type: 'http', state: 'down', severity: 'critical', source: 'tocsin.example.org' },
        status: 'trigger',
        event_id: 'update-center/4',
      }),
    });
  });

  it('resolves the same event on recovery', () => {
    const request = render(notification('monitor.up'), config, context);
    expect('body' in request && JSON.parse(request.body)).toEqual({ status: 'resolve', event_id: 'update-center/4' });
  });

  it('skips an acknowledgement instead of triggering again', () => {
    expect(render(notification('monitor.acknowledged'), config, context)).toEqual({ skip: expect.stringContaining('acknowledgements') });
  });
});

describe('squadcast send', () => {
  it('sends nothing for an acknowledgement and reports why', async () => {
    const outcome = await deliver(config, notification('monitor.acknowledged'), context, { channel: 'squadcast', timeoutMs: 1000 });
    expect(outcome).toEqual({ ok: true, status: 0, detail: 'not sent: Squadcast takes acknowledgements in Squadcast, not through its webhook', skipped: true });
  });
});
