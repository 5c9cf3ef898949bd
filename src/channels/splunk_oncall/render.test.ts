import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'splunk_oncall' as const, api_key: '3f6a-key-111', routing_key: 'ops team' };

describe('splunk on-call render', () => {
  it('posts a CRITICAL alert for the episode to the REST endpoint of the key and routing key', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'https://alert.victorops.com/integrations/generic/20131114/alert/3f6a-key-111/ops%20team',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message_type: 'CRITICAL',
        entity_id: 'update-center/4',
        entity_display_name: 'Update center is DOWN',
        state_message:
          '🔴 Update center is DOWN since 02:14 UTC (3 failed checks)\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAffects: plugin-site, wiki\n' +
          'Runbook: https://tocsin.example.org/runbooks/update-center\nAcknowledge: https://tocsin.example.org/ack/t0k\nStatus page: https://status.example.org/',
        state_start_time: 1709259420,
        monitoring_tool: 'tocsin',
        host_name: 'tocsin.example.org',
        monitor_id: 'update-center',
      }),
    });
  });

  it.each([
    ['monitor.degraded', 'WARNING'],
    ['monitor.flapping', 'WARNING'],
    ['monitor.reminder', 'CRITICAL'],
    ['monitor.up', 'RECOVERY'],
    ['monitor.acknowledged', 'ACKNOWLEDGEMENT'],
    ['test', 'INFO'],
  ] as const)('sends %s as %s on the same entity', (event, type) => {
    expect(JSON.parse(render(notification(event), config, context).body)).toMatchObject({ message_type: type, entity_id: 'update-center/4' });
  });

  it('names who acknowledged', () => {
    expect(JSON.parse(render(notification('monitor.acknowledged'), config, context).body).ack_author).toBe('alice');
  });
});
