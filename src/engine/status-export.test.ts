import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../test/store/dialects.js';
import { silentLogger } from '../lib/logger.js';
import type { StatusPageConfig } from '../schema/config.js';
import { migrate } from '../store/migrate.js';
import type { Store } from '../store/open.js';
import { defaultExportRoot, dueExports, exportDirOf, StatusExporter } from './status-export.js';

const page = (slug: string, every?: number): StatusPageConfig => ({
  slug,
  title: slug,
  components: [{ name: 'Web', monitors: ['web'] }],
  ...(every === undefined ? {} : { export_every: every }),
});

describe('dueExports', () => {
  const cases: [string, StatusPageConfig[], Record<string, number>, number, string[]][] = [
    ['exports a page with export_every that was never written', [page('a', 60_000)], {}, 0, ['a']],
    ['leaves pages without export_every alone', [page('a')], {}, 0, []],
    ['waits until a full period has passed', [page('a', 60_000)], { a: 1_000 }, 60_999, []],
    ['exports again once the period has passed', [page('a', 60_000)], { a: 1_000 }, 61_000, ['a']],
    ['judges each page by its own period', [page('a', 60_000), page('b', 5_000)], { a: 0, b: 0 }, 10_000, ['b']],
  ];
  for (const [name, pages, last, now, expected] of cases) {
    it(name, () => expect(dueExports(pages, new Map(Object.entries(last)), now).map((p) => p.slug)).toEqual(expected));
  }
});

describe('exportDirOf', () => {
  it('puts a page under the root by its slug', () => expect(exportDirOf(page('public'), '/srv/status')).toBe(join('/srv/status', 'public')));
  it("writes to the page's export_dir when it has one", () => {
    expect(exportDirOf({ ...page('public'), export_dir: '/var/www/status' }, '/srv')).toBe('/var/www/status');
  });
});

describe('defaultExportRoot', () => {
  it('sits beside the SQLite file', () => expect(defaultExportRoot('sqlite:./data/tocsin.db')).toBe(join('data', 'status-export')));
  it('falls back to the working directory for PostgreSQL and memory', () => {
    expect(defaultExportRoot('postgres://db/tocsin')).toBe('status-export');
    expect(defaultExportRoot('sqlite::memory:')).toBe('status-export');
  });
});

describe('StatusExporter', () => {
  let store: Store | undefined;
  let dir = '';
  let cleanup = async () => {};
  afterEach(async () => {
    await store?.close();
    await cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the copy fresh every export_every and not more often', async () => {
    ({ store, cleanup } = await sqliteStore());
    await migrate(store.db);
    dir = await mkdtemp(join(tmpdir(), 'tocsin-exporter-'));
    const clock = { now: () => now };
    let now = Date.UTC(2026, 4, 12, 14, 0);
    const config = { status_pages: [page('public', 60_000), page('private')], maintenance: [] };
    const exporter = new StatusExporter({ db: store.db, clock, logger: silentLogger(), config: () => config, root: dir });
    await exporter.runOnce();
    const first = await stat(join(dir, 'public', 'index.html'));
    await expect(stat(join(dir, 'private'))).rejects.toThrow(/ENOENT/);
    now += 30_000;
    await exporter.runOnce();
    expect((await stat(join(dir, 'public', 'index.html'))).mtimeMs).toBe(first.mtimeMs);
    now += 30_000;
    await exporter.runOnce();
    expect(await readFile(join(dir, 'public', 'index.html'), 'utf8')).toContain('14:01 UTC');
  });

  it('logs a failed export and tries again next period', async () => {
    ({ store, cleanup } = await sqliteStore());
    await migrate(store.db);
    dir = await mkdtemp(join(tmpdir(), 'tocsin-exporter-'));
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => errors.push((JSON.parse(line) as { msg: string }).msg) });
    // A file where the page's directory should be: mkdir fails.
    await writeFile(join(dir, 'public'), 'in the way');
    const exporter = new StatusExporter({
      db: store.db,
      clock: { now: () => 0 },
      logger,
      config: () => ({ status_pages: [page('public', 60_000)], maintenance: [] }),
      root: dir,
    });
    await exporter.runOnce();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^status page "public" could not be exported to ${dir}/public: .*; trying again in 60 s$`));
  });
});
