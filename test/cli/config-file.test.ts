/** Where commands look for the store: database.url relative to the config file, TOCSIN_DATABASE_URL relative to the current directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, readConfig, readStoreUrl } from '../../src/config/file.js';

const dir = mkdtempSync(join(tmpdir(), 'tocsin-config-file-'));
const file = join(dir, 'tocsin.yaml');
writeFileSync(file, 'database:\n  url: sqlite:./data/tocsin.db\nchannels:\n  ops:\n    type: webhook\n    url: ${HOOK_URL}\nmonitors: []\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the store a config names', () => {
  it('is beside the config file for a relative sqlite: path, whatever the current directory', async () => {
    const config = await readConfig(file, { HOOK_URL: 'https://hooks.example/x' });
    expect(config.database.url).toBe(`sqlite:${join(dir, 'data', 'tocsin.db')}`);
    expect(databaseUrl(config, {})).toBe(`sqlite:${join(dir, 'data', 'tocsin.db')}`);
  });

  it('is relative to the current directory when TOCSIN_DATABASE_URL gives a relative path', async () => {
    const env = { HOOK_URL: 'https://hooks.example/x', TOCSIN_DATABASE_URL: 'sqlite:here.db' };
    const config = await readConfig(file, env);
    expect(config.database.url).toBe(`sqlite:${join(process.cwd(), 'here.db')}`);
    expect(databaseUrl(config, env)).toBe(`sqlite:${join(process.cwd(), 'here.db')}`);
  });

  it('is found for a read-only command although a variable of the file is unset', async () => {
    await expect(readConfig(file, {})).rejects.toThrow('environment variable HOOK_URL is not set');
    expect(await readStoreUrl(file, {})).toBe(`sqlite:${join(dir, 'data', 'tocsin.db')}`);
  });
});
