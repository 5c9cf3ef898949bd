import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

describe('command render', () => {
  it('passes the argument array as is, the contract JSON on stdin and TOCSIN_* variables', () => {
    const run = render(notification('monitor.down'), { type: 'command', command: ['/usr/local/bin/page', '--team', 'ops'] }, context);
    expect(run.argv).toEqual(['/usr/local/bin/page', '--team', 'ops']);
    expect(run.stdin).toBe(
      '{"event":"monitor.down","id":"ntf_01HQ","at":"2024-03-01T02:17:00.000Z",' +
        '"monitor":{"id":"update-center","name":"Update center","type":"http","target":"https://updates.example.org/update-center.json"},' +
        '"state":"down","previous_state":"up","since":"2024-03-01T02:14:00.000Z",' +
        '"message":"HTTP 503 from https://updates.example.org/update-center.json (expected 200)",' +
        '"runbook_url":"https://tocsin.example.org/runbooks/update-center","ack_url":"https://tocsin.example.org/ack/t0k","incident_id":"inc_7"}\n',
    );
    expect(run.env).toEqual({
      TOCSIN_EVENT: 'monitor.down',
      TOCSIN_NOTIFICATION_ID: 'ntf_01HQ',
      TOCSIN_MONITOR_ID: 'update-center',
      TOCSIN_MONITOR_NAME: 'Update center',
      TOCSIN_STATE: 'down',
      TOCSIN_PREVIOUS_STATE: 'up',
      TOCSIN_DEDUP_KEY: 'update-center/4',
      TOCSIN_MESSAGE:
        'Update center is DOWN since 02:14 UTC (3 failed checks): HTTP 503 from https://updates.example.org/update-center.json (expected 200); ' +
        'affects: plugin-site, wiki; runbook: https://tocsin.example.org/runbooks/update-center; acknowledge: https://tocsin.example.org/ack/t0k; ' +
        'status page: https://status.example.org/',
    });
  });
});
