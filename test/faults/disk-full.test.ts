import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { FAULTS_ALLOWED, get, onCleanup, startInstance, startTarget, stopAll, tail, tempDir, tocsinYaml, waitFor, RESULTS } from './harness.js';

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
      repair: () =>
        readdirSync(path)
          .filter((f) => f.startsWith('filler'))
          .forEach((f) => rmSync(join(path, f))),
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
  it("turns /healthz 503 naming the store, silences the dead man's switch, and loses no result once space returns", async () => {
    target = await startTarget();
    receiver = await startReceiver();
    const root = tempDir();
    const data = dataDir(root);
    const yaml = tocsinYaml({ targetPort: target.port, watchdogExtra: `  ping_url: ${receiver.url}/ping/disk` }).replace(
      '{{dir}}/tocsin.db',
      `${data.path}/tocsin.db`,
    );
    const tocsin = await startInstance({
      yaml,
      dir: root,
      dbPath: join(data.path, 'tocsin.db'),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'ping-every:300ms' },
    });
    await waitFor(
      async () => (await get(`${tocsin.base}/healthz`))?.status === 200 || undefined,
      20_000,
      () => 'a healthy start',
    );
    await waitFor(
      () => receiver!.requests.length > 0 || undefined,
      10_000,
      () => 'a first ping',
    );

    data.break();
    const brokenAt = Date.now();
    const answer = await waitFor(
      async () => {
        const a = await get(`${tocsin.base}/healthz`);
        return a?.status === 503 ? a : undefined;
      },
      20_000,
      () => '/healthz 503 on a full disk',
    );
    expect(JSON.parse(answer.body).checks.store_writes).toMatchObject({ ok: false });
    const pingsWhileBroken = receiver.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests.length).toBe(pingsWhileBroken);

    data.repair();
    const repairedAt = Date.now();
    await waitFor(
      async () => (await get(`${tocsin.base}/healthz`))?.status === 200 || undefined,
      20_000,
      () => '/healthz 200 after space returns',
    );
    // Results of the broken period were kept in memory and written once the disk took them.
    const kept = tocsin.query<{ n: number }>(
      `select count(*) as n from ${RESULTS} where monitor_id = 'local-port' and at >= ? and at < ?`,
      brokenAt + 500,
      repairedAt,
    );
    expect(kept[0]!.n).toBeGreaterThan(0);
  }, 90_000);

  it('pages a webhook from memory while the disk is full, then delivers the page it held once space returns — each once', async () => {
    target = await startTarget();
    receiver = await startReceiver();
    const root = tempDir();
    const data = dataDir(root);
    const yaml = `${tocsinYaml({ targetPort: target.port, webhookUrl: `${receiver.url}/hook` }).replace('{{dir}}/tocsin.db', `${data.path}/tocsin.db`)}
escalations:
  oncall:
    - notify: [ops]
defaults:
  escalation: oncall
  alert:
    down_after: 1
`;
    const tocsin = await startInstance({ yaml, dir: root, dbPath: join(data.path, 'tocsin.db') });
    await waitFor(
      async () => (await get(`${tocsin.base}/healthz`))?.status === 200 || undefined,
      20_000,
      () => 'a healthy start',
    );
    const heard = () =>
      receiver!.requests
        .filter((r) => r.path === '/hook')
        .map((r) => JSON.parse(r.body.toString('utf8')) as { event: string; monitor: { id: string }; message: string });
    const notices = () => heard().filter((n) => /cannot write to its database/.test(n.message));
    const pages = () => heard().filter((n) => n.event === 'monitor.down' && n.monitor.id === 'local-port');

    data.break();
    // The monitor goes down while nothing can be written: its page is held in memory.
    await target.close();
    target = undefined;
    await waitFor(
      () => notices().length > 0 || undefined,
      30_000,
      () => `the last-resort notice while the disk is full; last lines:\n${tail(tocsin.logs)}`,
    );
    expect(notices()[0]!.message).toMatch(
      /^tocsin cannot write to its database \(.*full.*\): alerts are held in memory; \d+ monitors? changed state meanwhile: .*local-port DOWN/,
    );
    expect(pages()).toEqual([]);

    data.repair();
    await waitFor(
      () => pages().length > 0 || undefined,
      30_000,
      () => 'the held page once space returns',
    );
    await waitFor(
      () => heard().some((n) => /can write to its database again/.test(n.message)) || undefined,
      30_000,
      () => '"writable again"',
    );
    await new Promise((r) => setTimeout(r, 2_000));
    expect(notices()).toHaveLength(1);
    expect(pages()).toHaveLength(1);
    expect(heard().filter((n) => /can write to its database again/.test(n.message))).toHaveLength(1);
  }, 90_000); // told after 10 s of failure, "writable again" after 10 s of writes: about half a minute in all
});
