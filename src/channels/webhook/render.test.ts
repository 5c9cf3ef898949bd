import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'webhook' as const, url: 'https://hooks.example.org/tocsin', headers: { 'X-Team': 'infra' } };

describe('webhook render', () => {
  it('posts exactly the contract body, absent links as null', () => {
    const request = render(notification('monitor.down', { runbook_url: undefined }), config, context);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://hooks.example.org/tocsin');
    expect(request.body).toBe(
      '{"event":"monitor.down","id":"ntf_01HQ","at":"2024-03-01T02:17:00.000Z",' +
        '"monitor":{"id":"update-center","name":"Update center","type":"http","target":"https://updates.example.org/update-center.json"},' +
        '"state":"down","previous_state":"up","since":"2024-03-01T02:14:00.000Z",' +
        '"message":"HTTP 503 from https://updates.example.org/update-center.json (expected 200)",' +
        '"runbook_url":null,"ack_url":"https://tocsin.example.org/ack/t0k","incident_id":"inc_7"}',
    );
    expect(request.headers).toEqual({ 'x-team': 'infra', 'content-type': 'application/json' });
  });

  it.each(['monitor.up', 'monitor.degraded', 'monitor.reminder', 'monitor.flapping', 'tocsin.self', 'test'] as const)(
    'names the %s event and keeps the notification id',
    (event) => {
      const body = JSON.parse(render(notification(event), config, context).body) as Record<string, unknown>;
      expect(body).toMatchObject({ event, id: 'ntf_01HQ' });
      expect(Object.keys(body)).toEqual([
        'event',
        'id',
        'at',
        'monitor',
        'state',
        'previous_state',
        'since',
        'message',
        'runbook_url',
        'ack_url',
        'incident_id',
      ]);
    },
  );

  it('signs the exact body with the secret', () => {
    const request = render(notification(), { ...config, secret: 's3cret' }, context);
    const expected = createHmac('sha256', 's3cret').update(request.body).digest('hex');
    expect(request.headers['x-tocsin-signature']).toBe(`sha256=${expected}`);
  });

  it('lets no configured header replace the signature or content type', () => {
    const request = render(notification(), { ...config, secret: 'k', headers: { 'X-Tocsin-Signature': 'forged', 'Content-Type': 'text/plain' } }, context);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-tocsin-signature']).not.toBe('forged');
  });
});
