/** Live event streams on a real tocsin (127.0.0.1:0): at most 5 per person or token, given back when the client leaves. */
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { CLI, PASSWORD } from './rig.js';

let dir = '';
let tocsin: Tocsin | undefined;
let tokens: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-auth-streams-'));
  const file = join(dir, 'tocsin.yaml');
  await writeFile(file, `database:\n  url: sqlite:${join(dir, 'tocsin.db')}\nmonitors: []\n`);
  tocsin = await startTocsin({ configPath: file, env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  const ctx = { actor: CLI, now: Date.now() };
  const vic = await createUser(tocsin.store.db, { email: 'vic@example.org', role: 'viewer', password: PASSWORD }, ctx);
  tokens = await Promise.all(['one', 'two'].map(async (name) => (await createToken(tocsin!.store.db, { userId: vic.id, name, scope: 'read' }, ctx)).secret));
});

afterAll(async () => {
  await tocsin?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Opened {
  status: number;
  body: string;
  close(): void;
}

/** Opens /api/v1/events; resolves once the first frame (or the refusal) has arrived. */
function open(token: string): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const request = http.get(`http://${tocsin!.address}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    request.on('error', reject);
    request.on('response', (response) => {
      response.setEncoding('utf8');
      let body = '';
      response.on('data', (chunk: string) => {
        body += chunk;
        if (response.statusCode !== 200 || body.includes('event: hello')) resolve({ status: response.statusCode ?? 0, body, close: () => request.destroy() });
      });
    });
  });
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('live event streams', () => {
  it('gives one token 5 streams, refuses the 6th with 429, and takes a new one once a client goes away', async () => {
    const streams = await Promise.all(Array.from({ length: 5 }, () => open(tokens[0]!)));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await open(tokens[0]!);
    expect([sixth.status, JSON.parse(sixth.body)]).toEqual([
      429,
      { error: 'this API token already holds 5 live event streams, the most one person or token may; close a dashboard tab or another stream first' },
    ]);
    // Another token of the same person is counted on its own.
    const other = await open(tokens[1]!);
    expect(other.status).toBe(200);

    streams[0]!.close();
    await until(() => tocsin!.api.events.streams.open === 5);
    const again = await open(tokens[0]!);
    expect(again.status).toBe(200);
    for (const s of [...streams.slice(1), other, again]) s.close();
    await until(() => tocsin!.api.events.streams.open === 0);
  });
});
