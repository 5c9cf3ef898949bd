import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { listMonitors } from '../../src/store/monitors.js';
import { openStore } from '../../src/store/open.js';
import { runCli } from '../cli/run-cli.js';

describe('tocsin backup and tocsin restore <file>', () => {
  let dir: string;
  const file = () => join(dir, 'tocsin.yaml');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tocsin-backup-cli-'));
    const monitors = ['web', 'api', 'db'].map((id) => `  - id: ${id}\n    type: tcp\n    host: example.com\n    port: 443\n`).join('');
    writeFileSync(file(), `database:\n  url: sqlite:./tocsin.db\nmonitors:\n${monitors}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a backup with its manifest and restores it into another, empty database', async () => {
    expect((await runCli(['-c', file(), 'apply'])).code).toBe(0);
    const backup = await runCli(['-c', file(), 'backup', '--out', join(dir, 'b.gz')]);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(new RegExp(`^wrote .*b\\.gz: \\d+ tables, \\d+ rows, schema ${Object.keys(migrations).at(-1)}, sha256 [0-9a-f]{64}\\n$`));

    const restored = await runCli(['-c', file(), 'restore', join(dir, 'b.gz')], { TOCSIN_DATABASE_URL: `sqlite:${join(dir, 'copy.db')}` });
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain('restored');
    const copy = await openStore(`sqlite:${join(dir, 'copy.db')}`, { access: 'read' });
    try {
      expect((await listMonitors(copy.db)).map((m) => m.id)).toEqual(['api', 'db', 'web']);
    } finally {
      await copy.close();
    }
  });

  it('refuses a truncated file, and a database that is not empty, with a clear message and nothing restored', async () => {
    const good = readFileSync(join(dir, 'b.gz'));
    writeFileSync(join(dir, 'cut.gz'), good.subarray(0, good.length - 40));
    const cut = await runCli(['-c', file(), 'restore', join(dir, 'cut.gz')], { TOCSIN_DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}` });
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/cut\.gz is not a usable tocsin backup: .*Nothing was restored\./);

    const full = await runCli(['-c', file(), 'restore', join(dir, 'b.gz')]);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('the target database is not empty');
  });
});
