/** What notifications name as the target of issue 19's network monitors: recognisable, never a secret. */
import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig } from '../../src/schema/config.js';
import { monitorTarget } from '../../src/services/monitor-target.js';

function targetOf(fields: Record<string, unknown>): string {
  const parsed = parseConfig({ monitors: [{ id: 'm', ...fields }] });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return monitorTarget(resolveConfig(parsed.value).monitors[0]!);
}

describe('monitorTarget for network checks', () => {
  it.each([
    [{ type: 'icmp', host: 'gw.example.org' }, 'ping gw.example.org'],
    [{ type: 'udp', host: '2001:db8::5', port: 514, send: 'x' }, 'udp [2001:db8::5]:514'],
    [{ type: 'websocket', url: 'wss://live.example.org/feed?token=s3cret&room=1' }, 'wss://live.example.org/feed?token=***&room=1'],
    [{ type: 'grpc', host: 'orders.internal', port: 50051, service: 'shop.Orders' }, 'grpc orders.internal:50051 shop.Orders'],
    [{ type: 'grpc', host: 'orders.internal', port: 50051 }, 'grpc orders.internal:50051'],
  ])('%j → %s', (fields, expected) => {
    expect(targetOf(fields)).toBe(expected);
  });
});
