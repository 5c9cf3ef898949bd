/**
 * The status page extras in a real tocsin: export_every keeps a static copy fresh, a visitor
 * subscribes and confirms by mail, and an incident opened from the CLI reaches the page, the copy
 * and the subscriber's inbox through the running engine.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { registerIncident } from '../../src/cli/commands/incident.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { eventually, startTarget, type Target } from '../alerting/live.js';

let dir = '';
let tocsin: Tocsin;
let target: Target;
let smtp: SMTPServer;
const mails: string[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8').replace(/=\r\n/g, '').replace(/=3D/g, '='));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  target = await startTarget(200);
  dir = await mkdtemp(join(tmpdir(), 'tocsin-status-live-'));
  await writeFile(
    join(dir, 'tocsin.yaml'),
    stringify({
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      defaults: { interval: '1s', timeout: '1s' },
      channels: {
        mail: { type: 'email', smtp: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: 'status@example.org', to: ['ops@example.org'] },
      },
      monitors: [{ id: 'web', name: 'Web', type: 'http', url: target.url }],
      status_pages: [{ slug: 'public', title: 'Example CI', components: [{ name: 'Web', monitors: ['web'] }], export_every: '1s' }],
    }),
  );
  tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
}, 30_000);
afterAll(async () => {
  await tocsin?.stop();
  await target?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const exported = () => readFile(join(dir, 'status-export', 'public', 'index.html'), 'utf8').catch(() => '');
const base = () => `http://${tocsin.address}`;

async function openFromCli(title: string): Promise<void> {
  const program = new Command('tocsin').option('-c, --config <file>').exitOverride();
  registerIncident(program);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync([
      'node',
      'tocsin',
      '-c',
      join(dir, 'tocsin.yaml'),
      'incident',
      'open',
      'public',
      '--title',
      title,
      '--body',
      'Slow answers.',
      '--component',
      'Web',
    ]);
  } finally {
    write.mockRestore();
  }
}

describe('status page extras in a running tocsin', () => {
  it('writes the static copy beside the database and keeps it fresh', async () => {
    // The first copy may predate the first check ("No data yet"); a later one shows the monitor up.
    let copy = '';
    for (let i = 0; i < 150 && !(copy = await exported()).includes('All systems operational'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(copy).toContain('All systems operational');
    expect(copy).toContain('href="assets/status.css"');
  }, 20_000);

  it('takes a subscription, mails the confirmation, and delivers an incident opened from the CLI', async () => {
    const response = await fetch(`${base()}/status/public/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@example.org' }),
    });
    expect(response.status).toBe(202);
    const confirmation = await eventually(() => mails.find((m) => m.includes('Subject: Confirm your subscription')), 'the confirmation mail');
    const link = /http:\/\/127\.0\.0\.1:\d+\/status\/public\/subscribe\/confirm\?token=[A-Za-z0-9_-]+/.exec(confirmation)?.[0] ?? '';
    expect(link.startsWith(base())).toBe(true);
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);

    await openFromCli('Web is slow');
    await eventually(() => mails.find((m) => m.includes('Subject: [Example CI status] Web is slow: Investigating')), 'the incident mail');
    expect(await (await fetch(`${base()}/status/public`)).text()).toContain('Web is slow');
    let copy = '';
    for (let i = 0; i < 100 && !(copy = await exported()).includes('Web is slow'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(copy).toContain('Web is slow');
  }, 30_000);
});
