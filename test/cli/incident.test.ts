/** `tocsin incident open|update|list` and `tocsin maintenance schedule`, in process against a temp SQLite. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerIncident } from '../../src/cli/commands/incident.js';
import { TocsinError } from '../../src/lib/errors.js';
import { insertSubscriber, messagesOf } from '../../src/store/subscribers.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';

let dir = '';
let dbUrl = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-cli-incident-'));
  dbUrl = `sqlite:${join(dir, 'tocsin.db')}`;
  await writeFile(
    join(dir, 'tocsin.yaml'),
    JSON.stringify({
      database: { url: dbUrl },
      monitors: [
        { id: 'mirror', type: 'http', url: 'http://127.0.0.1:9/' },
        { id: 'docs', type: 'http', url: 'http://127.0.0.1:9/docs' },
      ],
      status_pages: [
        {
          slug: 'public',
          title: 'Example CI',
          components: [
            { name: 'Mirrors', monitors: ['mirror'] },
            { name: 'Docs', monitors: ['docs'] },
          ],
        },
      ],
    }),
  );
  const store = await openStore(dbUrl);
  await migrate(store.db);
  await insertSubscriber(store.db, {
    id: 's1',
    page: 'public',
    kind: 'email',
    address: 'ana@example.org',
    components: ['Mirrors'],
    token: 'tok-1',
    confirmedAt: 1,
    createdAt: 1,
  });
  await store.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tocsin(...args: string[]): Promise<string> {
  const program = new Command('tocsin')
    .option('-c, --config <file>')
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  registerIncident(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'tocsin', '-c', join(dir, 'tocsin.yaml'), ...args]);
    return out;
  } finally {
    write.mockRestore();
  }
}

async function queuedFor(subscriberId: string) {
  const store = await openStore(dbUrl);
  try {
    return await messagesOf(store.db, subscriberId);
  } finally {
    await store.close();
  }
}

describe('tocsin incident', () => {
  let id = '';

  it('opens an incident on a page and says how to update it', async () => {
    const out = await tocsin(
      'incident',
      'open',
      'public',
      '--title',
      'Mirrors slow',
      '--body',
      'Downloads *time out*.',
      '--impact',
      'major',
      '--component',
      'Mirrors',
      '--component',
      'Docs',
    );
    id = /^opened incident (\S+) on "public"/.exec(out)?.[1] ?? '';
    expect(out).toBe(
      `opened incident ${id} on "public": "Mirrors slow" investigating (major) · affects Mirrors, Docs\nupdate it with: tocsin incident update ${id} --status identified --body "…"\n`,
    );
  });

  it('queues the news for confirmed subscribers of an affected component', async () => {
    const queued = await queuedFor('s1');
    expect(queued.map((m) => m.subject)).toEqual(['[Example CI status] Mirrors slow: Investigating']);
  });

  it('adds updates and closes the incident when resolved', async () => {
    expect(await tocsin('incident', 'update', id, '--status', 'identified', '--body', 'A full disk.')).toBe(
      `updated incident ${id} on "public": "Mirrors slow" identified (major) · affects Mirrors, Docs\n`,
    );
    expect(await tocsin('incident', 'update', id, '--status', 'resolved', '--body', 'Space freed.')).toContain('"Mirrors slow" resolved (major)');
    expect((await queuedFor('s1')).map((m) => m.subject.replace(/^.*: /, ''))).toEqual(['Investigating', 'Identified', 'Resolved']);
  });

  it('lists the posts of a page, as text and as JSON', async () => {
    expect(await tocsin('incident', 'list', 'public')).toMatch(
      new RegExp(`^\\d+ \\w+ \\d{4} \\d\\d:\\d\\d UTC  incident ${id} on "public": "Mirrors slow" resolved`),
    );
    const json = JSON.parse(await tocsin('incident', 'list', 'public', '--json')) as { incidents: { id: string; updates: unknown[] }[] };
    expect(json.incidents.find((p) => p.id === id)?.updates).toHaveLength(3);
  });

  it('refuses a status incidents do not have, naming the ones they do', async () => {
    await expect(tocsin('incident', 'update', id, '--status', 'fixed', '--body', 'x')).rejects.toThrow('"fixed" is not a status of an incident');
  });

  it('refuses an unknown page and an unknown component', async () => {
    await expect(tocsin('incident', 'list', 'nope')).rejects.toThrow('no status page "nope" in the config (pages: public)');
    await expect(tocsin('incident', 'open', 'public', '--title', 't', '--body', 'b', '--component', 'Wiki')).rejects.toThrow(TocsinError);
    await expect(tocsin('incident', 'open', 'public', '--title', 't', '--body', 'b', '--component', 'Wiki')).rejects.toThrow(
      'page "public" has no component "Wiki"',
    );
  });
});

describe('tocsin maintenance schedule', () => {
  it('announces a window from a start and a duration', async () => {
    const out = await tocsin(
      'maintenance',
      'schedule',
      'public',
      '--title',
      'Database upgrade',
      '--body',
      'Downloads pause.',
      '--start',
      '2099-12-05T02:00:00Z',
      '--duration',
      '2h',
      '--component',
      'Mirrors',
    );
    expect(out).toMatch(
      /^scheduled maintenance \S+ on "public": "Database upgrade" scheduled \(none\) · affects Mirrors from 5 Dec 2099 02:00 UTC to 5 Dec 2099 04:00 UTC\n$/,
    );
  });

  it('refuses a start without a time zone', async () => {
    await expect(tocsin('maintenance', 'schedule', 'public', '--title', 't', '--body', 'b', '--start', '2099-12-05T02:00', '--duration', '2h')).rejects.toThrow(
      "option '--start <time>' argument '2099-12-05T02:00' is invalid. expected an ISO 8601 time with a zone such as 2026-12-05T02:00:00Z",
    );
  });
});
