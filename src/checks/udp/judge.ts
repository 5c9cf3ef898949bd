import type { Status } from '../../core/types.js';
import { compilePattern } from '../../lib/pattern.js';
import { quote } from '../tcp/judge.js';
import type { UdpObservation } from './observe.js';
import type { UdpSettings } from './schema.js';

export interface UdpVerdict {
  status: Status;
  message: string;
  metrics?: Record<string, number>;
}

/** Decides from the reply: every expectation given must hold. Pure. */
export function judgeUdp(seen: UdpObservation, settings: Pick<UdpSettings, 'expect'>): UdpVerdict {
  if (seen.outcome === 'unresolved') return { status: 'down', message: seen.reason };
  if (seen.outcome === 'failed') return { status: 'down', message: sendFailure(seen.target, seen.code, seen.error) };
  const metrics = { udp_reply_bytes: seen.reply.length };
  const missed = unmet(seen.reply, settings.expect ?? {});
  if (missed) return { status: 'down', message: `reply from ${seen.target}: ${quote(seen.reply)}, expected it to ${missed}`, metrics };
  return { status: 'up', message: `${seen.target} replied ${seen.reply.length} bytes in ${seen.replyMs} ms${met(settings.expect ?? {})}`, metrics };
}

type Expect = NonNullable<UdpSettings['expect']>;

/** The first expectation the reply fails, in words, or undefined when it meets them all. */
function unmet(reply: Buffer, expect: Expect): string | undefined {
  if (expect.contains !== undefined && !reply.includes(expect.contains)) return `contain ${JSON.stringify(expect.contains)}`;
  if (expect.contains_hex !== undefined && !reply.includes(Buffer.from(expect.contains_hex, 'hex'))) return `contain the bytes ${expect.contains_hex}`;
  if (expect.regex !== undefined && !compilePattern(expect.regex).matcher(reply.toString('utf8')).find()) return `match /${expect.regex}/`;
  return undefined;
}

function met(expect: Expect): string {
  const parts = [
    expect.contains !== undefined && `contains ${JSON.stringify(expect.contains)}`,
    expect.contains_hex !== undefined && `contains the bytes ${expect.contains_hex}`,
    expect.regex !== undefined && `matches /${expect.regex}/`,
  ].filter(Boolean);
  return parts.length > 0 ? `; the reply ${parts.join(', ')}` : '';
}

function sendFailure(target: string, code: string | undefined, error: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `${target} refused the datagram (ICMP port unreachable: nothing listens there)`;
    case 'EHOSTUNREACH':
      return `no route to ${target} (host unreachable)`;
    case 'ENETUNREACH':
      return `network unreachable for ${target}`;
    case 'EMSGSIZE':
      return `the datagram is too large for the path to ${target}`;
    default:
      return `could not exchange datagrams with ${target}: ${error}`;
  }
}
