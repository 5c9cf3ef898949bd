import { connect, isIPv6, type Socket } from 'node:net';
import type { CheckContext } from '../types.js';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed } from '../../lib/net/targets.js';
import type { TcpSettings } from './schema.js';

/** What a TCP check saw, before any judgement. */
export type TcpObservation =
  | { outcome: 'unresolved'; reason: string }
  | { outcome: 'unreachable'; target: string; code: string | undefined; error: string }
  | { outcome: 'connected'; target: string; connectMs: number; banner?: Banner };

/** The first data the peer sent, and why reading stopped. */
export interface Banner {
  bytes: Buffer;
  /** found: it contains the expected text; closed/reset: the peer hung up; limit: BANNER_LIMIT reached. */
  end: 'found' | 'closed' | 'reset' | 'limit';
}

/** Enough for any greeting; a peer streaming more than this is not greeting us. */
export const BANNER_LIMIT = 64 * 1024;

/** Resolves (c-ares, never dns.lookup), connects to the first address, optionally sends and reads the banner. */
export async function observeTcp(settings: TcpSettings, ctx: CheckContext): Promise<TcpObservation> {
  ctx.phases.enter('dns', settings.host);
  let addresses: string[];
  try {
    addresses = await resolveAllowed(settings.host, settings.port, ctx.targets, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return { outcome: 'unresolved', reason: describeDnsError(error, settings.host) };
  }
  const ip = addresses[0];
  if (ip === undefined) return { outcome: 'unresolved', reason: `${settings.host} resolved to no address` };
  return converse(ip, settings, ctx);
}

export function formatTarget(ip: string, port: number): string {
  return isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function converse(ip: string, settings: TcpSettings, { signal, phases }: CheckContext): Promise<TcpObservation> {
  const target = formatTarget(ip, settings.port);
  const expected = settings.expect && Buffer.from(settings.expect.contains);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    phases.enter('connect', target);
    const started = performance.now();
    // An IP literal: net.connect skips dns.lookup entirely.
    const socket: Socket = connect({ host: ip, port: settings.port });
    let connectMs: number | undefined;
    let banner = Buffer.alloc(0);

    const settle = (result: TcpObservation | { abort: unknown }) => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => {}); // late errors from a destroyed socket are of no interest
      socket.destroy();
      if ('abort' in result) reject(result.abort);
      else resolve(result);
    };
    const onAbort = () => settle({ abort: signal.reason });
    const connected = (end?: Banner['end']): TcpObservation => {
      const seen: TcpObservation = { outcome: 'connected', target, connectMs: connectMs ?? 0 };
      return expected && end ? { ...seen, banner: { bytes: banner.subarray(0, BANNER_LIMIT), end } } : seen;
    };
    signal.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => {
      connectMs = Math.round(performance.now() - started);
      const next = () => (expected ? phases.enter('banner', target) : settle(connected()));
      if (settings.send === undefined) return next();
      phases.enter('send', target);
      socket.write(settings.send, (error) => {
        if (!error) next(); // a failed write also emits 'error', which settles
      });
    });
    socket.on('data', (chunk: Buffer) => {
      if (!expected) return; // sent unasked while we flush `send`: not ours to judge
      banner = Buffer.concat([banner, chunk]);
      if (banner.includes(expected)) settle(connected('found'));
      else if (banner.length >= BANNER_LIMIT) settle(connected('limit'));
    });
    socket.once('end', () => settle(connected('closed')));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (connectMs !== undefined) return settle(connected('reset'));
      settle({ outcome: 'unreachable', target, code: error.code, error: error.message });
    });
  });
}
