/** Which of issue 19's network checks reach inside networks (admins and probe_internal editors only, through the API). */
import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig } from '../../src/schema/config.js';
import { internalReach } from '../../src/services/probe-reach.js';

function reachOf(fields: Record<string, unknown>) {
  const parsed = parseConfig({ monitors: [{ id: 'm', ...fields }] });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return internalReach(resolveConfig(parsed.value).monitors[0]!);
}

describe('probes that reach inside networks', () => {
  it('leaves a ping alone: it sends nothing chosen by the caller', () => {
    expect(reachOf({ type: 'icmp', host: '10.0.0.1' })).toBeUndefined();
  });

  it('counts a websocket monitor only when it sends a message or reads a ca_file', () => {
    expect(reachOf({ type: 'websocket', url: 'wss://10.0.0.1/feed', expect: { contains: 'hello' } })).toBeUndefined();
    expect(reachOf({ type: 'websocket', url: 'wss://10.0.0.1/feed', send: 'subscribe' })).toMatchObject({ field: 'send' });
    expect(reachOf({ type: 'websocket', url: 'wss://10.0.0.1/feed', ca_file: '/etc/shadow' })).toMatchObject({ field: 'ca_file' });
  });

  it('counts a grpc monitor only when it reads a ca_file: the health call itself is fixed', () => {
    expect(reachOf({ type: 'grpc', host: '10.0.0.1', port: 50051, service: 'shop.Orders', tls: true })).toBeUndefined();
    expect(reachOf({ type: 'grpc', host: '10.0.0.1', port: 50051, tls: true, ca_file: '/etc/ssl/private.pem' })).toMatchObject({ field: 'ca_file' });
  });

  it("counts any udp monitor: it sends a datagram of the caller's choosing and shows the reply", () => {
    expect(reachOf({ type: 'udp', host: '10.0.0.1', port: 161, send: 'x' })).toMatchObject({ field: 'send' });
    expect(reachOf({ type: 'udp', host: '10.0.0.1', port: 161, send_hex: '30' })).toMatchObject({ field: 'send_hex' });
  });
});
