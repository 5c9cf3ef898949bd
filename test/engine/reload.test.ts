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

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('config reload', () => {
  let tocsin: Tocsin;
  const file = () => join(dir, 'tocsin.yaml');

  it('adds new monitors and keeps unchanged ones on their slot, but keeps running removed ones until deletion is allowed', async () => {
    writeConfig(file(), ['alpha', 'beta']);
    tocsin = await startTocsin({ configPath: file(), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    await waitFor(() => tocsin.engine.stats().checksCompleted >= 2);
    const alphaSlot = tocsin.engine.nextDue('alpha')! % 1000;

    writeConfig(file(), ['alpha', 'gamma']);
    await tocsin.reload();
    expect(tocsin.engine.nextDue('alpha')! % 1000).toBe(alphaSlot);
    expect(tocsin.engine.nextDue('gamma')).toBeDefined();
    // beta is no longer in the file, but nothing said it may be deleted.
    expect(tocsin.engine.nextDue('beta')).toBeDefined();

    await tocsin.reload({ allowDeletions: true });
    expect(tocsin.engine.nextDue('beta')).toBeUndefined();
    const stored = await listMonitors(tocsin.store.db, { includeDeleted: true });
    expect(stored.find((m) => m.id === 'beta')?.deletedAt).not.toBeNull();
  });

  it('keeps the running config when the new file is broken', async () => {
    writeFileSync(file(), 'monitors:\n  - id: alpha\n    type: htp\n');
    await tocsin.reload();
    expect(tocsin.engine.nextDue('alpha')).toBeDefined();
    expect(tocsin.engine.nextDue('gamma')).toBeDefined();
    expect(tocsin.engine.nextDue('beta')).toBeUndefined();
  });

  it('makes `tocsin apply` refuse deletions without --allow-deletions, then reloads the running instance', async () => {
    writeConfig(file(), ['alpha']);
    const refused = await runCli(['-c', file(), 'apply']);
    expect(refused.code).toBe(5);
    expect(refused.stdout).toContain('- delete   gamma (http)');
    expect(refused.stderr).toContain('the config no longer names 1 monitor (gamma); nothing was changed');

    const applied = await runCli(['-c', file(), 'apply', '--allow-deletions']);
    expect(applied.code).toBe(0);
    await waitFor(() => tocsin.engine.nextDue('gamma') === undefined);
    expect(tocsin.engine.nextDue('alpha')).toBeDefined();
    await tocsin.stop();
  });
});
