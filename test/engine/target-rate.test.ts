/**
 * Issue 12: five monitors at one target must not add up to a flood. A real tocsin with five 1 s
 * monitors at one local HTTP server and server.max_target_rate 2: the server never sees more than
 * the cap, and every monitor is still checked (runs are delayed and spread, not dropped).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';

const RATE = 2;
let dir: string;
let server: http.Server;
let tocsin: Tocsin | undefined;
const hits: Array<{ at: number; path: string }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-target-rate-'));
  server = http.createServer((req, res) => {
    hits.push({ at: Date.now(), path: req.url ?? '' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await tocsin?.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('the per-target rate cap', () => {
  it('keeps five 1 s monitors at one target under server.max_target_rate, and checks every one of them', async () => {
    const { port } = server.address() as AddressInfo;
    const monitors = Array.from({ length: 5 }, (_, i) => ({
      id: `m${i}`,
      type: 'http',
      url: `http://127.0.0.1:${port}/m${i}`,
      interval: '1s',
      timeout: '900ms',
    }));
    const file = join(dir, 'tocsin.yaml');
    await writeFile(file, stringify({ database: { url: `sqlite:${join(dir, 'tocsin.db')}` }, server: { max_target_rate: RATE }, monitors }));
    const startedAt = Date.now();
    tocsin = await startTocsin({ configPath: file, env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    const paths = new Set(monitors.map((m) => `/${m.id}`));
    // Every monitor reached the target, with runs held back by the cap, over at least 6 s of the cap at
    // work (a loaded machine may take longer to start them all: wait on that, not a fixed window).
    const deadline = Date.now() + 30_000;
    while (!(Date.now() - startedAt >= 6000 && new Set(hits.map((h) => h.path)).size === paths.size && tocsin.engine.throttling().delayed > 0)) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seen = [...hits];
    const elapsedS = Math.ceil((Date.now() - startedAt) / 1000);

    // Starts are 1000/RATE ms apart; arrival adds a few ms of jitter, so a 1 s window may catch one more.
    expect(maxInAnySecond(seen.map((h) => h.at))).toBeLessThanOrEqual(RATE + 1);
    expect(seen.length).toBeLessThanOrEqual(RATE * elapsedS + 2);
    expect(new Set(seen.map((h) => h.path))).toEqual(paths);
    expect(tocsin.engine.throttling().delayed).toBeGreaterThan(0);
  });
});

function maxInAnySecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
