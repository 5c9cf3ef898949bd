/**
 * HTTP and TCP checks of a large install run on worker threads (src/services/check-threads.ts). A
 * result from a thread must be the one the engine's thread would give (status, message, the phase a
 * timeout names), server.probe_targets must hold there too and follow a reload, and a thread that
 * stops or hangs must cost no result: its checks are run again on the engine's thread. The thread
 * exists only as compiled code: this file runs dist/ (`npm test` builds first).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runMonitorCheck } from '../../src/checks/registry.js';
import { httpSettings } from '../../src/checks/http/schema.js';
import { tcpSettings } from '../../src/checks/tcp/schema.js';
import { probeTargetPolicy, type ProbeTargets } from '../../src/core/targets/policy.js';
import type { CheckResult } from '../../src/core/types.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import type { MonitorConfig } from '../../src/schema/resolve.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';

const entry = new URL('../../dist/services/check-threads.js', import.meta.url);
const built = existsSync(fileURLToPath(entry));
type Module = typeof import('../../src/services/check-threads.js');
const load = async () => (await import(entry.href)) as Module;
const faultyThread = new URL('../fixtures/check-thread-faults.mjs', import.meta.url);

function monitor(id: string, type: 'http' | 'tcp', settings: unknown, timeout = 2000, interval = 1000): MonitorConfig {
  const parsed = type === 'http' ? httpSettings.parse(settings) : tcpSettings.parse(settings);
  return { id, name: id, type, settings: parsed, interval, timeout, paused: false } as unknown as MonitorConfig;
}

/** The same check on this thread, as the engine runs it without threads. */
function here(m: MonitorConfig, targets?: ProbeTargets): Promise<CheckResult> {
  const policy = probeTargetPolicy(targets);
  return runWithDeadline((ctx) => runMonitorCheck(m, { ...ctx, targets: policy }), m.timeout);
}

/** What must agree between two runs of one check (latencies, in the message too, are the clock's). */
const verdict = ({ status, message, metrics }: CheckResult) => ({
  status,
  message: message?.replace(/in \d+ ms/, 'in N ms'),
  metrics: Object.keys(metrics ?? {}).sort(),
});

interface Logged {
  warn: string[];
  info: string[];
}
function logger(): Logged & { logger: never } {
  const logged: Logged = { warn: [], info: [] };
  const log =
    (level: keyof Logged) =>
    (...args: unknown[]) =>
      logged[level].push(String(args.at(-1)));
  return { ...logged, logger: { warn: log('warn'), info: log('info'), error: log('warn'), debug: () => {} } as never };
}

let server: Server;
let base = '';
let silent: TestListener | undefined;
const closing: (() => unknown)[] = [];

