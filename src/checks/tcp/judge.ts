import type { Status } from '../../core/types.js';
import { BANNER_LIMIT, type TcpObservation } from './observe.js';
import type { TcpSettings } from './schema.js';

export interface TcpVerdict {
  status: Status;
  message: string;
}

/** Decides up/down and says why, from what the TCP check saw. Pure. */
export function judgeTcp(seen: TcpObservation, settings: Pick<TcpSettings, 'expect'>): TcpVerdict {
  if (seen.outcome === 'unresolved') return down(seen.reason);
  if (seen.outcome === 'unreachable') return down(connectFailure(seen.target, seen.code, seen.error));
  const contains = settings.expect?.contains;
  if (contains === undefined) return { status: 'up', message: `connected to ${seen.target} in ${seen.connectMs} ms` };
  const bytes = seen.banner?.bytes ?? Buffer.alloc(0);
  const wanted = JSON.stringify(contains);
  if (bytes.includes(contains)) {
    return { status: 'up', message: `banner from ${seen.target} contains ${wanted} (connected in ${seen.connectMs} ms)` };
  }
  const end = seen.banner?.end ?? 'closed';
  if (bytes.length === 0) {
    const how = end === 'reset' ? 'reset' : 'closed';
    return down(`${seen.target} ${how} the connection before sending ${wanted}`);
  }
  const limit = end === 'limit' ? ` (stopped reading after ${BANNER_LIMIT / 1024} kB)` : '';
  return down(`banner from ${seen.target}: ${quote(bytes)}, expected it to contain ${wanted}${limit}`);
}

function connectFailure(target: string, code: string | undefined, error: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${target}`;
    case 'EHOSTUNREACH':
      return `no route to ${target} (host unreachable)`;
    case 'ENETUNREACH':
      return `network unreachable for ${target}`;
    case 'ECONNRESET':
      return `${target} reset the connection while connecting`;
    default:
      return `could not connect to ${target}: ${error}`;
  }
}

const SHOWN = 120;

/** The start of what the peer sent, escaped so control bytes and line ends are visible. */
export function quote(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.length > SHOWN ? `${JSON.stringify(text.slice(0, SHOWN))}…` : JSON.stringify(text);
}

function down(message: string): TcpVerdict {
  return { status: 'down', message };
}
