/** `tocsin status export <slug> --out dir` beside `tocsin status [--json]`, run in process against a temp SQLite. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerStatus } from '../../src/cli/commands/status.js';
import { readConfig } from '../../src/config/file.js';
import { TocsinError } from '../../src/lib/errors.js';
import { silentLogger } from '../../src/lib/logger.js';
import { openIncident } from '../../src/services/incidents.js';
import { syncMonitors } from '../../src/services/sync-monitors.js';
import { registerInstance } from '../../src/store/instances.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { acquireRunnerLock } from '../../src/store/runner-lock.js';
import { upsertStates } from '../../src/store/state.js';

let dir = '';
const PAGE = {
  slug: 'public',
  title: 'Example CI',
  components: [
    { name: 'Update center', monitors: ['web'] },
    { name: 'Docs', monitors: ['docs'] },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-cli-status-'));
  const config = {
    database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
    monitors: [
      { id: 'web', name: 'Update center', type: 'http', url: 'http://127.0.0.1:9/health' },
      { id: 'docs', type: 'http', url: 'http://127.0.0.1:9/docs' },
    ],
    status_pages: [PAGE],
  };
  await writeFile(join(dir, 'tocsin.yaml'), JSON.stringify(config));
  const store = await openStore(config.database.url);
  await migrate(store.db);
  const now = Date.now();
  const { monitors } = await readConfig(join(dir, 'tocsin.yaml'));
  await syncMonitors(store.db, monitors, { allowDeletions: false, now, logger: silentLogger() });
  await upsertStates(store.db, [
    {
      monitorId: 'web',
      status: 'down',
      since: now - 600_000,
      lastAt: now - 1000,
      lastStatus: 'down',
      lastMessage: 'connect timed out',
      lastLatencyMs: 10,
      updatedAt: now,
    },
    { monitorId: 'docs', status: 'up', since: now - 6_000_000, lastAt: now - 1000, lastStatus: 'up', lastMessage: '200 OK', lastLatencyMs: 10, updatedAt: now },
  ]);
  await openIncident(
    { db: store.db, now, pages: [PAGE] },
    { page: 'public', title: 'Update center down', body: 'We are on it.', impact: 'major', components: ['Update center'] },
  );
  await store.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tocsin(...args: string[]): Promise<{ out: string; code: number | undefined }> {
  const program = new Command('tocsin').option('-c, --config <file>').exitOverride();
  registerStatus(program);
  // Commander errors become rejections here, not process exits, and stay off the test's stderr.
  program.commands.forEach((c) => c.exitOverride().commands.forEach((s) => s.exitOverride().configureOutput({ writeErr: () => {} })));
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'tocsin', '-c', join(dir, 'tocsin.yaml'), ...args]);
    return { out, code: process.exitCode as number | undefined };
  } finally {
    write.mockRestore();
    process.exitCode = before;
  }
}

describe('tocsin status export', () => {
  it('writes the page, assets, JSON and feeds into the directory and names them', async () => {
    const out = join(dir, 'site');
    const run = await tocsin('status', 'export', 'public', '--out', out);
    expect(run.out).toBe(
      `exported "public" (Example CI) to ${out}: assets/status.css, assets/status.js, status.json, feed.json, feed.rss, feed.atom, index.html\n`,
    );
    expect((await readdir(out)).sort()).toEqual(['assets', 'feed.atom', 'feed.json', 'feed.rss', 'index.html', 'status.json']);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Update center down');
    expect(html).toContain('Major outage');
    const summary = JSON.parse(await readFile(join(out, 'status.json'), 'utf8')) as { components: { name: string; status: string }[] };
    expect(summary.components.map((c) => [c.name, c.status])).toEqual([
      ['Update center', 'major_outage'],
      ['Docs', 'operational'],
    ]);
  });

  it('gives the feeds absolute links when told where the copy is served', async () => {
    const out = join(dir, 'served');
    await tocsin('status', 'export', 'public', '--out', out, '--url', 'https://status.example.org/');
    expect(await readFile(join(out, 'feed.atom'), 'utf8')).toContain('href="https://status.example.org/feed.atom"');
  });

  it('names the pages there are when the slug is unknown', async () => {
    const run = tocsin('status', 'export', 'nope', '--out', join(dir, 'x'));
    await expect(run).rejects.toThrow(TocsinError);
    await expect(tocsin('status', 'export', 'nope', '--out', join(dir, 'x'))).rejects.toThrow('no status page "nope" in the config (pages: public)');
  });

  it('refuses to run without --out', async () => {
    await expect(tocsin('status', 'export', 'public')).rejects.toThrow(/required option '--out <dir>' not specified/);
  });

  it('refuses a --url that is not http(s)', async () => {
    await expect(tocsin('status', 'export', 'public', '--out', join(dir, 'y'), '--url', 'ftp://x')).rejects.toThrow(
      '--url must be an http:// or https:// URL, got "ftp://x"',
    );
  });
});

describe('tocsin status beside its export subcommand', () => {
  it('still prints every monitor as JSON, and exits 2 when one is down while an engine holds the store', async () => {
    const lock = await acquireRunnerLock(storeUrl(), { pid: process.pid, host: 'here' }, silentLogger());
    try {
      await registerRunning();
      const run = await tocsin('status', '--json');
      const parsed = JSON.parse(run.out) as { tocsin: { state: string }; monitors: { id: string; status: string }[] };
      expect(parsed.tocsin.state).toBe('checking');
      expect(parsed.monitors.map((m) => [m.id, m.status])).toEqual([
        ['docs', 'up'],
        ['web', 'down'],
      ]);
      expect(run.code).toBe(2);
    } finally {
      await lock.release();
    }
  });

  it('still prints the table, under a line saying that no engine holds the store', async () => {
    await registerRunning();
    const run = await tocsin('status');
    expect(run.out).toMatch(/^tocsin is not running: last seen \d+ s ago \(pid \d+ on here\)\. .*\nSTATE\s+ID\s+TYPE/);
    expect(run.out).toContain('connect timed out');
    expect(run.code).toBe(3);
  });
});

const storeUrl = () => `sqlite:${join(dir, 'tocsin.db')}`;

/** The heartbeat row of an engine that is checking, as the engine writes it. */
async function registerRunning(): Promise<void> {
  const store = await openStore(storeUrl());
  try {
    const now = Date.now();
    await registerInstance(store.db, {
      name: 'here',
      pid: process.pid,
      host: 'here',
      version: '0.1.0',
      startedAt: now,
      heartbeatAt: now,
      stoppedAt: null,
      checksCompleted: 2,
      monitorsScheduled: 2,
      lastResultAt: now,
      health: [],
    });
  } finally {
    await store.close();
  }
}
