/**
 * GET /api/v1/monitors/:id/runbook against a real tocsin: a runbook file inside incidents.runbook_dir
 * is rendered with raw HTML shown as text; a path out of the folder, a symbolic link out of it, a file
 * past the size bound and a missing file are refused with a reason; web links stay links; nobody
 * signed out reads any of it. Notifications link the dashboard's page of the runbook.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';

let dir = '';
let tocsin: Tocsin;
let base = '';
let token = '';

const monitor = (id: string, runbook: string) => ({ id, name: `Monitor ${id}`, type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', runbook });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-runbook-route-'));
  await mkdir(join(dir, 'conf', 'runbooks'), { recursive: true });
  await writeFile(join(dir, 'conf', 'runbooks', 'db.md'), '# Database down\n\n1. Check `pg_stat_activity`\n2. <script>alert(1)</script>\n');
  await writeFile(join(dir, 'secret.md'), '# not for the dashboard\n');
  await writeFile(join(dir, 'conf', 'tocsin-notes.md'), '# beside the config, outside the runbook folder\n');
  await symlink(join(dir, 'secret.md'), join(dir, 'conf', 'runbooks', 'linked.md'));
  await writeFile(join(dir, 'conf', 'runbooks', 'huge.md'), `# big\n\n${'x'.repeat(200_001)}\n`);
  await writeFile(
    join(dir, 'conf', 'tocsin.yaml'),
    stringify({
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      server: { public_url: 'https://tocsin.example.org' },
      incidents: { runbook_dir: 'runbooks' },
      monitors: [
        monitor('db', 'db.md'),
        monitor('wiki', 'https://wiki.example.org/runbooks/web'),
        monitor('inline', 'Restart the **worker** with `systemctl restart worker`'),
        monitor('up', '../tocsin-notes.md'),
        monitor('escape', '../../secret.md'),
        monitor('linked', 'linked.md'),
        monitor('huge', 'huge.md'),
        monitor('gone', 'missing.md'),
        monitor('evil', 'javascript:alert(1)'),
        { id: 'none', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h' },
      ],
    }),
  );
  tocsin = await startTocsin({ configPath: join(dir, 'conf', 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  base = `http://${tocsin.address}`;
  const ctx = { actor: { kind: 'system' as const, label: 'test' }, now: Date.now() };
  const user = await createUser(tocsin.store.db, { email: 'ops@example.org', role: 'viewer', password: 'a long enough passphrase' }, ctx);
  token = (await createToken(tocsin.store.db, { userId: user.id, name: 'runbook test', scope: 'read' }, ctx)).secret;
}, 60_000);

afterAll(async () => {
  await tocsin?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function runbook(id: string, auth = true): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}/api/v1/monitors/${id}/runbook`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the runbook route', () => {
  it('renders a runbook file of the runbook folder, raw HTML shown as text', async () => {
    const { status, body } = await runbook('db');
    expect(status).toBe(200);
    expect(body).toMatchObject({ monitor: { id: 'db', name: 'Monitor db' }, runbook: 'db.md', kind: 'file' });
    expect(body.html).toContain('<h1>Database down</h1>');
    expect(body.html).toContain('<code>pg_stat_activity</code>');
    expect(body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body.html).not.toContain('<script>');
  });

  it('keeps a web runbook a link and renders Markdown written in the setting', async () => {
    expect(await runbook('wiki')).toEqual({
      status: 200,
      body: {
        monitor: { id: 'wiki', name: 'Monitor wiki' },
        runbook: 'https://wiki.example.org/runbooks/web',
        kind: 'link',
        url: 'https://wiki.example.org/runbooks/web',
      },
    });
    const inline = await runbook('inline');
    expect(inline.body).toMatchObject({ kind: 'text', html: '<p>Restart the <strong>worker</strong> with <code>systemctl restart worker</code></p>' });
  });

  it('refuses a path out of the folder, a symbolic link out of it and a file past the bound, reading none of them', async () => {
    for (const id of ['up', 'escape', 'linked']) {
      const { status, body } = await runbook(id);
      expect(status, id).toBe(400);
      expect(body.error, id).toMatch(/only \.md files inside the runbook folder are read/);
      expect(JSON.stringify(body)).not.toContain('not for the dashboard');
      expect(JSON.stringify(body)).not.toContain('outside the runbook folder');
    }
    expect(await runbook('huge')).toMatchObject({ status: 413, body: { error: 'huge.md: larger than 200 kB' } });
    expect(await runbook('gone')).toMatchObject({ status: 404, body: { error: 'missing.md: ENOENT' } });
    expect(await runbook('evil')).toMatchObject({ status: 400, body: { error: 'the runbook of "evil" is not an http(s) URL' } });
    expect(await runbook('none')).toMatchObject({ status: 404, body: { error: expect.stringContaining('has no runbook') } });
    expect(await runbook('nope')).toMatchObject({ status: 404, body: { error: 'no monitor "nope"' } });
  });

  it('answers nobody who is not signed in', async () => {
    const { status, body } = await runbook('db', false);
    expect(status).toBe(401);
    expect(JSON.stringify(body)).not.toContain('Database down');
  });
});
