/**
 * server.probe_targets applies to every polled type, on the address actually connected to: each
 * check below is pointed at a real listener on 127.0.0.1 that counts connections, and is run as
 * the engine runs it (registry, deadline, the policy in its context). A refused check is down,
 * names the address and the rule, and the listener never sees a connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { runMonitorCheck } from '../../src/checks/registry.js';
import { probeTargetPolicy, type ProbeTargets } from '../../src/core/targets/policy.js';
import type { CheckResult } from '../../src/core/types.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import { parseConfig, resolveConfig, type MonitorConfig } from '../../src/schema/config.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';

let listener: TestListener;
let dns: DnsServer;
let first: Receiver;
let second: Receiver;

beforeAll(async () => {
  listener = await startSilentListener();
  dns = await startDnsServer({ mode: 'answer', records: { 'example.org': { A: ['93.184.215.14'] } } });
  second = await startReceiver();
  first = await startReceiver(() => ({ status: 302, headers: { location: `http://localhost:${new URL(second.url).port}/next` } }));
});
afterAll(async () => {
  await listener.close();
  await dns.close();
  await first.close();
  await second.close();
});

function monitor(fields: Record<string, unknown>): MonitorConfig {
  const parsed = parseConfig({ monitors: [{ id: 'probe', timeout: '5s', ...fields }] });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return resolveConfig(parsed.value).monitors[0]!;
}

function run(fields: Record<string, unknown>, targets: Partial<ProbeTargets>): Promise<CheckResult> {
  const m = monitor(fields);
  const policy = probeTargetPolicy({ allow: [], deny: [], ...targets });
  return runWithDeadline((ctx) => runMonitorCheck(m, { ...ctx, targets: policy }), m.timeout);
}

const LOOPBACK = { deny: ['127.0.0.0/8', '::1/128'] };

describe('server.probe_targets refuses a denied address before connecting', () => {
  const types: [string, (port: number) => Record<string, unknown>][] = [
    ['http', (port) => ({ type: 'http', url: `http://127.0.0.1:${port}/internal` })],
    ['https', (port) => ({ type: 'http', url: `https://127.0.0.1:${port}/internal` })],
    ['tcp with send', (port) => ({ type: 'tcp', host: '127.0.0.1', port, send: 'INFO\r\n', expect: { contains: 'redis_version' } })],
    ['tls', (port) => ({ type: 'tls', host: '127.0.0.1', port })],
    ['tls with STARTTLS', (port) => ({ type: 'tls', host: '127.0.0.1', port, starttls: 'smtp' })],
    ['smtp', (port) => ({ type: 'smtp', host: '127.0.0.1', port })],
    ['postgres', (port) => ({ type: 'postgres', url: `postgres://tocsin:secret@127.0.0.1:${port}/tocsin` })],
    ['mysql', (port) => ({ type: 'mysql', url: `mysql://root@127.0.0.1:${port}/test` })],
    ['redis', (port) => ({ type: 'redis', url: `redis://127.0.0.1:${port}` })],
    ['websocket', (port) => ({ type: 'websocket', url: `ws://127.0.0.1:${port}/feed` })],
    ['websocket over TLS', (port) => ({ type: 'websocket', url: `wss://127.0.0.1:${port}/feed` })],
    ['grpc', (port) => ({ type: 'grpc', host: '127.0.0.1', port })],
    ['grpc over TLS', (port) => ({ type: 'grpc', host: '127.0.0.1', port, tls: true })],
    ['ssh', (port) => ({ type: 'ssh', host: '127.0.0.1', port })],
    ['ldap', (port) => ({ type: 'ldap', url: `ldap://127.0.0.1:${port}` })],
    ['ldaps', (port) => ({ type: 'ldap', url: `ldaps://127.0.0.1:${port}` })],
  ];
  it.each(types)('%s', async (_type, fields) => {
    const result = await run(fields(listener.port), LOOPBACK);
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${listener.port} is not allowed by server.probe_targets (deny 127.0.0.0/8)` });
    expect(listener.accepted).toBe(0);
  });

  it('icmp and udp: refuse a denied address as the engine runs them', async () => {
    expect(await run({ type: 'icmp', host: '127.0.0.1' }, LOOPBACK)).toMatchObject({
      status: 'down',
      message: '127.0.0.1 is not allowed by server.probe_targets (deny 127.0.0.0/8)',
    });
    expect(await run({ type: 'udp', host: '127.0.0.1', port: 514, send: 'x' }, LOOPBACK)).toMatchObject({
      status: 'down',
      message: '127.0.0.1:514 is not allowed by server.probe_targets (deny 127.0.0.0/8)',
    });
  });

  it('names the host when the address came from resolving it', async () => {
    const result = await run({ type: 'tcp', host: 'localhost', port: listener.port }, LOOPBACK);
    expect(result.status).toBe('down');
    expect(result.message).toMatch(
      new RegExp(
        `^(127\\.0\\.0\\.1|\\[::1\\]):${listener.port} \\(localhost\\) is not allowed by server\\.probe_targets \\(deny (127\\.0\\.0\\.0/8|::1/128)\\)`,
      ),
    );
    expect(listener.accepted).toBe(0);
  });

  it('dns: refuses a resolver on a denied address without sending it a query', async () => {
    const result = await run({ type: 'dns', name: 'example.org', resolver: dns.address }, LOOPBACK);
    expect(result).toMatchObject({ status: 'down', message: `the resolver ${dns.address} is not allowed by server.probe_targets (deny 127.0.0.0/8)` });
    expect(dns.queries).toBe(0);
  });

  it('http: checks every redirect hop, so an allowed page cannot send the check to a denied host', async () => {
    const result = await run({ type: 'http', url: `${first.url}/start` }, { deny: ['localhost'] });
    expect(result.status).toBe('down');
    expect(result.message).toContain(`:${new URL(second.url).port} (localhost) is not allowed by server.probe_targets (deny localhost)`);
    expect(first.requests.map((r) => r.path)).toEqual(['/start']);
    expect(second.requests).toEqual([]);
  });
});

describe('server.probe_targets lets the rest through', () => {
  it('reaches an address a narrower allow entry carves out of a denied range', async () => {
    const result = await run({ type: 'http', url: `${second.url}/health` }, { deny: ['127.0.0.0/8'], allow: ['127.0.0.1'] });
    expect(result.status).toBe('up');
    expect(second.requests.map((r) => r.path)).toEqual(['/health']);
  });

  it('asks the resolver a dns check names when its address is allowed', async () => {
    const result = await run({ type: 'dns', name: 'example.org', resolver: dns.address }, { deny: ['10.0.0.0/8'] });
    expect(result).toMatchObject({ status: 'up', message: `example.org A = 93.184.215.14 (via ${dns.address})` });
  });
});
