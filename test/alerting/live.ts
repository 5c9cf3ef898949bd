/**
 * A real tocsin on 127.0.0.1:0 with a temp SQLite file, real HTTP targets whose answer a test flips,
 * and a real webhook receiver that records what each channel was sent.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';

export interface Target {
  url: string;
  status: number;
  close(): Promise<void>;
}

export async function startTarget(status = 200): Promise<Target> {
  const server = http.createServer((_req, res) => {
    res.writeHead(target.status, { 'content-type': 'text/plain' });
    res.end(target.status === 200 ? 'ok' : 'unavailable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const target: Target = {
    url: `http://127.0.0.1:${port}/health`,
    status,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return target;
}

export interface Delivered {
  channel: string;
  event: string;
  monitor: string;
  body: Record<string, unknown>;
}

/** What the receiver got, decoded, in arrival order; the channel is the last path segment. */
export function delivered(receiver: Receiver): Delivered[] {
  return receiver.requests.map((r) => {
    const body = JSON.parse(r.body.toString('utf8')) as Record<string, unknown> & { event: string; monitor: { id: string } };
    return { channel: r.path.split('/').pop() ?? '', event: body.event, monitor: body.monitor.id, body };
  });
}

/** Polls `probe` (which may be async) until it gives something other than undefined or false. */
export async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Live {
  receiver: Receiver;
  dir: string;
  tocsin: Tocsin;
  /** Stop and start again on the same database and config. */
  restart(): Promise<Tocsin>;
  close(): Promise<void>;
}

/** `config(receiverUrl)` returns the config object; the database is a temp SQLite file. */
export async function startLive(config: (receiverUrl: string) => Record<string, unknown>): Promise<Live> {
  const receiver = await startReceiver();
  const dir = await mkdtemp(join(tmpdir(), 'tocsin-alerting-live-'));
  const file = join(dir, 'tocsin.yaml');
  await writeFile(file, stringify({ database: { url: `sqlite:${join(dir, 'tocsin.db')}` }, ...config(receiver.url) }));
  const start = () => startTocsin({ configPath: file, env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  const live: Live = {
    receiver,
    dir,
    tocsin: await start(),
    async restart() {
      await live.tocsin.stop();
      live.tocsin = await start();
      return live.tocsin;
    },
    async close() {
      await live.tocsin.stop();
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return live;
}

export function webhooks(receiverUrl: string, ...names: string[]): Record<string, { type: 'webhook'; url: string }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'webhook', url: `${receiverUrl}/${name}` }]));
}
