/**
 * `ca_file` and `verify_tls: false` of an http monitor, through the check as the engine runs it (no
 * test-only trust): an HTTPS server on 127.0.0.1 port 0 whose certificate a private CA signed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyAndCert, makeAuthority, makeCertificate } from '../../../test/helpers/certs.js';
import { Phases } from '../phases.js';
import { httpCheck } from './check.js';
import { httpSettings } from './schema.js';
import { httpTarget } from './target.js';

let dir: string;
let privateCa: KeyAndCert;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-http-ca-'));
  privateCa = await makeAuthority('Lab private CA');
  const otherCa = await makeAuthority('Someone else CA');
  writeFileSync(join(dir, 'lab-ca.pem'), privateCa.cert);
  writeFileSync(join(dir, 'other-ca.pem'), otherCa.cert);
  const leaf = await makeCertificate({ commonName: 'localhost', altNames: ['localhost'], issuer: privateCa });
  server = createServer({ key: leaf.key, cert: leaf.cert }, (_request, response) => response.end('lab ok'));
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function check(extra: Record<string, unknown>) {
  const settings = httpSettings.parse({ url: `https://localhost:${port}/`, expect: { body_contains: 'lab ok' }, ...extra });
  return httpCheck.run(settings, { signal: new AbortController().signal, timeoutMs: 5000, phases: new Phases() });
}

describe('an http monitor of a server with a private CA', () => {
  it('is down without the CA: the system does not trust it', async () => {
    const result = await check({});
    expect(result.status).toBe('down');
    expect(result.message).toBe('certificate is not trusted (unknown issuer "Lab private CA")');
  });

  it('is up when ca_file names that CA', async () => {
    expect(await check({ ca_file: join(dir, 'lab-ca.pem') })).toMatchObject({ status: 'up', metrics: { http_status: 200 } });
  });

  it('is down when ca_file names another CA', async () => {
    expect(await check({ ca_file: join(dir, 'other-ca.pem') })).toMatchObject({
      status: 'down',
      message: 'certificate is not trusted (unknown issuer "Lab private CA")',
    });
  });

  it('is up with verify_tls: false, whoever signed the certificate', async () => {
    expect(await check({ verify_tls: false })).toMatchObject({ status: 'up' });
  });

  it('is unknown, not down, when ca_file cannot be read: that says nothing about the server', async () => {
    const result = await check({ ca_file: join(dir, 'missing.pem') });
    expect(result).toMatchObject({ status: 'unknown', message: `cannot read ca_file ${join(dir, 'missing.pem')}: ENOENT` });
  });

  it('takes only an absolute ca_file, and only in tocsin.yaml', () => {
    expect(httpSettings.safeParse({ url: 'https://example.org/', ca_file: 'certs/ca.pem' }).success).toBe(false);
    const settings = httpSettings.parse({ url: 'https://example.org/', ca_file: '/etc/ssl/lab-ca.pem' });
    expect(httpTarget.fileOnly({ ...settings })).toMatchObject({ field: 'ca_file' });
    expect(httpTarget.fileOnly(httpSettings.parse({ url: 'https://example.org/', verify_tls: false }))).toBeUndefined();
  });
});
