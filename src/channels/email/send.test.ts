import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';
import { send } from './send.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

let server: SMTPServer | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function startSmtp(behaviour: { rejectRcpt?: number; requireAuth?: boolean; silent?: boolean } = {}) {
  const received: Received[] = [];
  server = new SMTPServer({
    disabledCommands: behaviour.requireAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !behaviour.requireAuth,
    onConnect: (_session, callback) => (behaviour.silent ? undefined : callback()),
    onAuth: (auth, _session, callback) =>
      auth.username === 'alerts' && auth.password === 'p@ss/word' ? callback(null, { user: auth.username }) : callback(new Error('bad credentials')),
    onRcptTo: (_address, _session, callback) => {
      if (!behaviour.rejectRcpt) return callback();
      const error = Object.assign(new Error(behaviour.rejectRcpt >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: behaviour.rejectRcpt });
      callback(error);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received };
}

/** The MIME part of `type`, decoded from quoted-printable. */
function part(raw: string, type: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? '';
  const section = raw.split(`\r\n--${boundary}`).find((p) => p.includes(`Content-Type: ${type}`)) ?? '';
  const body = section.slice(section.indexOf('\r\n\r\n') + 4);
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

const headers = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');

describe('email send', () => {
  it('delivers From, To, Subject and both parts to a real SMTP server', async () => {
    const { port, received } = await startSmtp();
    const config = { type: 'email' as const, smtp: `smtp://127.0.0.1:${port}`, from: 'tocsin@example.org', to: ['infra@example.org', 'oncall@example.org'] };
    const message = render(notification(), config, context);
    const outcome = await send(message, config, { channel: 'infra-mail', timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: true, status: 250 });
    const [mail] = received;
    expect(mail?.from).toBe('tocsin@example.org');
    expect(mail?.to).toEqual(['infra@example.org', 'oncall@example.org']);
    const head = headers(mail?.raw ?? '');
    expect(head).toContain('From: tocsin@example.org');
    expect(head).toContain('To: infra@example.org, oncall@example.org');
    expect(head).toContain('Subject: [tocsin] Update center is DOWN since 02:14 UTC (3 failed checks)');
    expect(head).toContain('Message-ID: <ntf_01HQ@tocsin.example.org>');
    expect(head).toContain('X-Tocsin-Event: monitor.down');
    expect(head).toContain('Auto-Submitted: auto-generated');
    expect(head).toContain('X-Auto-Response-Suppress: OOF, AutoReply');
    expect(head).toContain('In-Reply-To: <update-center/4@tocsin.example.org>');
    expect(head).toContain('References: <update-center/4@tocsin.example.org>');
    expect(part(mail?.raw ?? '', 'text/plain').replace(/\r\n/g, '\n')).toBe(message.text);
    expect(part(mail?.raw ?? '', 'text/html').replace(/\r\n/g, '\n')).toBe(message.html);
  });

  it('threads the recovery under the outage on the wire: same In-Reply-To and References, its own Message-ID', async () => {
    const { port, received } = await startSmtp();
    const config = { type: 'email' as const, smtp: `smtp://127.0.0.1:${port}`, from: 'tocsin@example.org', to: ['infra@example.org'] };
    for (const event of ['monitor.down', 'monitor.reminder', 'monitor.up'] as const) {
      const n = notification(event, { id: `ntf_${event}` });
      expect(await send(render(n, config, context), config, { channel: 'infra-mail', timeoutMs: 5000 })).toMatchObject({ ok: true });
    }
    const heads = received.map((mail) => headers(mail.raw));
    const field = (head: string, name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(head)?.[1];
    expect(new Set(heads.map((h) => field(h, 'In-Reply-To')))).toEqual(new Set(['<update-center/4@tocsin.example.org>']));
    expect(new Set(heads.map((h) => field(h, 'References')))).toEqual(new Set(['<update-center/4@tocsin.example.org>']));
    expect(new Set(heads.map((h) => field(h, 'Message-ID'))).size).toBe(3);
  });

  it('logs in with the credentials of the smtp URL and keeps the password out of errors', async () => {
    const { port, received } = await startSmtp({ requireAuth: true });
    const config = { type: 'email' as const, smtp: `smtp://alerts:p%40ss%2Fword@localhost:${port}`, from: 'tocsin@example.org', to: ['infra@example.org'] };
    expect(await send(render(notification(), config, context), config, { channel: 'infra-mail', timeoutMs: 5000 })).toMatchObject({ ok: true });
    expect(received[0]?.user).toBe('alerts');
    const wrong = { ...config, smtp: `smtp://alerts:hunter2-wrong@localhost:${port}` };
    const outcome = await send(render(notification(), wrong, context), wrong, { channel: 'infra-mail', timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, permanent: true });
    expect(JSON.stringify(outcome)).not.toContain('hunter2-wrong');
  });

  it.each([
    [550, true],
    [451, false],
  ])('treats a %i reply to RCPT as permanent: %s', async (code, permanent) => {
    const { port } = await startSmtp({ rejectRcpt: code });
    const config = { type: 'email' as const, smtp: `smtp://127.0.0.1:${port}`, from: 'tocsin@example.org', to: ['infra@example.org'] };
    const outcome = await send(render(notification(), config, context), config, { channel: 'infra-mail', timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, permanent, status: code });
    expect(outcome.ok ? '' : outcome.error).toMatch(new RegExp(`^infra-mail \\(127\\.0\\.0\\.1:${port}\\): `));
  });

  it('gives up on a server that never greets within the deadline', async () => {
    const { port } = await startSmtp({ silent: true });
    const config = { type: 'email' as const, smtp: `smtp://127.0.0.1:${port}`, from: 'tocsin@example.org', to: ['infra@example.org'] };
    const started = Date.now();
    const outcome = await send(render(notification(), config, context), config, { channel: 'infra-mail', timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ ok: false, permanent: false });
  });
});
