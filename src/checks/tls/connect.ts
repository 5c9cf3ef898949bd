import type net from 'node:net';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed } from '../../lib/net/targets.js';
import type { CheckContext } from '../types.js';
import { connectTcp, describeSocketError, hostPort, type SocketScope } from './socket.js';

/** An expected failure, already in words for the result message. */
export class ObservedFailure extends Error {}

/**
 * Resolves `host` (c-ares, never dns.lookup) and connects to its addresses in
 * order until one accepts. Failures become ObservedFailure with the reason in
 * words; an abort rejects with the signal's reason.
 */
export async function openConnection(host: string, port: number, ctx: CheckContext, scope: SocketScope): Promise<{ socket: net.Socket; address: string }> {
  ctx.phases.enter('dns', host);
  let addresses: string[];
  try {
    addresses = await scope.race(resolveAllowed(host, port, ctx.targets, { signal: ctx.signal, timeoutMs: ctx.timeoutMs }));
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new ObservedFailure(describeDnsError(error, host));
  }
  let lastFailure = `no address for ${host}`;
  for (const ip of addresses) {
    const address = hostPort(ip, port);
    ctx.phases.enter('connect', address);
    try {
      return { socket: await connectTcp(ip, port, scope), address };
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      lastFailure = describeSocketError(error, address);
    }
  }
  throw new ObservedFailure(lastFailure);
}

/**
 * The words for whatever ended an observation early, naming the phase it
 * happened in; rethrows aborts so the runner reports the deadline itself.
 */
export function failureText(error: unknown, ctx: CheckContext): string {
  if (ctx.signal.aborted) throw ctx.signal.reason;
  if (error instanceof ObservedFailure) return error.message;
  const message = errorWords(error);
  const where = ctx.phases.describe();
  return where ? `${message} (${where})` : message;
}

/** The name a certificate must cover: `servername`, else the host without IPv6 brackets. */
export function certificateName(host: string, servername?: string): string {
  return servername ?? host.replace(/^\[(.*)\]$/, '$1');
}

/** OpenSSL errors carry a short `reason`; their message is a line of internal codes and file names. */
function errorWords(error: unknown): string {
  const { code, reason, message } = error as { code?: string; reason?: unknown; message?: string };
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'the server did not answer in TLS; is this a plain-text port?';
  if (typeof reason === 'string' && reason !== '') return `TLS error: ${reason}`;
  return message ?? String(error);
}
