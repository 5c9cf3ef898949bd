/**
 * A receiver that echoes the whole request it was sent (path, query, headers) in its 500 answer,
 * against a real tocsin: none of the channel's secrets reaches a reader — the API, the stored
 * history and audit log, the failing-channel notice another channel receives, or the logs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/api/auth/access.js';
import { buildApp } from '../../src/api/app.js';
import { registerApi } from '../../src/api/routes/index.js';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { until } from './harness.js';

const SECRETS = {
  user: 'hookuser-s3cret',
  password: 'pw-s3cret-9',
  path: 'p4th-s3cret-token',
  query: 'q-s3cret-value',
  signing: 'sign-s3cret-key',
  header: 'h3ader-s3cret-value',
  bearer: 'b3arer-s3cret-token',
};

let dir: string;
let target: http.Server;
let echo: Receiver;
let ops: Receiver;
let tocsin: Tocsin;
let api: FastifyInstance;
const logs: string[] = [];

/** Answers 500 with everything it was sent, as JSON (so tocsin keeps its words), the custom headers first. */
async function echoingReceiver(): Promise<Receiver> {
  return startReceiver((request) => {
    const { 'x-custom-auth': custom, authorization, ...rest } = request.headers;
    const headers = Object.entries({ 'x-custom-auth': custom, authorization, ...rest }).map(([name, value]) => `${name}: ${String(value)}`);
    return {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: `${request.method} ${request.path}`, errors: [decodeURIComponent(request.path), ...headers] }),
    };
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-secrets-'));
  target = http.createServer((_req, res) => res.writeHead(503).end('down'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  echo = await echoingReceiver();
  ops = await startReceiver();
  const file = join(dir, 'tocsin.yaml');
  await writeFile(
    file,
    stringify({
      // The editor below creates a 1 s monitor, under the API's default floor for non-admins.
      server: { min_interval_api: '1s' },
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      channels: { ops: { type: 'webhook', url: `${ops.url}/ops` } },
      escalations: { fallback: ['ops'] },
    }),
  );
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  tocsin = await startTocsin({ configPath: file, env: {}, logger, listen: '127.0.0.1:0' });
  // The /api/v1 routes on the running engine, with an editor as the caller (test/api/harness.ts does the same).
  api = buildApp({ logger: silentLogger(), health: () => tocsin.health() });
  const editor: Actor = { kind: 'user', id: 'user-editor', label: 'editor@example.org', role: 'editor', scope: 'write', viaCookie: false };
  api.addHook('onRequest', async (request) => void (request.actor = editor));
  registerApi(api, tocsin.api);
  await api.ready();
});

afterAll(async () => {
  await api?.close();
  await tocsin?.stop();
  await echo?.close();
  await ops?.close();
  target?.close();
  await rm(dir, { recursive: true, force: true });
});

const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
  const response = await api.inject({ method, url, ...(body !== undefined && { payload: body as Record<string, unknown> }) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.body;
};

function expectNoSecret(what: string, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) expect(text, `${what} shows the ${name} secret`).not.toContain(secret);
}

it('keeps every secret of a channel whose receiver echoes the request out of the API, the history, the audit log, the failing-channel notice and the logs', async () => {
  const { port } = echo.url.match(/:(?<port>\d+)$/)!.groups!;
  await call('POST', '/api/v1/channels', {
    id: 'echo',
    type: 'webhook',
    url: `http://${SECRETS.user}:${SECRETS.password}@127.0.0.1:${port}/hooks/${SECRETS.path}?sig=${SECRETS.query}`,
    secret: SECRETS.signing,
    headers: { 'X-Custom-Auth': SECRETS.header, Authorization: `Bearer ${SECRETS.bearer}`, 'X-Request-Source': 'tocsin-public' },
    public_headers: ['X-Request-Source'],
  });
  await call('POST', '/api/v1/escalations', { id: 'pager', steps: [{ notify: ['echo'] }] });
  const site = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  await call('POST', '/api/v1/monitors', {
    id: 'site',
    type: 'http',
    url: site,
    interval: '1s',
    timeout: '900ms',
    escalation: 'pager',
    alert: { down_after: 1 },
  });

  // The receiver was sent the secrets and echoed them back.
  await until(() => echo.requests.length > 0, 15_000);
  expect(echo.requests[0]!.path).toContain(SECRETS.path);
  const db = tocsin.store.db.withTables<{ channel_health: { channel: string; failing_since: number | null; last_error: string | null } }>();
  await until(
    async () => (await db.selectFrom('channel_health').select('last_error').where('channel', '=', 'echo').executeTakeFirst())?.last_error != null,
    10_000,
  );

  // As if it had failed for 11 minutes: past the threshold at which the fallback channels are told.
  await db
    .updateTable('channel_health')
    .set({ failing_since: Date.now() - 11 * 60_000 })
    .where('channel', '=', 'echo')
    .execute();
  await until(() => ops.requests.some((r) => r.body.toString('utf8').includes('notifications to echo have failed')), 15_000);
  const notice = ops.requests.map((r) => r.body.toString('utf8')).find((b) => b.includes('notifications to echo have failed'))!;
  expect(notice).toContain('••••');
  expectNoSecret('the failing-channel notice', notice);

  const channels = await call('GET', '/api/v1/channels');
  expect(JSON.parse(channels).channels.find((c: { id: string }) => c.id === 'echo')).toMatchObject({
    url: `http://••••@127.0.0.1:${port}/••••`,
    headers: { 'X-Custom-Auth': '••••', Authorization: '••••', 'X-Request-Source': 'tocsin-public' },
    health: { last_error: expect.stringContaining('HTTP 500') },
  });
  expectNoSecret('GET /api/v1/channels', channels);
  expectNoSecret('the notification history', await call('GET', '/api/v1/monitors/site/notifications'));
  expectNoSecret('GET /api/v1/escalations', await call('GET', '/api/v1/escalations'));
  const stored = tocsin.store.db.withTables<{ audit_log: Record<string, unknown>; outbox: Record<string, unknown> }>();
  expectNoSecret('the audit log', JSON.stringify(await stored.selectFrom('audit_log').selectAll().execute()));
  expectNoSecret('the outbox', JSON.stringify(await stored.selectFrom('outbox').selectAll().execute()));
  expectNoSecret('the channel health', JSON.stringify(await db.selectFrom('channel_health').selectAll().execute()));
  expectNoSecret('/healthz', (await tocsin.app.inject({ method: 'GET', url: '/healthz' })).body);
  expect(logs.some((line) => line.includes('HTTP 500'))).toBe(true);
  expectNoSecret('the logs', logs.join('\n'));
});
