/**
 * `ca_file` and `verify: false`, through the check as the engine runs it (no test-only trust): a
 * server whose certificate a private CA signed, on 127.0.0.1 port 0.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyAndCert, makeAuthority, makeCertificate } from '../../../test/helpers/certs.js';
import { Phases } from '../phases.js';
import { tlsCheck } from './check.js';
import { tlsSettings } from './schema.js';

const DAY = 86_400_000;
let dir: string;
let privateCa: KeyAndCert;
let otherCa: KeyAndCert;
let server: tls.Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-ca-'));
  privateCa = await makeAuthority('Lab private CA');
  otherCa = await makeAuthority('Someone else CA');
  writeFileSync(join(dir, 'lab-ca.pem'), privateCa.cert);
  writeFileSync(join(dir, 'other-ca.pem'), otherCa.cert);
  const leaf = await makeCertificate({
    commonName: 'localhost',
    altNames: ['localhost'],
    issuer: privateCa,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 90 * DAY),
  });
  server = tls.createServer({ key: leaf.key, cert: leaf.cert }, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function check(extra: Record<string, unknown>) {
  const settings = tlsSettings.parse({ host: '127.0.0.1', port, servername: 'localhost', ...extra });
  return tlsCheck.run(settings, { signal: new AbortController().signal, timeoutMs: 5000, phases: new Phases() });
}

describe('a tls monitor of a server with a private CA', () => {
  it('is down without the CA: the system does not trust it', async () => {
    const result = await check({});
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/is not trusted: issuer Lab private CA/);
  });

  it('is up when ca_file names that CA', async () => {
    const result = await check({ ca_file: join(dir, 'lab-ca.pem') });
    expect(result).toMatchObject({ status: 'up' });
    expect(result.message).toMatch(/^certificate for localhost valid for 89 days .*issuer Lab private CA$/);
  });

  it('is down when ca_file names another CA', async () => {
    const result = await check({ ca_file: join(dir, 'other-ca.pem') });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/is not trusted/);
  });

  it('with verify: false judges only the dates, and still warns of expiry', async () => {
    expect(await check({ verify: false })).toMatchObject({ status: 'up' });
    expect(await check({ verify: false, warn_days: 120, critical_days: 7 })).toMatchObject({ status: 'degraded' });
  });

  it('with verify: false accepts a certificate for another name, which verify: true refuses', async () => {
    expect(await check({ verify: false, servername: 'elsewhere.example' })).toMatchObject({ status: 'up' });
    expect(await check({ servername: 'elsewhere.example', ca_file: join(dir, 'lab-ca.pem') })).toMatchObject({ status: 'down' });
  });

  it('is unknown, naming the file, when ca_file cannot be read: nothing was learnt about the server', async () => {
    const missing = join(dir, 'missing.pem');
    expect(await check({ ca_file: missing })).toMatchObject({ status: 'unknown', message: `cannot read ca_file ${missing}: ENOENT` });
  });

  it('refuses a relative ca_file in the config', () => {
    const parsed = tlsSettings.safeParse({ host: 'h', ca_file: 'certs/ca.pem' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('expected an absolute path such as /etc/ssl/certs/internal-ca.pem');
  });
});
