import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { listMonitors } from '../../src/store/monitors.js';
import { runCli } from '../cli/run-cli.js';

let dir: string;
let target: http.Server;
let port = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-reload-'));
  target = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  port = (target.address() as AddressInfo).port;
});

afterAll(() => {
  target.close();
  rmSync(dir, { recursive: true, force: true });
});

const monitor = (id: string) => `  - id: ${id}\n    type: http\n    url: http://127.0.0.1:${port}/${id}\n    interval: 1s\n`;
const writeConfig = (file: string, ids: string[]) =>
  writeFileSync(file, `database:\n  url: sqlite:${join(dir, 'tocsin.db')}\nmonitors:\n${ids.map(monitor).join('')}`);

/**
 * Each `tocsin` CLI run is a fresh Node process: on a loaded 2-core machine one takes 5–10 s to start
 * (measured: 7 s for --help at load 25), so the tests that run several give them room, and the engine's
 * reaction to one is waited for with a bound of the same order. What they assert does not depend on it.
 */
const CLI_BUDGET = 60_000;
const cli = (args: string[]) => runCli(args, {}, CLI_BUDGET);
const SLOW_TEST = { timeout: 5 * CLI_BUDGET };

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('config reload', () => {
  let tocsin: Tocsin;
  const file = () => join(dir, 'tocsin.yaml');

  it('adds new monitors and keeps unchanged ones on their slot; removes a few without a flag', async () => {
    writeConfig(file(), ['alpha', 'beta', 'delta', 'epsilon', 'zeta', 'eta']);
    tocsin = await startTocsin({ configPath: file(), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    await waitFor(() => tocsin.engine.stats().checksCompleted >= 2);
    const alphaSlot = tocsin.engine.nextDue('alpha')! % 1000;

    writeConfig(file(), ['alpha', 'gamma', 'delta', 'epsilon', 'zeta', 'eta']);
    await tocsin.reload();
    expect(tocsin.engine.nextDue('alpha')! % 1000).toBe(alphaSlot);
    expect(tocsin.engine.nextDue('gamma')).toBeDefined();
    // One removal of six is within apply.max_deletions (never fewer than 3): soft-deleted.
    expect(tocsin.engine.nextDue('beta')).toBeUndefined();
    const stored = await listMonitors(tocsin.store.db, { includeDeleted: true });
    expect(stored.find((m) => m.id === 'beta')?.deletedAt).not.toBeNull();
  });

  it('refuses the same over-limit plan on SIGHUP as `tocsin apply` does: nothing changes either way', SLOW_TEST, async () => {
    writeConfig(file(), ['alpha', 'gamma', 'theta']);
    await tocsin.reload();
    // Refused whole: theta is not added either, and the four others keep running.
    expect(tocsin.engine.nextDue('theta')).toBeUndefined();
    for (const id of ['delta', 'epsilon', 'zeta', 'eta']) expect(tocsin.engine.nextDue(id)).toBeDefined();
    const before = await listMonitors(tocsin.store.db, { includeDeleted: true });

    const refused = await cli(['-c', file(), 'apply']);
    expect(refused.code).toBe(5);
    expect(refused.stdout).toContain('- remove  monitor delta (soft delete: restorable, history kept)');
    expect(refused.stdout).toContain('+ add     monitor theta');
    expect(refused.stderr).toContain('nothing was changed: the plan removes 4 monitors of 6 (delta, epsilon, eta, zeta), over the limit of 3');
    expect(await listMonitors(tocsin.store.db, { includeDeleted: true })).toEqual(before);

    const applied = await cli(['-c', file(), 'apply', '--allow-deletions']);
    expect(applied.code).toBe(0);
    await waitFor(() => tocsin.engine.nextDue('delta') === undefined && tocsin.engine.nextDue('theta') !== undefined);
    expect(tocsin.engine.nextDue('alpha')).toBeDefined();
  });

  it('keeps the running config when the new file is broken', async () => {
    writeFileSync(file(), 'monitors:\n  - id: alpha\n    type: htp\n');
    await tocsin.reload();
    expect(tocsin.engine.nextDue('alpha')).toBeDefined();
    expect(tocsin.engine.nextDue('gamma')).toBeDefined();
    expect(tocsin.engine.nextDue('theta')).toBeDefined();
  });

  it('makes `tocsin plan` exit 0 when the store matches, 2 when changes are pending, 1 on errors', SLOW_TEST, async () => {
    writeConfig(file(), ['alpha', 'gamma', 'theta']);
    expect((await cli(['-c', file(), 'plan'])).code).toBe(0);
    writeConfig(file(), ['alpha', 'gamma', 'theta', 'iota']);
    const pending = await cli(['-c', file(), 'plan', '--json']);
    expect(pending.code).toBe(2);
    expect(JSON.parse(pending.stdout)).toEqual({ changes: [{ kind: 'monitor', id: 'iota', action: 'add' }], refusal: null });
    expect((await cli(['-c', join(dir, 'missing.yaml'), 'plan'])).code).toBe(1);
    const removed = await cli(['-c', file(), 'restore', 'monitor']);
    expect(removed.stdout).toMatch(/^delta {2}removed \S+Z, purged after \S+Z$/m);
    await tocsin.stop();
  });
});
