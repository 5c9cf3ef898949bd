/** The whole path in a real tocsin: a failing target, the alert, the outbox, the receiver, /healthz. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { bodyOf, until } from './harness.js';

let dir: string;
let target: http.Server;
let hook: Receiver;
let tocsin: Tocsin | undefined;
let failing = false;
const received: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-outbox-e2e-'));
  target = http.createServer((_req, res) => {
    res.statusCode = failing ? 503 : 200;
    res.end(failing ? 'maintenance' : 'ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  hook = await startReceiver(() => {
    received.push(Date.now());
    return { status: 200 };
  });
});

afterAll(async () => {
  await tocsin?.stop();
  await hook.close();
  target.close();
  rmSync(dir, { recursive: true, force: true });
});

it('pages the webhook within a second of the deciding result, through the outbox, and reports delivery in /healthz', async () => {
  const port = (target.address() as AddressInfo).port;
  writeFileSync(
    join(dir, 'tocsin.yaml'),
    [
      `database:\n  url: sqlite:${join(dir, 'tocsin.db')}`,
      `channels:\n  ops-webhook:\n    type: webhook\n    url: ${hook.url}/hook`,
      'escalations:\n  oncall:\n    - notify: [ops-webhook]',
      'defaults:\n  escalation: oncall\n  alert:\n    down_after: 1',
      `monitors:\n  - id: site\n    type: http\n    url: http://127.0.0.1:${port}/\n    interval: 1s\n    timeout: 500ms`,
    ].join('\n'),
  );
  tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  await until(() => tocsin!.engine.stats().checksCompleted >= 1, 10_000);
  failing = true;
  await until(() => hook.requests.length >= 1, 15_000);
  const down = bodyOf(hook.requests[0]!);
  expect(down).toMatchObject({ event: 'monitor.down', monitor: { id: 'site' } });
  // `at` is when the deciding result was recorded; a loaded 2-core machine gets a generous margin over the 1 s goal.
  const latency = received[0]! - Date.parse((down as unknown as { at: string }).at);
  expect(latency).toBeLessThan(2_000);
  const health = (await tocsin.app.inject({ method: 'GET', url: '/healthz' })).json() as { checks: Record<string, { ok: boolean; detail: string }> };
  expect(health.checks.notifications).toMatchObject({ ok: true, detail: expect.stringContaining('notifications waiting') });
});
