import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitorCheck } from '../../src/checks/registry.js';
import { Engine, type RecordedResult } from '../../src/engine/engine.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { MonitorConfig } from '../../src/schema/config.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';

// The proof: a resolver that never answers and a TCP peer that never
// speaks time out on schedule while 1,000 other monitors stay on time.
const common = { tags: [], depends_on: [], paused: false, alert: { down_after: 1, up_after: 1, unknown: 'notify' as const } };

let resolver: DnsServer;
let silent: TestListener;
let target: ChildProcess;
let port = 0;

/**
 * The 1,000 healthy monitors' server runs in a process of its own: in the test's process it would share the
 * engine's event loop, and on a loaded machine (one core kept busy) it answered late enough that checks timed
 * out waiting for its first byte while the engine itself stayed on time (lag p99 315 ms, nothing missed).
 */
const SERVER = `
  const server = require('node:http').createServer((_req, res) => res.writeHead(200, { connection: 'close' }).end('ok'));
  server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
  process.stdin.on('end', () => process.exit(0)).resume();
`;

async function startTarget(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.on('exit', (code) => reject(new Error(`the target server exited with ${code} before listening`)));
  });
  return { child, port };
}

beforeAll(async () => {
  resolver = await startDnsServer({ mode: 'silent' });
  silent = await startSilentListener();
  ({ child: target, port } = await startTarget());
});

afterAll(async () => {
  await resolver.close();
  await silent.close();
  // Its stdin closing ends it; SIGKILL is the fallback should it not within 5 s.
  const exited = new Promise((resolve) => (target.exitCode === null ? target.once('exit', resolve) : resolve(undefined)));
  target.stdin?.end();
  const fallback = setTimeout(() => target.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(fallback);
});

describe('hung peers under load', () => {
  it('times out hung DNS and TCP checks on schedule while 1,000 HTTP monitors stay on time', async () => {
    const hung: MonitorConfig[] = [
      ...Array.from({ length: 20 }, (_, i): MonitorConfig => ({
        ...common,
        id: `dns-${i}`,
        name: `dns ${i}`,
        type: 'dns',
        interval: 2000,
        timeout: 800,
        settings: { query: `host${i}.example.org`, record: 'A', resolver: resolver.address },
      })),
      ...Array.from({ length: 20 }, (_, i): MonitorConfig => ({
        ...common,
        id: `tcp-${i}`,
        name: `tcp ${i}`,
        type: 'tcp',
        interval: 2000,
        timeout: 800,
        settings: { host: '127.0.0.1', port: silent.port, expect: { contains: 'SSH-2.0' } },
      })),
    ];
    const healthy = Array.from({ length: 1000 }, (_, i): MonitorConfig => ({
      ...common,
      id: `web-${i}`,
      name: `web ${i}`,
      type: 'http',
      interval: 5000,
      timeout: 2000,
      settings: { url: `http://127.0.0.1:${port}/${i}`, method: 'GET', headers: {}, follow_redirects: true, max_redirects: 5, verify_tls: true, expect: {} },
    }));
    const results: RecordedResult[] = [];
    const engine = new Engine<MonitorConfig>({
      clock: systemClock,
      logger: silentLogger(),
      runCheck: runMonitorCheck,
      isPolled: () => true,
      record: (r) => results.push(r),
    });
    engine.setMonitors([...hung, ...healthy]);
    engine.start();
    await new Promise((r) => setTimeout(r, 10_500));
    engine.stop();
    await engine.drain(3000);

    const web = results.filter((r) => r.monitorId.startsWith('web'));
    expect(new Set(web.map((r) => r.monitorId)).size).toBe(1000);
    expect(web.every((r) => r.result.status === 'up')).toBe(true);

    const dns = results.filter((r) => r.monitorId.startsWith('dns'));
    const tcp = results.filter((r) => r.monitorId.startsWith('tcp'));
    // 10.5 s at a 2 s interval: every hung monitor ran at least 4 times, none was skipped.
    expect(dns.length).toBeGreaterThanOrEqual(20 * 4);
    expect(tcp.length).toBeGreaterThanOrEqual(20 * 4);
    expect(dns.every((r) => r.result.status === 'down' && /resolv|did not answer/.test(r.result.message))).toBe(true);
    expect(tcp.every((r) => r.result.message.startsWith(`timed out after 800 ms waiting for the banner from 127.0.0.1:${silent.port}`))).toBe(true);
    expect(engine.stats().checksMissed).toBe(0);
    // Generous for a loaded 2-core CI machine; the benchmark measures the real figure.
    expect(engine.stats().lag.p99).toBeLessThan(1000);
  });
});
