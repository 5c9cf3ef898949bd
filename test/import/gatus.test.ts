/** tocsin import gatus: a config in the shape Gatus' README documents. */
import { describe, expect, it } from 'vitest';
import { importGatus } from '../../src/import/gatus.js';
import { validated } from './validate.js';

const GATUS = `
alerting:
  slack:
    webhook-url: "https://hooks.slack.com/services/T000/B000/XXXX"
  pagerduty:
    integration-key: "abcdef0123456789abcdef0123456789"
  twilio:
    sid: "x"
endpoints:
  - name: website
    group: core
    url: "https://twin.sh/health"
    interval: 5m
    conditions:
      - "[STATUS] == 200"
      - "[BODY].status == UP"
      - "[RESPONSE_TIME] < 300"
  - name: make-sure-header-is-rendered
    url: "https://example.org/"
    conditions:
      - "[BODY] == pat(*<h1>Example Domain</h1>*)"
  - name: postgres port
    url: "tcp://db.internal:5432"
    conditions: ["[CONNECTED] == true"]
  - name: gateway
    url: "icmp://10.0.0.1"
  - name: example-dns-query
    url: "8.8.8.8"
    dns:
      query-name: "example.com"
      query-type: "A"
    conditions: ["[DNS_RCODE] == NOERROR"]
  - name: mqtt-broker
    url: "mqtt://broker:1883"
external-endpoints:
  - name: ext-ep-test
    token: "potato"
`;

describe('importing a Gatus config', () => {
  const { config, skipped } = validated(importGatus(GATUS));

  it('maps http, tcp, icmp and dns endpoints with their group, interval and mappable conditions', () => {
    expect(config.monitors.map((m) => [m.id, m.type])).toEqual([
      ['website', 'http'],
      ['make-sure-header-is-rendered', 'http'],
      ['postgres-port', 'tcp'],
      ['gateway', 'icmp'],
      ['example-dns-query', 'dns'],
    ]);
    const website = config.monitors[0]!;
    expect(website).toMatchObject({
      group: 'core',
      interval: 300_000,
      settings: { url: 'https://twin.sh/health', expect: { status: [200], max_latency: 300 } },
    });
    expect(config.monitors[1]!.settings).toMatchObject({ expect: { body_contains: '<h1>Example Domain</h1>' } });
    expect(config.monitors[2]!.settings).toMatchObject({ host: 'db.internal', port: 5432 });
    expect(config.monitors[4]!.settings).toMatchObject({ query: 'example.com', record: 'A', resolver: '8.8.8.8' });
  });

  it('maps the alerting providers tocsin has a channel for', () => {
    expect(config.channels['gatus-slack']).toMatchObject({ type: 'slack' });
    expect(config.channels['gatus-pagerduty']).toMatchObject({ type: 'pagerduty', routing_key: 'abcdef0123456789abcdef0123456789' });
  });

  it('lists every condition, endpoint and provider it could not map, without their secrets', () => {
    expect(skipped).toEqual([
      'endpoint "website": condition "[BODY].status == UP" has no tocsin equivalent; left out',
      'endpoint "mqtt-broker": the mqtt:// scheme has no tocsin check type',
      'external endpoint "ext-ep-test": push-based; create a heartbeat monitor and have its job ping /ping/<uuid> instead',
      'alerting provider "twilio": no tocsin channel mapping or required settings missing',
    ]);
    expect(skipped.join('\n')).not.toContain('potato');
  });

  it('refuses a file that is not a Gatus config with a clear error', () => {
    expect(() => importGatus('- just\n- a list\n')).toThrow('expected a Gatus config: a YAML mapping with "endpoints"');
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    expect(() => importGatus(bomb)).toThrow();
  });
});
