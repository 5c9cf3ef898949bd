import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { firstLine, registerUser } from '../../src/cli/commands/user.js';
import { listAudit } from '../../src/store/audit.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function setUp() {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-cli-user-'));
  const db = join(dir, 'tocsin.db');
  const file = join(dir, 'tocsin.yaml');
  await writeFile(file, `database:\n  url: sqlite:${db}\nmonitors: []\n`);
  const out: string[] = [];
  const notes: string[] = [];
  let password = 'correct horse battery';
  const run = async (...args: string[]) => {
    const program = new Command('tocsin').option('-c, --config <file>').exitOverride();
    registerUser(program, { password: async () => password, out: (t) => out.push(t), note: (t) => notes.push(t) });
    await program.parseAsync(['node', 'tocsin', '-c', file, ...args]);
  };
  return { run, out, notes, db, setPassword: (p: string) => void (password = p) };
}

describe('tocsin user', () => {
  it('adds an admin, lists people, and prints a token once that is stored only as its hash', async () => {
    const { run, out, notes, db } = await setUp();
    await run('user', 'add', '--admin', 'Ana@Example.org');
    await run('user', 'add', '--role', 'editor', 'ci@example.org');
    expect(out.splice(0)).toEqual(['added admin ana@example.org\n', 'added editor ci@example.org\n']);
    await run('user', 'list');
    expect(out.splice(0).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['ana@example.org', 'admin'],
      ['ci@example.org', 'editor'],
    ]);
    await run('user', 'token', 'ci@example.org', '--scope', 'write', '--name', 'deploy');
    const secret = out.splice(0)[0]!.trim();
    expect(secret).toMatch(/^tocsin_[A-Za-z0-9_-]{43}$/);
    expect(notes).toEqual(['write token "deploy" for ci@example.org: copy it now, tocsin cannot show it again\n']);

    const store = await openStore(`sqlite:${db}`);
    try {
      const rows = await store.db.withTables<{ api_tokens: { hash: string } }>().selectFrom('api_tokens').selectAll().execute();
      expect(rows.map((r) => r.hash)).toEqual([createHash('sha256').update(secret).digest('hex')]);
      const audit = await listAudit(store.db, { limit: 10 });
      expect(audit.map((a) => [a.action, a.actor.kind])).toEqual([
        ['token.create', 'cli'],
        ['user.create', 'cli'],
        ['user.create', 'cli'],
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret);
    } finally {
      await store.close();
    }
  });

  it('refuses a short password, an unknown role and a token for nobody, naming the problem', async () => {
    const { run, setPassword } = await setUp();
    setPassword('short');
    await expect(run('user', 'add', 'ana@example.org')).rejects.toThrow('the password is 5 characters long; use at least 10');
    setPassword('long enough password');
    await expect(run('user', 'add', '--role', 'owner', 'ana@example.org')).rejects.toThrow(
      "option '--role <role>' argument 'owner' is invalid. Allowed choices are viewer, editor, admin",
    );
    await expect(run('user', 'token', 'nobody@example.org', '--name', 'x')).rejects.toThrow(
      'no user nobody@example.org; add them first with tocsin user add nobody@example.org',
    );
  });

  it('says how to add the first user when there is none', async () => {
    const { run, out, db } = await setUp();
    const store = await openStore(`sqlite:${db}`);
    await migrate(store.db);
    await store.close();
    await run('user', 'list');
    expect(out).toEqual(['no users yet: add the first with tocsin user add --admin <email>\n']);
  });

  it('lists without creating a database where there is none', async () => {
    const { run, db } = await setUp();
    await expect(run('user', 'list')).rejects.toThrow(`no tocsin database at ${db}: start tocsin once or run \`tocsin migrate\``);
    expect(existsSync(db)).toBe(false);
  });
});

describe('reading the password from stdin', () => {
  it('takes the first line, without its line ending, and refuses an empty one', () => {
    expect(firstLine('s3cret password\r\nignored\n')).toBe('s3cret password');
    expect(() => firstLine('\n')).toThrow('no password on stdin');
  });
});
