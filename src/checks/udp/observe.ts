import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { formatTarget } from '../tcp/observe.js';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed } from '../../lib/net/targets.js';
import type { CheckContext } from '../types.js';
import type { UdpSettings } from './schema.js';

/** What a UDP check saw, before any judgement. */
export type UdpObservation =
  | { outcome: 'unresolved'; reason: string }
  /** The send failed, or the kernel reported an ICMP error (port unreachable) for the socket. */
  | { outcome: 'failed'; target: string; code: string | undefined; error: string }
  | { outcome: 'replied'; target: string; reply: Buffer; replyMs: number };

/** The bytes to send. */
export function payloadOf(settings: Pick<UdpSettings, 'send' | 'send_hex'>): Buffer {
  return settings.send_hex !== undefined ? Buffer.from(settings.send_hex, 'hex') : Buffer.from(settings.send ?? '', 'utf8');
}

/**
 * Sends one datagram and waits for the first one back, until the runner's deadline aborts the
 * wait ("waiting for the reply from …"). The socket is connected, so only the target's replies
 * are read and Linux reports an ICMP port unreachable as ECONNREFUSED instead of silence.
 */
export async function observeUdp(settings: UdpSettings, ctx: CheckContext): Promise<UdpObservation> {
  ctx.phases.enter('dns', settings.host);
  let ip: string | undefined;
  try {
    [ip] = await resolveAllowed(settings.host, settings.port, ctx.targets, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return { outcome: 'unresolved', reason: describeDnsError(error, settings.host) };
  }
  if (ip === undefined) return { outcome: 'unresolved', reason: `${settings.host} resolved to no address` };
  return exchange(ip, settings, ctx);
}

function exchange(ip: string, settings: UdpSettings, { signal, phases }: CheckContext): Promise<UdpObservation> {
  const target = formatTarget(ip, settings.port);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket: Socket = createSocket(isIPv6(ip) ? 'udp6' : 'udp4');
    let sentAt = 0;
    const settle = (result: UdpObservation | { abort: unknown }) => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.close();
      if ('abort' in result) reject(result.abort);
      else resolve(result);
    };
    const onAbort = () => settle({ abort: signal.reason });
    signal.addEventListener('abort', onAbort, { once: true });
    const failed = (error: NodeJS.ErrnoException) => settle({ outcome: 'failed', target, code: error.code, error: error.message });
    socket.on('error', failed);
    socket.on('message', (reply) => settle({ outcome: 'replied', target, reply, replyMs: Math.round(performance.now() - sentAt) }));
    phases.enter('send', target);
    socket.connect(settings.port, ip, () => {
      sentAt = performance.now();
      socket.send(payloadOf(settings), (error) => {
        if (error) failed(error);
        else phases.enter('reply', target);
      });
    });
  });
}
