import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.js';
import type { AgentResult } from '../../schema/api-agents.js';
import { DiskBuffer } from './buffer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function buffer(maxBytes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-agent-buffer-'));
  dirs.push(dir);
  const said: string[] = [];
  const logger = createLogger({ level: 'warn' });
  logger.warn = ((_obj: unknown, msg?: string) => void said.push(String(msg))) as typeof logger.warn;
  return { buffer: new DiskBuffer(dir, maxBytes, logger), said, dir };
}

const result = (at: number): AgentResult => ({ monitor_id: 'web', at, status: 'up', latency_ms: 1, message: 'HTTP 200', timings: {} });

describe('DiskBuffer', () => {
  it('keeps results in order across instances (a restarted agent replays them)', () => {
    const { buffer: first, dir } = buffer(1 << 20);
    first.append([result(1), result(2)]);
    first.append([result(3)]);
    const again = new DiskBuffer(dir, 1 << 20, createLogger({ level: 'silent' }));
    expect(again.read().map((r) => r.at)).toEqual([1, 2, 3]);
    again.replace(again.read().slice(2));
    expect(again.read().map((r) => r.at)).toEqual([3]);
    again.replace([]);
    expect(again.empty).toBe(true);
  });

  it('drops the oldest results past its bound and says how many and from when', () => {
    const line = JSON.stringify(result(1_700_000_000_000)).length + 1;
    const { buffer: b, said } = buffer(line * 10);
    for (let i = 0; i < 12; i++) b.append([result(1_700_000_000_000 + i * 1000)]);
    const kept = b.read();
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.at(-1)!.at).toBe(1_700_000_011_000);
    expect(readFileSync(b.path).length).toBeLessThanOrEqual(line * 10);
    expect(said[0]).toMatch(/reached its bound of \d+ bytes: dropped the oldest \d+ results \(taken from 2023-11-14T22:13:20.000Z to/);
  });
});
