/**
 * `tocsin check <target>` with every kind of target it takes, each against a real local server
 * (PostgreSQL, MariaDB and Redis from TOCSIN_TEST_*_URL; SMTP, DNS, TLS and TCP started here on
 * port 0), through the built CLI as a user runs it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMysqlUser } from '../checks/mysql-user.js';
import { createPgRole } from '../checks/pg-role.js';
import { makeAuthority, makeCertificate } from '../helpers/certs.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { runCli } from './run-cli.js';

const postgresUrl = process.env.TOCSIN_TEST_POSTGRES_URL;
const mysqlUrl = process.env.TOCSIN_TEST_MYSQL_URL;
const redisUrl = process.env.TOCSIN_TEST_REDIS_URL;
const DAY = 86_400_000;

let dir: string;
let caFile: string;
let tcp: Server;
let tcpV6: Server | undefined;
let tlsServer: tls.Server;
let smtp: SMTPServer;
let dns: DnsServer;
const ports = { tcp: 0, tcpV6: 0, tls: 0, smtp: 0 };

async function listen(server: Server | SMTPServer, host: string): Promise<number> {
  const s = (server as SMTPServer & { server?: Server }).server ?? (server as Server);
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    (server as Server).listen(0, host, () => resolve());
  });
  return (s.address() as { port: number }).port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-check-'));
  const ca = await makeAuthority('tocsin check-targets CA');
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  const cert = await makeCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], issuer: ca, notAfter: new Date(Date.now() + 60 * DAY) });
  tcp = createServer((socket) => socket.end());
  ports.tcp = await listen(tcp, '127.0.0.1');
  try {
    tcpV6 = createServer((socket) => socket.end());
    ports.tcpV6 = await listen(tcpV6, '::1');
  } catch {
    tcpV6 = undefined; // no IPv6 loopback on this machine
  }
  tlsServer = tls.createServer({ key: cert.key, cert: cert.cert }, (socket) => socket.end());
  tlsServer.on('tlsClientError', () => {});
  ports.tls = await listen(tlsServer as unknown as Server, '127.0.0.1');
  smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], banner: 'tocsin test mail' });
  ports.smtp = await listen(smtp, '127.0.0.1');
  dns = await startDnsServer({
    mode: 'answer',
    records: { 'lab.example.test': { MX: [{ preference: 10, exchange: 'mail.lab.example.test' }], A: ['192.0.2.7'] } },
  });
});

afterAll(async () => {
  tcp.close();
  tcpV6?.close();
  tlsServer.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
});

async function check(target: string, env: NodeJS.ProcessEnv = {}) {
  const run = await runCli(['check', target, '--json', '--timeout', '10s'], env, 30_000, dir);
  const body = run.stdout
    ? (JSON.parse(run.stdout) as { target: string; status: string; checks: Array<{ type: string; status: string; message: string }> })
    : undefined;
  return { ...run, body };
}

describe('tocsin check <target>', () => {
  it('checks a bare host:port and tcp://host:port with a TCP connect', async () => {
    for (const target of [`127.0.0.1:${ports.tcp}`, `localhost:${ports.tcp}`, `tcp://127.0.0.1:${ports.tcp}`]) {
      const run = await check(target);
      expect(run.code, run.stderr).toBe(0);
      expect(run.body?.checks).toEqual([expect.objectContaining({ type: 'tcp', status: 'up' })]);
    }
  });

  it('checks a bare [v6]:port', async (context) => {
    if (!tcpV6) context.skip(); // no IPv6 loopback on this machine
    const run = await check(`[::1]:${ports.tcpV6}`);
    expect(run.body?.checks).toEqual([expect.objectContaining({ type: 'tcp', status: 'up' })]);
  });

  it('checks the certificate of tls://host:port', async () => {
    const trusted = await check(`tls://localhost:${ports.tls}`, { NODE_EXTRA_CA_CERTS: caFile });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.body?.checks[0]).toMatchObject({ type: 'tls', status: 'up', message: expect.stringContaining('issuer tocsin check-targets CA') });
    const untrusted = await check(`tls://localhost:${ports.tls}`);
    expect(untrusted.code).toBe(2);
    expect(untrusted.body?.checks[0]?.message).toMatch(/not trusted/);
  });

  it('speaks SMTP to smtp://host:port', async () => {
    const run = await check(`smtp://127.0.0.1:${ports.smtp}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.body?.checks).toEqual([expect.objectContaining({ type: 'smtp', status: 'up' })]);
  });

  it('asks the named server for the record of dns://name?record=…&server=…', async () => {
    const run = await check(`dns://lab.example.test?record=MX&server=${dns.address}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.body?.checks[0]).toMatchObject({ type: 'dns', status: 'up', message: expect.stringContaining('mail.lab.example.test') });
    const a = await check(`dns://lab.example.test?server=${dns.address}`);
    expect(a.body?.checks[0]?.message).toContain('192.0.2.7');
  });

  // Probes refuse privileged accounts (docs/security.md), so each runs as a throwaway reader.
  it.skipIf(!postgresUrl)('connects to postgres:// and runs SELECT 1, never printing the password', async () => {
    const role = await createPgRole();
    try {
      const run = await check(role.url);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.body?.checks).toEqual([expect.objectContaining({ type: 'postgres', status: 'up' })]);
      expect(run.stdout + run.stderr).not.toContain(role.password);
      expect(run.body?.target).toBe(`postgres://${role.name}:***@127.0.0.1:5432/test`);
    } finally {
      await role.drop();
    }
  });

  it.skipIf(!mysqlUrl)('connects to mysql:// and runs SELECT 1, never printing the password', async () => {
    const user = await createMysqlUser();
    try {
      const run = await check(`mysql://${user.name}:${user.password}@127.0.0.1:3306/test`);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.body?.checks).toEqual([expect.objectContaining({ type: 'mysql', status: 'up' })]);
      expect(run.stdout + run.stderr).not.toContain(user.password);
    } finally {
      await user.drop();
    }
  });

  it.skipIf(!redisUrl)('connects to redis:// and sends PING', async () => {
    const run = await check(redisUrl!);
    expect(run.code, run.stderr).toBe(0);
    expect(run.body?.checks).toEqual([expect.objectContaining({ type: 'redis', status: 'up' })]);
  });

  it('is down, exit 2, for a target that refuses', async () => {
    tcp.close();
    const port = ports.tcp;
    const run = await check(`127.0.0.1:${port}`);
    expect(run.code).toBe(2);
    expect(run.body?.checks[0]?.message).toContain(`connection refused by 127.0.0.1:${port}`);
  });

  it.each([
    ['dns://example.org?recrod=MX', '?record=, ?server=; not ?recrod='],
    ['dns://example.org?record=SPF', 'record'],
    ['smtp://mail.example.org?starttls=yes', '?starttls= expects true or false'],
    ['tcp://db.internal', 'needs a port'],
    ['gopher://example.org', 'gopher:// URLs cannot be checked ad hoc; use one of http://'],
    ['postgres://u:hunter2-secret@[bad', 'neither a monitor id nor a target'],
  ])('refuses %s, exit 3, naming what was wrong', async (target, words) => {
    const run = await runCli(['check', target], {}, 20_000, dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(words);
    expect(run.stderr).not.toContain('hunter2-secret');
  });
});
