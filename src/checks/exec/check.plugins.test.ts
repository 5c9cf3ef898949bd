import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../core/types.js';
import { Phases } from '../phases.js';
import { execCheck } from './check.js';

/** The real Nagios plugins, from Debian's `monitoring-plugins` package. */
const PLUGINS = '/usr/lib/nagios/plugins';
const plugin = (name: string) => `${PLUGINS}/${name}`;

const servers: { close(callback: () => void): unknown }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((done) => server.close(() => done()))));
});

async function listen<T extends Server | ReturnType<typeof createTcpServer>>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

beforeAll(() => {
  if (!existsSync(plugin('check_dummy'))) throw new Error(`${PLUGINS} is missing: apt-get install -y monitoring-plugins`);
});

describe('exec check with check_dummy', () => {
  it.each([
    ['0', 'up', 'OK: all fine'],
    ['1', 'degraded', 'WARNING: all fine'],
    ['2', 'down', 'CRITICAL: all fine'],
    ['3', 'unknown', 'plugin reported UNKNOWN: UNKNOWN: all fine'],
  ])('turns exit %s into %s', async (code, status, message) => {
    const result = await runExec({ command: [plugin('check_dummy'), code, 'all fine'] });
    expect(result.status).toBe(status);
    expect(result.message).toBe(message);
  });
});

describe('exec check with check_tcp', () => {
  it('is up against a listening port, with the response time as a metric', async () => {
    const port = await listen(createTcpServer((socket) => socket.end()));
    const result = await runExec({ command: [plugin('check_tcp'), '-H', '127.0.0.1', '-p', String(port)] });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(new RegExp(`^TCP OK - .* port ${port}$`));
    expect(result.metrics?.time).toBeGreaterThanOrEqual(0);
    expect(result.metrics?.time_max).toBe(10);
  });

  it('is down against a closed port, saying the connection was refused', async () => {
    const server = createTcpServer();
    const port = await listen(server);
    await new Promise<void>((done) => server.close(() => done()));
    servers.pop();
    const result = await runExec({ command: [plugin('check_tcp'), '-H', '127.0.0.1', '-p', String(port)] });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`connect to address 127.0.0.1 and port ${port}: Connection refused`);
  });
});

describe('exec check with check_http', () => {
  const server = (status: number) =>
    createHttpServer((_request, response) => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end('hello from tocsin\n');
    });

  it('is up when the page answers 200 with the expected text, with time and size metrics', async () => {
    const port = await listen(server(200));
    const result = await runExec({ command: [plugin('check_http'), '-H', '127.0.0.1', '-p', String(port), '-u', '/', '-s', 'hello from tocsin'] });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^HTTP OK: HTTP\/1\.1 200 OK - \d+ bytes in [\d.]+ second response time$/);
    expect(result.metrics?.time).toBeGreaterThanOrEqual(0);
    expect(result.metrics?.size).toBeGreaterThan(0);
  });

  it('is down when the page answers 500', async () => {
    const port = await listen(server(500));
    const result = await runExec({ command: [plugin('check_http'), '-H', '127.0.0.1', '-p', String(port)] });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^HTTP CRITICAL: HTTP\/1\.1 500 Internal Server Error/);
  });
});

describe('exec check with check_disk', () => {
  it('judges / by the exit code and turns its perfdata into byte metrics', async () => {
    const result = await runExec({ command: [plugin('check_disk'), '-w', '20%', '-c', '10%', '-p', '/'] });
    // How full the test machine's disk is decides the word; the status must agree with it.
    const word = /^DISK (OK|WARNING|CRITICAL)/.exec(result.message)?.[1];
    expect(result.status).toBe({ OK: 'up', WARNING: 'degraded', CRITICAL: 'down' }[word ?? '']);
    const used = result.metrics?.['/'] ?? -1;
    const max = result.metrics?.['/_max'] ?? -1;
    expect(used).toBeGreaterThan(0);
    expect(max).toBeGreaterThanOrEqual(used);
    expect(result.metrics?.['/_warn']).toBeGreaterThan(0);
    expect(result.metrics?.['/_crit']).toBeGreaterThanOrEqual(result.metrics?.['/_warn'] ?? Infinity);
    expect(result.metrics?.['/_min']).toBe(0);
  });
});

describe('exec check with check_procs', () => {
  it('is up within generous thresholds, counting processes', async () => {
    const result = await runExec({ command: [plugin('check_procs'), '-w', '100000', '-c', '200000'] });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^PROCS OK: \d+ processes$/);
    expect(result.metrics?.procs).toBeGreaterThan(0);
    expect(result.metrics).toMatchObject({ procs_warn: 100000, procs_crit: 200000, procs_min: 0 });
  });

  it('is down when the process count passes the critical threshold', async () => {
    const result = await runExec({ command: [plugin('check_procs'), '-w', '0', '-c', '0'] });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^PROCS CRITICAL: \d+ processes$/);
  });
});

function runExec(settings: { command: string[]; env?: Record<string, string>; cwd?: string }, signal = new AbortController().signal): Promise<CheckResult> {
  return execCheck.run({ env: {}, ...settings }, { signal, timeoutMs: 10_000, phases: new Phases() });
}
