import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblems, loadConfig, loadConfigText, loadDatabaseSettings } from './load.js';
import { formatProblem } from './problems.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/config/${name}`, import.meta.url));

const EXAMPLE_ENV = {
  TOCSIN_PING_KEY: 'ping-key-0123456789',
  TOCSIN_WEBHOOK_SECRET: 'webhook-secret-value',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  PAGERDUTY_ROUTING_KEY: 'pd-routing-key-value',
};

describe('loadConfig', () => {
  it('accepts the example config from the design, with its variables set', async () => {
    const result = await loadConfig(fixture('full.yaml'), EXAMPLE_ENV);
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.config.monitors.map((monitor) => monitor.id)).toEqual([
      'update-center',
      'docs-certificate',
      'mirrors-db',
      'db-network',
      'build-cache-dns',
      'cert-renewal',
      'builder1-disk',
      'cache-redis',
    ]);
    expect(result.config.server.ping_key).toBe(EXAMPLE_ENV.TOCSIN_PING_KEY);
    expect(result.config.channels['ops-slack']).toEqual({ type: 'slack', url: EXAMPLE_ENV.SLACK_WEBHOOK_URL });
    expect(result.config.fallback).toEqual(['infra-mail']);
    expect(result.config.maintenance[0]?.start).toBe(Date.parse('2026-12-05T02:00:00Z'));
  });

  it('names every variable the example needs when none is set', async () => {
    const result = await loadConfig(fixture('full.yaml'), {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(({ line, path, message }) => `${line} ${path}: ${message}`)).toEqual([
      '7 server.ping_key: environment variable TOCSIN_PING_KEY is not set',
      '35 channels.ops-webhook.secret: environment variable TOCSIN_WEBHOOK_SECRET is not set',
      '38 channels.ops-slack.url: environment variable SLACK_WEBHOOK_URL is not set',
      '46 channels.pager.routing_key: environment variable PAGERDUTY_ROUTING_KEY is not set',
    ]);
  });

  it('reports every problem of a file at once, in file order', async () => {
    const result = await loadConfig(fixture('several-problems.yaml'), {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const file = fixture('several-problems.yaml');
    expect(formatProblems(result.problems)).toBe(
      [
        `5 problems in ${file}:`,
        `${file}:3:3 defaults.intreval: unknown key \`intreval\`; did you mean \`interval\`?`,
        `${file}:8:10 channels.ops-slack.url: environment variable SLACK_WEBHOOK_URL is not set`,
        `${file}:12:16 escalations.oncall[0].notify[0]: no channel has the id \`ops-slak\`; did you mean \`ops-slack\`?`,
        `${file}:18:14 monitors[0].timeout: expected a duration such as 500ms, 30s, 10m, 2h or 7d`,
        `${file}:19:9 monitors[1].id: duplicate id \`web\`: monitors[0] already uses it`,
      ].join('\n'),
    );
  });

  it('reports a missing file as a problem instead of throwing', async () => {
    const result = await loadConfig(fixture('no-such-file.yaml'), {});
    expect(result).toEqual({
      ok: false,
      problems: [{ file: fixture('no-such-file.yaml'), path: '', message: `file not found (looked for ${fixture('no-such-file.yaml')})` }],
    });
  });
});

describe('secrets from the environment', () => {
  it('never appear in problems, which show the reference as written instead', () => {
    const text = [
      'channels:',
      '  phone: { type: ntfy, url: "${NTFY_URL}" }',
      'monitors:',
      '  - { id: web, type: tcp, host: example.org, port: 443, depends_on: ["${DEP}"] }',
      '',
    ].join('\n');
    const env = { NTFY_URL: 'not a url s3cr3t-token', DEP: 'hunter2-password' };
    const result = loadConfigText(text, 'tocsin.yaml', env);
    expect(result.ok).toBe(false);
    const shown = result.ok ? '' : formatProblems(result.problems);
    expect(shown).toContain('monitors[0].depends_on[0]: no monitor has the id `${DEP}`');
    expect(shown).toContain('channels.phone.url: expected an http:// or https:// URL');
    expect(shown).not.toMatch(/s3cr3t|hunter2/);
  });

  it('lets TOCSIN_DATABASE_URL replace database.url without showing it when it is wrong', () => {
    const good = loadConfigText('database: { url: "sqlite::memory:" }\n', 'tocsin.yaml', { TOCSIN_DATABASE_URL: 'postgres://tocsin:pw@db/tocsin' });
    expect(good.ok && good.config.database.url).toBe('postgres://tocsin:pw@db/tocsin');

    const bad = loadConfigText('{}\n', 'tocsin.yaml', { TOCSIN_DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(bad).toEqual({
      ok: false,
      problems: [
        { file: 'tocsin.yaml', path: 'database.url', message: 'expected sqlite:<path>, sqlite::memory: or a postgres:// URL (from TOCSIN_DATABASE_URL)' },
      ],
    });
  });

  it('reads $${ as a literal ${', () => {
    const text = 'monitors:\n  - { id: sh, type: exec, command: [sh, -c, "echo $${HOME:-/root}"] }\n';
    const result = loadConfigText(text, 'tocsin.yaml', {});
    const monitor = result.ok ? result.config.monitors[0] : undefined;
    expect(monitor?.type === 'exec' && monitor.settings.command).toEqual(['sh', '-c', 'echo ${HOME:-/root}']);
  });
});

describe('loadDatabaseSettings (for commands that only read the store)', () => {
  it('reads database.url although every other variable of the file is unset', async () => {
    expect(await loadDatabaseSettings(fixture('full.yaml'), {})).toEqual({ ok: true, value: { url: 'sqlite:./data/tocsin.db' } });
  });

  it('ignores problems elsewhere in the file, which do not say where the store is', async () => {
    const loaded = await loadDatabaseSettings(fixture('several-problems.yaml'), {});
    expect(loaded.ok).toBe(true);
  });

  it('takes TOCSIN_DATABASE_URL over the file', async () => {
    expect(await loadDatabaseSettings(fixture('full.yaml'), { TOCSIN_DATABASE_URL: 'postgres://tocsin@db/tocsin' })).toEqual({
      ok: true,
      value: { url: 'postgres://tocsin@db/tocsin' },
    });
  });

  it.each([
    ['database:\n  url: postgres://tocsin:${DB_PASSWORD}@db/tocsin\n', {}, 'tocsin.yaml:2:8 database.url: environment variable DB_PASSWORD is not set'],
    ['database:\n  url: mysql://db/tocsin\n', {}, 'tocsin.yaml:2:8 database.url: expected sqlite:<path>, sqlite::memory: or a postgres:// URL'],
    ['database:\n  uri: sqlite:x.db\n', {}, 'tocsin.yaml:2:3 database.uri: unknown key `uri`; did you mean `url`?'],
  ])('still refuses a store it cannot find: %j', async (text, env, expected) => {
    const dir = await mkdtemp(join(tmpdir(), 'tocsin-load-db-'));
    try {
      await writeFile(join(dir, 'tocsin.yaml'), text);
      const loaded = await loadDatabaseSettings(join(dir, 'tocsin.yaml'), env);
      expect(loaded.ok ? [] : loaded.problems.map((p) => formatProblem({ ...p, file: 'tocsin.yaml' }))).toEqual([expected]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
