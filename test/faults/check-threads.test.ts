/**
 * The real `tocsin start` with enough HTTP monitors (120 at 1 s) to run its checks on a thread beside
 * the engine's (src/services/check-threads.ts): the results stored are the ones the engine's thread
 * gives (a 500 named, a timeout naming its phase), and server.probe_targets, changed by a reload,
 * holds on the thread from then on.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';
import { isReady, startInstance, stopAll, waitFor, RESULTS } from './harness.js';

let server: Server | undefined;
let silent: TestListener | undefined;
afterEach(async () => {
  await stopAll();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await silent?.close();
});

function yaml(port: number, silentPort: number, probeTargets = ''): string {
  const lines = ['database:', '  url: sqlite:{{dir}}/tocsin.db', 'server:', '  max_target_rate: 1000', probeTargets, 'monitors:'];
  for (let i = 0; i < 118; i++) lines.push(`  - { id: web-${i}, type: http, interval: 1s, timeout: 900ms, url: "http://127.0.0.1:${port}/ok/${i}" }`);
  lines.push(`  - { id: broken, type: http, interval: 1s, timeout: 900ms, url: "http://127.0.0.1:${port}/broken" }`);
  lines.push(`  - { id: silent, type: http, interval: 1s, timeout: 500ms, url: "http://127.0.0.1:${silentPort}/" }`);
  return `${lines.filter(Boolean).join('\n')}\n`;
}

describe('checks on a thread in a running tocsin', () => {
  it('stores what the engine thread would, and keeps server.probe_targets after a reload', { timeout: 90_000 }, async () => {
    server = createServer((req, res) => (req.url === '/broken' ? res.writeHead(500).end('no') : res.end('ok')));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    silent = await startSilentListener();
    const tocsin = await startInstance({ yaml: yaml(port, silent.port) });
    await tocsin.waitForLog(isReady, 30_000);
    await tocsin.waitForLog((l) => /HTTP and TCP checks run on \d+ thread\(s\) beside the engine's \(120 checks a second\)/.test(String(l.msg)), 10_000);

    const latest = (id: string) =>
      tocsin.query<{ status: string; message: string | null }>(`select status, message from ${RESULTS} where monitor_id = ? order by at desc limit 1`, id)[0];
    await waitFor(
      () => latest('silent') && latest('broken') && latest('web-117'),
      20_000,
      () => 'a result of every kind',
    );
    expect(latest('web-0')?.status).toBe('up');
    expect(latest('broken')).toEqual({ status: 'down', message: `HTTP 500 from http://127.0.0.1:${port}/broken, expected 200–399` });
    expect(latest('silent')).toEqual({ status: 'down', message: `timed out after 500 ms waiting for the first byte from 127.0.0.1:${silent.port}` });
    const count = (where: string) =>
      tocsin.query<{ n: number }>(`select count(distinct monitor_id) as n from ${RESULTS} where monitor_id like 'web-%' and ${where}`)[0]!.n;
    await waitFor(
      () => count("status = 'up'") === 118 || undefined,
      20_000,
      () => `all 118 web monitors up; ${count("status = 'up'")} so far`,
    );
    expect(count("status != 'up'")).toBe(0);

    writeFileSync(join(tocsin.dir, 'tocsin.yaml'), yaml(port, silent.port, '  probe_targets:\n    deny: [127.0.0.0/8]'));
    const reloadedAt = Date.now();
    tocsin.process.kill('SIGHUP');
    const refused = `127.0.0.1:${port} is not allowed by server.probe_targets (deny 127.0.0.0/8)`;
    await waitFor(
      () =>
        tocsin.query<{ message: string }>(
          `select message from ${RESULTS} where monitor_id = 'web-5' and at > ? and message like ?`,
          reloadedAt,
          `%${refused}%`,
        )[0],
      20_000,
      () => `web-5 refused after the reload; latest: ${JSON.stringify(latest('web-5'))}`,
    );
  });
});
