import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { headerText, priorityOf, render } from './render.js';

const config = { type: 'ntfy' as const, url: 'https://ntfy.example.org/infra-alerts' };

describe('ntfy render', () => {
  it('posts the text to the topic with title, priority, tags, click and actions headers', () => {
    expect(render(notification('monitor.down'), { ...config, token: 'tk_abc' }, context)).toEqual({
      method: 'POST',
      url: 'https://ntfy.example.org/infra-alerts',
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        title: 'Update center is DOWN',
        priority: '5',
        tags: 'rotating_light,update-center',
        click: 'https://tocsin.example.org/ack/t0k',
        actions:
          'view, Runbook, https://tocsin.example.org/runbooks/update-center; view, Acknowledge, https://tocsin.example.org/ack/t0k; view, Status page, https://status.example.org/',
        authorization: 'Bearer tk_abc',
      },
      body: 'Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki',
    });
  });

  it('sends a recovery at default priority, clicking through to the runbook', () => {
    const request = render(notification('monitor.up'), { ...config, priority: 5 }, context);
    expect(request.headers).toMatchObject({
      priority: '3',
      tags: 'white_check_mark,update-center',
      click: 'https://tocsin.example.org/runbooks/update-center',
    });
    expect(request.headers).not.toHaveProperty('authorization');
  });

  it.each([
    ['monitor.down', undefined, 5],
    ['monitor.down', 4, 4],
    ['monitor.reminder', 2, 2],
    ['monitor.degraded', undefined, 4],
    ['monitor.degraded', 5, 4],
    ['monitor.degraded', 2, 2],
    ['monitor.up', 5, 3],
    ['test', 1, 3],
  ] as const)('gives %s with configured priority %s priority %i', (event, configured, expected) => {
    expect(priorityOf(notification(event), configured)).toBe(expected);
  });

  it('encodes a non-ASCII title as an RFC 2047 word and flattens new lines', () => {
    expect(headerText('Café down')).toBe('=?UTF-8?B?Q2Fmw6kgZG93bg==?=');
    expect(headerText('a\r\nb')).toBe('a b');
  });
});