async function startServer(): Promise<void> {
  server = createServer((req, res) => {
    if (req.url === '/broken') res.writeHead(500).end('it broke');
    else if (req.url === '/slow') setTimeout(() => res.end('late'), 1500);
    else res.end('all good');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const close of closing.splice(0)) await close();
  await silent?.close();
  silent = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe.skipIf(!built)('checks on threads', () => {
  async function threads(extra: Partial<ConstructorParameters<Module['CheckThreads']>[0]> = {}) {
    const { CheckThreads } = await load();
    const log = logger();
    const pool = new CheckThreads({ logger: log.logger, targets: undefined, runHere: (m) => here(m), threads: 1, from: 1, ...extra });
    closing.push(() => pool.close());
    return { pool, log };
  }

  it('gives the result the engine thread gives: up, down, refused, and a timeout naming its phase', async () => {
    await startServer();
    silent = await startSilentListener();
    const { pool, log } = await threads();
    const monitors = [
      monitor('up', 'http', { url: `${base}/`, expect: { body_contains: 'good' } }),
      monitor('broken', 'http', { url: `${base}/broken` }),
      monitor('missing-text', 'http', { url: `${base}/`, expect: { body_contains: 'nowhere' } }),
      monitor('slow', 'http', { url: `${base}/slow` }, 300),
      monitor('silent', 'tcp', { host: '127.0.0.1', port: silent.port, expect: { contains: 'SSH-' } }, 300),
      monitor('open', 'tcp', { host: '127.0.0.1', port: silent.port }),
    ];
    pool.plan(monitors);
    expect(log.info.join()).toMatch(/checks run on 1 thread/);
    const onThread = (await Promise.all(monitors.map((m) => pool.run(m)!))).map((ran) => ran.result);
    const onEngine = await Promise.all(monitors.map((m) => here(m)));
    expect(onThread.map(verdict)).toEqual(onEngine.map(verdict));
    expect(onThread.map((r) => r.status)).toEqual(['up', 'down', 'down', 'down', 'down', 'up']);
    expect(onThread[3]!.message).toMatch(/^timed out after 300 ms waiting for the first byte from 127.0.0.1:\d+/);
    expect(onThread[3]!.message).toBe(onEngine[3]!.message);
    expect(onThread[0]!.timings?.total).toBeGreaterThan(0);
  });

  it('starts no thread below its rate and runs other types here', async () => {
    await startServer();
    const { pool } = await threads({ from: 100 });
    const few = [monitor('a', 'http', { url: `${base}/` }, 2000, 60_000)];
    pool.plan(few);
    expect(pool.run(few[0]!)).toBeUndefined();
    pool.plan(Array.from({ length: 200 }, (_, i) => monitor(`m${i}`, 'http', { url: `${base}/` }, 2000, 1000)));
    expect(pool.run(few[0]!)).toBeDefined();
    await pool.run(few[0]!);
    const dns = { ...few[0]!, type: 'dns' } as MonitorConfig;
    expect(pool.run(dns)).toBeUndefined();
  });

  it('holds a job handed over early until its start time, and says when it started', async () => {
    const hits: number[] = [];
    server = createServer((_req, res) => {
      hits.push(Date.now());
      res.end('all good');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const m = monitor('ahead', 'http', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    const { pool } = await threads();
    pool.plan([m]);
    expect(pool.leadOf(m)).toBeGreaterThan(0);
    expect(pool.leadOf({ ...m, type: 'dns' } as MonitorConfig)).toBe(0);
    const at = Date.now() + 400;
    const ran = await pool.run(m, at)!;
    expect(ran.result.status).toBe('up');
    // Started on its tick of the grid (10 ms), not when handed over.
    expect(ran.at).toBeGreaterThanOrEqual(at);
    expect(ran.at - at).toBeLessThan(100);
    expect(hits).toHaveLength(1);
    expect(hits[0]!).toBeGreaterThanOrEqual(ran.at);
    // A start time already past: at once.
    const late = Date.now() - 5000;
    const now = (await pool.run(m, late)!).at;
    expect(now).toBeGreaterThan(late + 4000);
  });

  it('refuses a target server.probe_targets denies, and follows a reload of the list', async () => {
    await startServer();
    const denied: ProbeTargets = { allow: [], deny: ['127.0.0.0/8'] };
    const { pool } = await threads({ targets: denied });
    const m = monitor('local', 'http', { url: `${base}/` });
    pool.plan([m]);
    const refused = (await pool.run(m)!).result;
    expect(refused.status).toBe('down');
    expect(refused.message).toBe((await here(m, denied)).message);
    expect(refused.message).toMatch(/probe_targets/);
    pool.setTargets(undefined);
    expect((await pool.run(m)!).result.status).toBe('up');
  });

  it('runs the checks of a thread that stopped on the engine thread, and starts a new thread for the next', async () => {
    await startServer();
    const { pool, log } = await threads({ entry: faultyThread });
    const slow = monitor('slow-one', 'http', { url: `${base}/slow` }, 3000);
    const crash = monitor('crash', 'http', { url: `${base}/` });
    pool.plan([slow, crash]);
    const running = pool.run(slow)!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const crashed = pool.run(crash)!;
    const [a, b] = await Promise.all([running, crashed]);
    expect([a.result.status, b.result.status]).toEqual(['up', 'up']);
    expect(log.warn.join()).toMatch(/a check thread stopped \(exit code 3\); its 2 running check\(s\) are run again on the engine's thread/);
    expect((await pool.run(monitor('after', 'http', { url: `${base}/` }))!).result.status).toBe('up');
  });

  it('ends a thread that outgrows its heap bound, and runs its checks here', async () => {
    await startServer();
    const { pool, log } = await threads({ entry: faultyThread });
    const leak = monitor('leak', 'http', { url: `${base}/` }, 5000);
    pool.plan([leak]);
    const { result } = await pool.run(leak)!;
    expect(result.status).toBe('up');
    expect(log.warn.join()).toMatch(/a check thread failed: .*out of memory.*; its 1 running check\(s\) are run again on the engine's thread/i);
  });

  it('gives up on a thread that holds its loop past a deadline, and runs its checks here', async () => {
    await startServer();
    const { pool, log } = await threads({ entry: faultyThread, stuckAfterMs: 500 });
    const hang = monitor('hang', 'http', { url: `${base}/` }, 500);
    pool.plan([hang]);
    const started = Date.now();
    const { result } = await pool.run(hang)!;
    expect(result.status).toBe('up');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(log.warn.join()).toMatch(/did not answer within 0.5 s of a check's deadline/);
  });
});
