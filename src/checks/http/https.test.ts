import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KeyAndCert, makeAuthority, makeCertificate } from '../../../test/helpers/certs.js';
import { Phases } from '../phases.js';
import { judge } from './judge.js';
import { observe } from './observe.js';
import { httpSettings } from './schema.js';

const DAY = 86_400_000;
let authority: KeyAndCert;
const servers: Server[] = [];

beforeAll(async () => {
  authority = await makeAuthority('tocsin http test CA');
});
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** An https server with `pair` (and the root, if `withRoot`) that answers with the SNI name and Host header it saw. */
async function serve(pair: KeyAndCert, withRoot = false): Promise<number> {
  const cert = withRoot ? pair.cert + authority.cert : pair.cert;
  const server = createServer({ key: pair.key, cert }, (req, res) => {
    res.end(JSON.stringify({ sni: (req.socket as TLSSocket).servername, host: req.headers.host }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Observes with the test CA trusted (unless `trust` is false) and judges. */
async function check(url: string, settings: Record<string, unknown> = {}, trust = true) {
  const parsed = httpSettings.parse({ url, ...settings });
  const phases = new Phases();
  const ctx = { signal: AbortSignal.timeout(10_000), timeoutMs: 10_000, phases };
  const observation = await observe(parsed, ctx, trust ? { ca: authority.cert } : {});
  return { ...judge(observation, parsed.expect), timings: phases.finish() };
}

describe('http check over TLS', () => {
  it('trusts a valid certificate, sends the host name by SNI and times the handshake', async () => {
    const port = await serve(await makeCertificate({ commonName: 'localhost', issuer: authority }));
    const verdict = await check(`https://localhost:${port}/`, {
      expect: { json_path: { path: '$.sni', equals: 'localhost' }, body_contains: `"host":"localhost:${port}"` },
    });
    expect(verdict.status).toBe('up');
    expect(verdict.timings.tls).toBeGreaterThan(0);
  });

  it('checks an IP address URL against the certificate IP names', async () => {
    const port = await serve(await makeCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'], issuer: authority }));
    expect(await check(`https://127.0.0.1:${port}/`)).toMatchObject({ status: 'up' });
  });

  it('reports an expired certificate with its notAfter', async () => {
    const notAfter = new Date(Math.floor((Date.now() - 2 * DAY) / 1000) * 1000);
    const pair = await makeCertificate({ issuer: authority, notBefore: new Date(Date.now() - 30 * DAY), notAfter });
    const port = await serve(pair);
    const expected = `certificate for localhost has expired (notAfter ${notAfter.toISOString().replace('.000Z', 'Z')})`;
    expect(await check(`https://localhost:${port}/`)).toMatchObject({ status: 'down', message: expected });
  });

  it('reports a certificate made for other names', async () => {
    const port = await serve(await makeCertificate({ commonName: 'other.example', altNames: ['other.example', 'www.other.example'], issuer: authority }));
    expect(await check(`https://localhost:${port}/`)).toMatchObject({
      status: 'down',
      message: 'certificate does not match host name "localhost" (it covers other.example, www.other.example)',
    });
  });

  it('reports a self-signed certificate as untrusted, and accepts it with verify_tls off', async () => {
    const port = await serve(await makeCertificate({ commonName: 'localhost' }));
    expect(await check(`https://localhost:${port}/`)).toMatchObject({ status: 'down', message: 'certificate is not trusted (self-signed)' });
    expect(await check(`https://localhost:${port}/`, { verify_tls: false })).toMatchObject({ status: 'up', metrics: { http_status: 200 } });
  });

  it('reports a certificate from an authority the system does not trust', async () => {
    const port = await serve(await makeCertificate({ commonName: 'localhost', issuer: authority }));
    expect(await check(`https://localhost:${port}/`, {}, false)).toMatchObject({
      status: 'down',
      message: 'certificate is not trusted (unknown issuer "tocsin http test CA")',
    });
  });

  it('reports an untrusted root sent along with the chain', async () => {
    const port = await serve(await makeCertificate({ commonName: 'localhost', issuer: authority }), true);
    expect(await check(`https://localhost:${port}/`, {}, false)).toMatchObject({
      status: 'down',
      message: 'certificate is not trusted (self-signed certificate in the chain)',
    });
  });

  it('sends nothing to a server whose certificate failed verification', async () => {
    const port = await serve(await makeCertificate({ commonName: 'localhost' }));
    let requests = 0;
    servers[0]!.on('request', () => requests++);
    await check(`https://localhost:${port}/`, { headers: { Authorization: 'Bearer secret' } });
    expect(requests).toBe(0);
  });
});
