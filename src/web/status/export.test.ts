import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Post } from '../../store/incidents.js';
import { exportFiles, writeExport } from './export.js';
import type { PageView } from './model.js';

const NOW = Date.UTC(2026, 4, 12, 14, 30);

const post: Post = {
  id: 'p1',
  page: 'public',
  kind: 'incident',
  title: 'Mirror A & B unreachable',
  impact: 'major',
  status: 'investigating',
  components: ['Mirrors'],
  startsAt: NOW - 60_000,
  endsAt: null,
  resolvedAt: null,
  createdAt: NOW - 60_000,
  updatedAt: NOW - 60_000,
  updates: [{ id: 'u1', status: 'investigating', body: 'Connections time out.', at: NOW - 60_000 }],
};

const view: PageView = {
  slug: 'public',
  title: 'Example CI',
  description: undefined,
  logo: undefined,
  level: 'partial_outage',
  components: [{ id: 'mirrors', name: 'Mirrors', group: undefined, state: 'partial_outage', since: NOW - 60_000, bars: [], uptime: null }],
  active: [post],
  maintenance: [],
  resolved: [],
  generatedAt: NOW,
};

const text = (files: Map<string, Buffer>, name: string) => files.get(name)?.toString('utf8') ?? '';

describe('exportFiles', () => {
  it('writes the page, its assets, JSON and feeds, with the page last', () => {
    expect([...exportFiles(view).keys()]).toEqual(['assets/status.css', 'assets/status.js', 'status.json', 'feed.json', 'feed.rss', 'feed.atom', 'index.html']);
  });

  it('links the page to its assets and feeds relatively, never to the server layout', () => {
    const html = text(exportFiles(view), 'index.html');
    expect(html).toContain('href="assets/status.css"');
    expect(html).toContain('src="assets/status.js"');
    expect(html).toContain('href="feed.rss"');
    expect(html).toContain('href="feed.atom"');
    expect(html).toContain('href="feed.json"');
    expect(html).not.toMatch(/(?:href|src)="\//);
    expect(html).not.toContain('status-assets');
  });

  it('points the feeds at the exported files, absolutely when the copy has a URL', () => {
    const served = exportFiles(view, { pageUrl: 'https://status.example.org' });
    expect(text(served, 'feed.rss')).toContain('<atom:link href="https://status.example.org/feed.rss" rel="self"');
    expect(text(served, 'feed.rss')).toContain('<link>https://status.example.org/</link>');
    expect(text(served, 'feed.atom')).toContain('<link rel="self" type="application/atom+xml" href="https://status.example.org/feed.atom"/>');
    expect(text(served, 'feed.atom')).toContain('https://status.example.org/#p-p1');
    const local = exportFiles(view);
    expect(text(local, 'feed.rss')).toContain('<atom:link href="feed.rss" rel="self"');
    expect(text(local, 'feed.atom')).toContain('href="feed.atom"/>');
  });

  it('keeps a page URL that names index.html and adds the slash a directory needs', () => {
    expect(text(exportFiles(view, { pageUrl: 'https://example.org/status/index.html' }), 'feed.rss')).toContain('href="https://example.org/status/feed.rss"');
    expect(text(exportFiles(view, { pageUrl: 'https://example.org/status' }), 'feed.rss')).toContain('href="https://example.org/status/feed.rss"');
  });

  it('writes the Statuspage-shaped summary with the incident', () => {
    const summary = JSON.parse(text(exportFiles(view, { pageUrl: 'https://status.example.org/' }), 'status.json')) as {
      page: { url: string };
      incidents: { name: string }[];
    };
    expect(summary.page.url).toBe('https://status.example.org/');
    expect(summary.incidents.map((i) => i.name)).toEqual(['Mirror A & B unreachable']);
  });
});

describe('writeExport', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates the directory tree and leaves no temporary files behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tocsin-export-'));
    const out = join(dir, 'nested', 'site');
    const written = await writeExport(out, exportFiles(view));
    expect(written).toHaveLength(7);
    expect((await readdir(out)).sort()).toEqual(['assets', 'feed.atom', 'feed.json', 'feed.rss', 'index.html', 'status.json']);
    expect((await readdir(join(out, 'assets'))).sort()).toEqual(['status.css', 'status.js']);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('Partial outage');
  });

  it('replaces an earlier export in place', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tocsin-export-'));
    await writeExport(dir, exportFiles(view));
    await writeExport(
      dir,
      exportFiles({ ...view, level: 'operational', active: [], components: [{ ...view.components[0]!, state: 'operational', since: undefined }] }),
    );
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain('All systems operational');
  });
});
