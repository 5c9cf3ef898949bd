import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'signal' as const, url: 'http://signal-api:8080', number: '+14155550100', recipients: ['+14155550111', 'group.b3BzLXRlYW0='] };

describe('signal render', () => {
  it('posts the plain text from the registered number to every recipient', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'http://signal-api:8080/v2/send',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message:
          '🔴 Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki\n' +
          'Runbook: https://tocsin.example.org/runbooks/update-center\nAcknowledge: https://tocsin.example.org/ack/t0k\nStatus page: https://status.example.org/',
        number: '+14155550100',
        recipients: ['+14155550111', 'group.b3BzLXRlYW0='],
      }),
    });
  });

  it('turns a user-info in the URL into Basic credentials for a proxy in front of the API', () => {
    const request = render(notification(), { ...config, url: 'https://alerts:s3cret%2Fpw@signal.example.org/' }, context);
    expect(request.url).toBe('https://signal.example.org/v2/send');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('alerts:s3cret/pw').toString('base64')}`);
  });

  it('clips a long reason but keeps the links', () => {
    const message = JSON.parse(render(notification('monitor.down', { message: 'x'.repeat(5000) }), config, context).body).message as string;
    expect(message.length).toBeLessThanOrEqual(2000);
    expect(message.endsWith('Status page: https://status.example.org/')).toBe(true);
  });
});
