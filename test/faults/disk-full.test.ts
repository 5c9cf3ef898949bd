import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { FAULTS_ALLOWED, get, onCleanup, startInstance, startTarget, stopAll, tempDir, tocsinYaml, waitFor } from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
  await receiver?.close();
});

/**
 * A data directory that can be made to refuse writes: a 4 MB tmpfs filled to
 * the brim where the machine lets us mount one (root in a container), else a
 * directory made read-only (which root would ignore, hence the tmpfs first).
 */
function dataDir(root: string): { path: string; break(): void; repair(): void } {
  const path = join(root, 'data');
  mkdirSync(path);
  const filler = join(path, 'filler');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', path], { stdio: 'ignore' });
    onCleanup(() => execFileSync('umount', ['-l', path], { stdio: 'ignore' }));
    return {
      path,
      break() {
        try {
          for (let i = 0; i < 64; i++) writeFileSync(filler + i, Buffer.alloc(256 * 1024, 1));
        } catch {
          // ENOSPC: the disk is full, which is the point.
        }
      },
      repair: () => readdirSync(path).filter((f) => f.startsWith('filler')).forEach((f) => rmSync(join(path, f))),
    };
  } catch {
    const files = () => readdirSync(path).map((f) => join(path, f));
    return {
      path,
      break: () => [...files(), path].forEach((f) => chmodSync(f, 0o555)),
      repair: () => [path, ...files()].forEach((f) => chmodSync(f, 0o755)),
    };
  }
}

describe('a data directory that stops accepting writes', () => {
  it('turns /healthz 503 naming the store, silences the dead man\'s switch, and loses no result once space returns', async () => {
    target = await startTarget();
    receiver = await startReceiver();
    const root = tempDir();
    const data = dataDir(root);
    const yaml = tocsinYaml({ targetPort: target.port, watchdogExtra: `  ping_url: ${receiver.url}/ping/disk` }).replace('{{dir}}/tocsin.db', `${data.path}/tocsin.db`);
    const tocsin = await startInstance({ yaml, dir: root, dbPath: join(data.path, 'tocsin.db'), env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'ping-every:300ms' } });
    await waitFor(async () => (await get(`${tocsin.base}/healthz`))?.status === 200 || undefined, 20_000, () => 'a healthy start');
    await waitFor(() => receiver!.requests.length > 0 || undefined, 10_000, () => 'a first ping');

    data.break();
    const brokenAt = Date.now();
    const answer = await waitFor(async () => {
      const a = await get(`${tocsin.base}/healthz`);
      return a?.status === 503 ? a : undefined;
    }, 20_000, () => '/healthz 503 on a full disk');
    expect(JSON.parse(answer.body).checks.store_writes).toMatchObject({ ok: false });
    const pingsWhileBroken = receiver.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests.length).toBe(pingsWhileBroken);

    data.repair();
    const repairedAt = Date.now();
    await waitFor(async () => (await get(`${tocsin.base}/healthz`))?.status === 200 || undefined, 20_000, () => '/healthz 200 after space returns');
    // Results of the broken period were kept in memory and written once the disk took them.
    const kept = tocsin.query<{ n: number }>("select count(*) as n from results where monitor_id = 'local-port' and at >= ? and at < ?", brokenAt + 500, repairedAt);
    expect(kept[0]!.n).toBeGreaterThan(0);
  });
});
