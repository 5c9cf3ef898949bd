/**
 * SMTP delivery through nodemailer's SMTPConnection, driven directly so the
 * attempt can be cut off: the host is resolved with c-ares and the connection
 * made to the IP (TLS still verifies the name), and an abort or the deadline
 * closes the socket. 5xx replies and rejected credentials are permanent; 4xx
 * replies and network trouble are worth another try.
 */
import { isIP } from 'node:net';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed, TargetRefused } from '../../lib/net/targets.js';
import { scrub } from '../judge.js';
import type { ChannelOf, SendOptions, SendOutcome } from '../types.js';
import type { MailMessage } from './render.js';

export async function send(message: MailMessage, config: ChannelOf<'email'>, options: SendOptions): Promise<SendOutcome> {
  const server = new URL(config.smtp);
  const secrets = [decodeURIComponent(server.password)].filter(Boolean);
  const label = `${options.channel} (${server.hostname}:${portOf(server)})`;
  const fail = (permanent: boolean, reason: string, status?: number): SendOutcome => ({
    ok: false,
    permanent,
    error: scrub(`${label}: ${reason}`, secrets),
    ...(status ? { status } : {}),
  });
  if (options.signal?.aborted) return fail(false, 'aborted before sending');
  const deadline = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  let address: string | undefined;
  try {
    [address] = await resolveAllowed(server.hostname, portOf(server), options.targets, {
      signal: deadline,
      timeoutMs: options.timeoutMs,
      server: options.dnsServer,
    });
  } catch (error) {
    return fail(error instanceof TargetRefused, describeDnsError(error, server.hostname));
  }
  if (!address) return fail(false, `no address for ${server.hostname}`);
  // nodemailer is loaded on the first mail: it costs every engine ~1.9 MB of heap, email channels or not.
  const [{ default: MailComposer }, { default: Connection }] = await Promise.all([
    import('nodemailer/lib/mail-composer'),
    import('nodemailer/lib/smtp-connection'),
  ]);
  const raw = await new MailComposer({ ...message, date: new Date(message.date) }).compile().build();
  return deliver(new Connection(connectionOptions(server, address, options)), server, message, raw, deadline).then(
    (response) => ({ ok: true as const, status: Number(response.slice(0, 3)) || 250, detail: scrub(response, secrets) }),
    (error: unknown) => judgeSmtpError(error, deadline, options.timeoutMs, fail),
  );
}

function portOf(server: URL): number {
  return Number(server.port) || (server.protocol === 'smtps:' ? 465 : 25);
}

function connectionOptions(server: URL, address: string, options: SendOptions): SMTPConnection.Options {
  const hostname = server.hostname.replace(/^\[(.*)\]$/, '$1');
  const servername = isIP(hostname) ? undefined : hostname;
  return {
    host: address,
    port: portOf(server),
    secure: server.protocol === 'smtps:',
    ...(servername ? { servername } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    tls: { ...(servername ? { servername } : {}), ...(options.ca ? { ca: options.ca } : {}) },
  };
}

function deliver(connection: SMTPConnection, server: URL, message: MailMessage, raw: Buffer, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const abort = () => {
      connection.close();
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    const done = (error: unknown, response?: string) => {
      signal.removeEventListener('abort', abort);
      if (error) {
        connection.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      } else {
        connection.quit();
        resolve(response ?? '250');
      }
    };
    connection.once('error', (error) => done(error));
    connection.connect((error) => {
      if (error) return done(error);
      const user = decodeURIComponent(server.username);
      const transfer = () => connection.send({ from: message.from, to: message.to }, raw, (err, info) => done(err, info?.response));
      if (!user) return transfer();
      connection.login({ credentials: { user, pass: decodeURIComponent(server.password) } }, (err) => (err ? done(err) : transfer()));
    });
  });
}

type Fail = (permanent: boolean, reason: string, status?: number) => SendOutcome;

function judgeSmtpError(error: unknown, signal: AbortSignal, timeoutMs: number, fail: Fail): SendOutcome {
  if (signal.aborted) {
    const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
    return fail(false, timedOut ? `no answer within ${timeoutMs} ms` : 'aborted');
  }
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const said = e.response ?? e.message ?? String(error);
  if (e.code === 'EAUTH') return fail(true, `the server refused the credentials: ${said}`, e.responseCode);
  if (e.responseCode && e.responseCode >= 500) return fail(true, `the server refused the message: ${said}`, e.responseCode);
  if (e.responseCode && e.responseCode >= 400) return fail(false, `the server deferred the message: ${said}`, e.responseCode);
  return fail(false, `${e.code ? `${e.code}: ` : ''}${said}`);
}
