import { hostname } from 'node:os';
import type { SocketScope } from '../tls/socket.js';
import { ehloExtensions, type SmtpReply } from './reply.js';
import type { SmtpSession } from './session.js';

/** The replies an SMTP greeting got, as far as it went. */
export interface SmtpExchange {
  banner?: SmtpReply;
  ehlo?: SmtpReply;
  /** The reply to STARTTLS, when it was sent. */
  starttls?: SmtpReply;
}

export type SmtpStep = 'banner' | 'ehlo' | 'starttls';

/**
 * Reads the banner, says EHLO and, when asked and offered, sends STARTTLS.
 * Stops at the first reply that does not let the conversation go on (the
 * judge says what it means); `enter` lets the caller name the phase of each step.
 */
export async function greet(
  session: SmtpSession,
  scope: SocketScope,
  options: { starttls: boolean; enter: (step: SmtpStep) => void },
): Promise<SmtpExchange> {
  const exchange: SmtpExchange = {};
  options.enter('banner');
  exchange.banner = await scope.race(session.read());
  if (exchange.banner.code !== 220) return exchange;
  options.enter('ehlo');
  exchange.ehlo = await scope.race(session.command(`EHLO ${ehloName()}`));
  if (exchange.ehlo.code !== 250 || !options.starttls || !ehloExtensions(exchange.ehlo).includes('STARTTLS')) return exchange;
  options.enter('starttls');
  exchange.starttls = await scope.race(session.command('STARTTLS'));
  return exchange;
}

/** The connection may now be handed to TLS. */
export function readyForTls(exchange: SmtpExchange): boolean {
  return exchange.starttls?.code === 220;
}

/** Says goodbye politely; a server that will not answer QUIT has already told us all we need. */
export async function quit(session: SmtpSession, scope: SocketScope): Promise<void> {
  try {
    await scope.race(session.command('QUIT'));
  } catch {
    // Closed or reset after QUIT: the conversation is over either way. Aborts are rethrown by the caller's check of ctx.signal.
  }
}

/** EHLO wants a fully qualified name; the machine's host name is the honest answer. */
function ehloName(): string {
  const name = hostname();
  return /^[A-Za-z0-9.-]+$/.test(name) ? name : 'localhost';
}
