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
 * Reads the banner, says EHLO and, when asked and offered, sends STARTTLS,
 * recording each reply in `exchange` as it comes (so a connection lost half
 * way still shows what was said). Stops at the first reply that does not let
 * the conversation go on: the judge says what it means. `enter` lets the
 * caller name the phase of each step.
 */
export async function greet(
  session: SmtpSession,
  scope: SocketScope,
  exchange: SmtpExchange,
  options: { starttls: boolean; enter: (step: SmtpStep) => void },
): Promise<SmtpExchange> {
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

/**
 * Says QUIT and hangs up without waiting for the 221: the verdict is already
 * known, and a server that never answers QUIT must not turn a good result
 * into a timeout.
 */
export function quit(session: SmtpSession): void {
  session.end('QUIT');
}

/** EHLO wants a fully qualified name; the machine's host name is the honest answer. */
function ehloName(): string {
  const name = hostname();
  return /^[A-Za-z0-9.-]+$/.test(name) ? name : 'localhost';
}
