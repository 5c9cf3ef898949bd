/**
 * A database file that is not what tocsin left there is refused with its path and what to do, by
 * `tocsin start` (the built CLI) and by `tocsin status`; never taken for a fresh install, never
 * changed. A missing store makes `status` say where it looked, and creates nothing.
 */
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { startInstance, stopAll, tempDir, tocsinYaml } from '../faults/harness.js';
import { runCli } from './run-cli.js';

afterEach(stopAll);

const WHAT_TO_DO = 'Restore it from a backup, or move it aside (or delete it) to start fresh.';

/** A config in a fresh directory whose database is `tocsin.db` beside it. */
function setUp(): { dir: string; db: string; config: string } {
  const dir = tempDir();
  const config = join(dir, 'tocsin.yaml');
  writeFileSync(config, tocsinYaml({ targetPort: 9 }).replaceAll('{{dir}}', dir));
  return { dir, db: join(dir, 'tocsin.db'), config };
}

async function migratedStore(db: string, list = migrations): Promise<void> {
  const store = await openStore(`sqlite:${db}`);
  await migrate(store.db, list);
  await store.close();
}

async function startOutput(dir: string): Promise<{ code: number | null; output: string }> {
  const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: 9 }), dir });
  const { code } = await tocsin.exited;
  return { code, output: tocsin.logs.map((l) => String(l.msg ?? '')).join('\n') };
}

describe('tocsin start on a broken database file', () => {
  it('refuses a 0-byte file with its path and what to do, and leaves it empty', { timeout: 60_000 }, async () => {
    const { dir, db } = setUp();
    writeFileSync(db, '');
    const { code, output } = await startOutput(dir);
    expect(code).toBe(7);
    expect(output).toContain(
      `tocsin: the database file ${db} is empty (0 bytes): it holds no tocsin data, and tocsin will not take it for a fresh install. ${WHAT_TO_DO}`,
    );
    expect(statSync(db).size).toBe(0);
  });

  it('names a truncated database file', { timeout: 60_000 }, async () => {
    const { dir, db } = setUp();
    await migratedStore(db);
    truncateSync(db, Math.floor(statSync(db).size / 2));
    const { code, output } = await startOutput(dir);
    expect(code).toBe(7);
    expect(output).toContain(`tocsin: the database file ${db} is damaged or truncated (database disk image is malformed). ${WHAT_TO_DO}`);
  });

  it('names a file that is not a database at all', { timeout: 60_000 }, async () => {
    const { dir, db } = setUp();
    writeFileSync(db, 'not a database, but a log someone redirected here\n'.repeat(200));
    const before = readFileSync(db);
    const { code, output } = await startOutput(dir);
    expect(code).toBe(7);
    expect(output).toContain(`tocsin: ${db} is not a SQLite database (file is not a database). ${WHAT_TO_DO}`);
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('tocsin status on a store it cannot read', () => {
  it('says where it looked for a missing database and what to do, exits 3, and creates nothing', async () => {
    const { db, config } = setUp();
    const run = await runCli(['-c', config, 'status']);
    expect(run.stderr).toBe(`tocsin: no tocsin database at ${db}: start tocsin once or run \`tocsin migrate\`\n`);
    expect(run.code).toBe(3);
    expect(existsSync(db)).toBe(false);
  });

  it('refuses a store whose migrations are behind, naming them, and migrates nothing', async () => {
    const { db, config } = setUp();
    const { '0010_instances': _missing, ...older } = migrations;
    await migratedStore(db, older);
    const run = await runCli(['-c', config, 'status']);
    expect(run.stderr).toBe(`tocsin: the tocsin database at ${db} lacks migrations 0010_instances: run \`tocsin migrate\` or start this tocsin first\n`);
    expect(run.code).toBe(3);
    const run2 = await runCli(['-c', config, 'status']);
    expect(run2.stderr).toBe(run.stderr);
  });

  it('names a 0-byte database file and exits 3', async () => {
    const { db, config } = setUp();
    writeFileSync(db, '');
    const run = await runCli(['-c', config, 'status', '--json']);
    expect(run.stderr).toContain(`tocsin: the database file ${db} is empty (0 bytes)`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(3);
  });
});
