/** A team's template, read and checked; the post-mortem mailed through an email channel to a local SMTP server. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../src/channels/types.js';
import { DEFAULT_TEMPLATE } from '../../src/core/incident/postmortem.js';
import { mailPostmortem, postmortemOf, readTemplate } from '../../src/services/incident-postmortem.js';
import { addNote, openByHand } from '../../src/services/incident-response.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { sqliteStore } from '../store/dialects.js';

let dir = '';
let store: Store;
let cleanup: () => Promise<void>;
let smtp: SMTPServer;
const mails: Array<{ to: string[]; raw: string }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-postmortem-'));
  ({ store, cleanup } = await sqliteStore());
  await migrate(store.db);
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await store.close();
  await cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('post-mortem templates', () => {
  it('reads a team template relative to the config folder and fills it', async () => {
    await writeFile(join(dir, 'team.md'), '# {{title}} ({{ severity }})\n\nRoot cause: {{root_cause}}\n\n{{timeline}}\n');
    const template = await readTemplate('team.md', dir);
    const incident = await openByHand(
      { db: store.db, now: Date.UTC(2026, 11, 1, 9), actor: { kind: 'cli', label: 'ana' } },
      { title: 'Queue stuck', severity: 3 },
    );
    await addNote({ db: store.db, now: Date.UTC(2026, 11, 1, 9, 5), actor: { kind: 'cli', label: 'bob' } }, incident.id, 'worker restarted');
    const draft = await postmortemOf(store.db, incident.id, Date.UTC(2026, 11, 1, 10), template);
    expect(draft.markdown).toBe(
      [
        '# Queue stuck (SEV3)',
        '',
        'Root cause: _To be written: Why it happened: the underlying fault, not the symptom._',
        '',
        '| time (UTC) | what happened | who |',
        '| --- | --- | --- |',
        '| 2026-12-01 09:00:00 | opened by ana as SEV3: Queue stuck | ana |',
        '| 2026-12-01 09:05:00 | worker restarted | bob |',
        '',
      ].join('\n'),
    );
    expect(draft.html).toContain('<h1>Queue stuck (SEV3)</h1>');
  });

  it('uses the built-in template without a path, and refuses a typo or a missing file naming the setting', async () => {
    expect(await readTemplate(undefined, dir)).toBe(DEFAULT_TEMPLATE);
    await writeFile(join(dir, 'typo.md'), '{{title}} {{root_cuase}}');
    await expect(readTemplate('typo.md', dir)).rejects.toThrow(/incidents\.postmortem_template .* names unknown placeholders: \{\{root_cuase\}\}/);
    await expect(readTemplate('missing.md', dir)).rejects.toThrow(/incidents\.postmortem_template .* cannot be read: ENOENT/);
  });
});

describe('mailing a post-mortem', () => {
  it('sends the Markdown and HTML parts to the email channel’s recipients', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const channels = {
      postmortems: { type: 'email', smtp: `smtp://127.0.0.1:${port}`, from: 'tocsin@example.org', to: ['infra@lists.example.org'] },
      hook: { type: 'webhook', url: 'http://127.0.0.1:9/x' },
    } as unknown as Record<string, ChannelConfig>;
    const draft = { title: 'Post-mortem: Queue stuck', markdown: '# Post-mortem: Queue stuck\n', html: '<h1>Post-mortem: Queue stuck</h1>' };
    const sent = await mailPostmortem(channels, 'postmortems', draft, Date.UTC(2026, 11, 1, 10), undefined);
    expect(sent).toEqual({ ok: true, line: 'postmortems: sent to infra@lists.example.org' });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['infra@lists.example.org']);
    expect(mails[0]!.raw).toContain('Subject: Post-mortem: Queue stuck');
    expect(mails[0]!.raw).toContain('Auto-Submitted: auto-generated');
    expect(mails[0]!.raw).toContain('text/html');
    await expect(mailPostmortem(channels, 'hook', draft, 0, undefined)).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'channel' } });
    await expect(mailPostmortem(channels, 'nope', draft, 0, undefined)).rejects.toMatchObject({ code: 'not_found' });
  });
});
