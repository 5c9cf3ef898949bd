/** `tocsin runbooks export`: Markdown runbooks beside tocsin.yaml become static pages with an index; nothing else is read. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorConfig } from '../../src/schema/config.js';
import { exportRunbooks } from '../../src/services/runbooks.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-runbooks-'));
  await mkdir(join(dir, 'conf', 'runbooks'), { recursive: true });
  await writeFile(join(dir, 'conf', 'runbooks', 'db.md'), '# Database down\n\n1. Check `pg_stat_activity`\n2. <script>alert(1)</script>\n');
  await writeFile(join(dir, 'secret.md'), 'outside the config folder');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const monitor = (id: string, runbook: string) => ({ id, name: `Monitor ${id}`, runbook }) as unknown as MonitorConfig;

describe('runbooks export', () => {
  it('writes each local runbook once, links web ones, and names what it refused', async () => {
    const out = join(dir, 'out');
    const entries = await exportRunbooks(
      [
        monitor('db', 'runbooks/db.md'),
        monitor('replica', './runbooks/db.md'),
        monitor('db2', 'runbooks/db.md'),
        monitor('web', 'https://wiki.example.org/web'),
        monitor('evil', 'javascript://%0aalert(1)'),
        monitor('escape', '../secret.md'),
        monitor('gone', 'runbooks/missing.md'),
      ],
      join(dir, 'conf'),
      out,
    );
    expect((await readdir(out)).sort()).toEqual(['index.html', 'runbooks-db.html']);
    const page = await readFile(join(out, 'runbooks-db.html'), 'utf8');
    expect(page).toContain('<h1>Database down</h1>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="runbooks-db.html">runbooks/db.md</a> — Monitor db, Monitor replica, Monitor db2');
    expect(index).toContain('<a href="https://wiki.example.org/web">https://wiki.example.org/web</a>');
    expect(index).not.toContain('href="javascript');
    expect(entries.filter((e) => e.problem).map((e) => e.problem)).toEqual([
      '../secret.md: only .md files inside the runbook folder are read',
      'javascript://%0aalert(1): not an http(s) URL',
      'runbooks/missing.md: ENOENT',
    ]);
    expect(index).not.toContain('outside the config folder');
  });
});
