import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeCertificate } from '../helpers/certs.js';
import { runCli } from './run-cli.js';

const DAY = 86_400_000;
let dir: string;
let caFile: string;
let expiring: https.Server;
let plain: http.Server;
let plainPort = 0;

const listen = async <S extends http.Server>(server: S): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-cli-'));
  const ca = await makeAuthority('tocsin CLI test CA');
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  const cert = await makeCertificate({
    commonName: 'localhost',
    altNames: ['localhost', '127.0.0.1'],
    notAfter: new Date(Date.now() + 3 * DAY + 3_600_000),
    issuer: ca,
  });
  expiring = https.createServer(cert, (_req, res) => res.end('ok'));
  plain = http.createServer((req, res) => res.writeHead(req.url === '/broken' ? 503 : 200).end('ok'));
  plainPort = await listen(plain);
});

afterAll(() => {
  expiring.close();
  plain.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tocsin check', () => {
  it('explains a certificate that expires in 3 days and exits 2', async () => {
    const port = await listen(expiring);
    const run = await runCli(['check', `https://localhost:${port}/`], { NODE_EXTRA_CA_CERTS: caFile });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/UP\s+http\s+HTTP 200/);
    expect(run.stdout).toMatch(/DOWN\s+tls\s+certificate for localhost expires in 3 days \(\d{4}-\d\d-\d\dT[\d:]+Z\), below critical_days 7/);
    expect(run.stdout).toMatch(/dns .* connect .* tls .* total/);
  });

  it('prints JSON with every check and exits by the worst status', async () => {
    const run = await runCli(['check', `http://127.0.0.1:${plainPort}/broken`, '--json']);
    expect(run.code).toBe(2);
    const body = JSON.parse(run.stdout);
    expect(body.status).toBe('down');
    expect(body.checks[0]).toMatchObject({ type: 'http', status: 'down', metrics: { http_status: 503 } });
    expect(body.checks[0].message).toContain('HTTP 503');
  });

  it('runs a monitor from the config by id and exits 0 when it is up', async () => {
    const config = join(dir, 'tocsin.yaml');
    writeFileSync(config, `monitors:\n  - id: web\n    type: http\n    url: http://127.0.0.1:${plainPort}/\n`);
    const run = await runCli(['-c', config, 'check', 'web']);
    expect(run.stdout).toMatch(/^UP\s+http\s+HTTP 200 in \d+ ms/);
    expect(run.code).toBe(0);
  });

  it('exits 3 (unknown), not 2 (down), when the check cannot run at all', async () => {
    const run = await runCli(['check', 'nope://x']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('nope:// URLs cannot be checked ad hoc');
  });

  it('names the known monitors when the id is unknown, exiting 3 (unknown)', async () => {
    const config = join(dir, 'tocsin.yaml');
    writeFileSync(config, `monitors:\n  - id: web\n    type: tcp\n    host: 127.0.0.1\n    port: 9\n`);
    const run = await runCli(['-c', config, 'check', 'wbe']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('no monitor "wbe" in the config; known monitors: web');
  });
});
