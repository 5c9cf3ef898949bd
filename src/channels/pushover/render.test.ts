import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'pushover' as const, token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi', user: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG' };

describe('pushover render', () => {
  it('form-encodes a high-priority message linking to the acknowledge page', () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://api.pushover.net/1/messages.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
      user: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
      title: 'Update center is DOWN',
      message:
        'Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki',
      priority: '1',
      timestamp: '1709259420',
      url: 'https://tocsin.example.org/ack/t0k',
      url_title: 'Acknowledge',
    });
  });

  it.each([
    ['monitor.degraded', '0'],
    ['monitor.up', '0'],
    ['monitor.acknowledged', '-1'],
    ['test', '-1'],
  ] as const)('sends %s at priority %s', (event, priority) => {
    expect(new URLSearchParams(render(notification(event), config, context).body).get('priority')).toBe(priority);
  });

  it('keeps the message within 1024 characters', () => {
    const body = new URLSearchParams(render(notification('monitor.down', { message: 'q'.repeat(2000) }), config, context).body);
    expect(body.get('message')).toHaveLength(1024);
  });
});
