/**
 * The grpc check against real @grpc/grpc-js servers on 127.0.0.1, port 0, implementing
 * grpc.health.v1 from its .proto (loaded by @grpc/proto-loader, so the wire encoding is not the
 * check's own): services in each state, one server without the health service, TLS with a
 * self-signed certificate trusted through ca_file, and a listener that never speaks HTTP/2.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcCheck } from '../../src/checks/grpc/check.js';
import { grpcSettings } from '../../src/checks/grpc/schema.js';
import { probeTargetPolicy } from '../../src/core/targets/policy.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import { makeCertificate } from '../helpers/certs.js';
import { testContext } from '../helpers/check-context.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';

type Health = { service: grpc.ServiceDefinition };
const definition = grpc.loadPackageDefinition(loadSync(join(import.meta.dirname, 'grpc-health.proto'), { enums: String })) as unknown as {
  grpc: { health: { v1: { Health: Health } } };
};
const { Health } = definition.grpc.health.v1;

/** Service name → ServingStatus name; absent names answer NOT_FOUND, as the reference health server does. */
const states: Record<string, string> = { '': 'SERVING', 'shop.Orders': 'SERVING', 'shop.Payments': 'NOT_SERVING' };

/** The :authority of each call, as proxies that route on it would see it. */
const authorities: string[] = [];

const check: grpc.handleUnaryCall<{ service: string }, { status: string }> = (call, callback) => {
  authorities.push(call.getHost());
  // proto3 leaves an empty string out of the wire: proto-loader then gives undefined.
  const service = call.request.service ?? '';
  const status = states[service];
  if (status === undefined) callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
  else callback(null, { status });
};

async function start(credentials: grpc.ServerCredentials, withHealth = true): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  if (withHealth) server.addService(Health.service, { Check: check });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { server, port };
}

let plain: { server: grpc.Server; port: number };
let bare: { server: grpc.Server; port: number };
let secure: { server: grpc.Server; port: number };
let silent: TestListener;
let dir: string;
let caFile: string;

beforeAll(async () => {
  plain = await start(grpc.ServerCredentials.createInsecure());
  bare = await start(grpc.ServerCredentials.createInsecure(), false);
  const { key, cert } = await makeCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
  secure = await start(grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(key), cert_chain: Buffer.from(cert) }]));
  dir = await mkdtemp(join(tmpdir(), 'tocsin-grpc-'));
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, cert);
  silent = await startSilentListener();
});
afterAll(async () => {
  for (const { server } of [plain, bare, secure]) server.forceShutdown();
  await silent.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (fields: Record<string, unknown>, timeoutMs = 5000) => runWithDeadline((ctx) => grpcCheck.run(grpcSettings.parse(fields), ctx), timeoutMs);

describe('grpc check', () => {
  it('is up when the service is SERVING, timing connect and reply', async () => {
    const result = await run({ host: '127.0.0.1', port: plain.port, service: 'shop.Orders' });
    expect(result).toMatchObject({
      status: 'up',
      message: expect.stringMatching(new RegExp(`^service "shop\\.Orders" at 127\\.0\\.0\\.1:${plain.port} is SERVING \\(answered in \\d+ ms\\)$`)),
    });
    expect(result.timings).toMatchObject({ dns: expect.any(Number), connect: expect.any(Number), reply: expect.any(Number) });
    expect(result.metrics).toMatchObject({ grpc_serving_status: 1 });
  });

  it('asks about the whole server when no service is named, with the configured name as :authority', async () => {
    const result = await run({ host: 'localhost', port: plain.port });
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/^127\.0\.0\.1:\d+ \(whole server\) is SERVING/) });
    expect(authorities.at(-1)).toBe(`localhost:${plain.port}`);
  });

  it('is down when the service is NOT_SERVING', async () => {
    const result = await run({ host: '127.0.0.1', port: plain.port, service: 'shop.Payments' });
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^service "shop\.Payments" at 127\.0\.0\.1:\d+ is NOT_SERVING, expected SERVING/),
    });
  });

  it('says the service is not registered', async () => {
    const result = await run({ host: '127.0.0.1', port: plain.port, service: 'shop.Nothing' });
    expect(result).toMatchObject({
      status: 'down',
      message: `127.0.0.1:${plain.port} has no health status for service "shop.Nothing" (NOT_FOUND: unknown service shop.Nothing)`,
    });
  });

  it('says the server does not implement the health service', async () => {
    const result = await run({ host: '127.0.0.1', port: bare.port });
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:${bare.port} does not implement grpc\\.health\\.v1\\.Health \\(UNIMPLEMENTED`)),
    });
  });

  it('calls over TLS, trusting a self-signed certificate through ca_file', async () => {
    const result = await run({ host: '127.0.0.1', port: secure.port, service: 'shop.Orders', tls: true, servername: 'localhost', ca_file: caFile });
    expect(result).toMatchObject({ status: 'up', message: expect.stringContaining('is SERVING') });
    expect(result.timings.tls).toBeGreaterThanOrEqual(0);
  });

  it('refuses the self-signed certificate without ca_file', async () => {
    const result = await run({ host: 'localhost', port: secure.port, tls: true });
    expect(result).toMatchObject({ status: 'down', message: 'certificate is not trusted (self-signed)' });
  });

  it('says a plaintext call reached a TLS port, and TLS a plaintext one', async () => {
    expect(await run({ host: '127.0.0.1', port: secure.port })).toMatchObject({
      status: 'down',
      message: expect.stringMatching(
        new RegExp(
          `^127\\.0\\.0\\.1:${secure.port} (did not speak HTTP/2 \\(.*\\)|ended the connection without an HTTP/2 answer); is this a gRPC port, or does it need tls: true\\?$`,
        ),
      ),
    });
    expect(await run({ host: '127.0.0.1', port: plain.port, tls: true })).toMatchObject({
      status: 'down',
      message: `127.0.0.1:${plain.port} did not answer in TLS; is it a plaintext port (tls: false)?`,
    });
  });

  it('says an HTTP/1 server does not speak HTTP/2', async () => {
    const web = createServer((_request, response) => response.end('hello'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const { port } = web.address() as { port: number };
    try {
      expect(await run({ host: '127.0.0.1', port })).toMatchObject({
        status: 'down',
        message: `127.0.0.1:${port} did not speak HTTP/2 (Protocol error); is this a gRPC port, or does it need tls: true?`,
      });
    } finally {
      web.close();
    }
  });

  it('names the reply phase when the peer never speaks HTTP/2', async () => {
    const started = performance.now();
    const result = await run({ host: '127.0.0.1', port: silent.port }, 800);
    expect(result).toMatchObject({ status: 'down', message: `timed out after 800 ms waiting for the reply from 127.0.0.1:${silent.port}` });
    expect(performance.now() - started).toBeLessThan(3000);
    await silent.allClosed();
    expect(silent.open).toBe(0);
  });

  it('refuses an address server.probe_targets denies', async () => {
    const { ctx } = testContext();
    const result = await grpcCheck.run(grpcSettings.parse({ host: '127.0.0.1', port: plain.port }), {
      ...ctx,
      targets: probeTargetPolicy({ allow: [], deny: ['127.0.0.0/8'] }),
    });
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${plain.port} is not allowed by server.probe_targets (deny 127.0.0.0/8)` });
  });
});
