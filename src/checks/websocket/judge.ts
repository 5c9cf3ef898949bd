import type { Status } from '../../core/types.js';
import { compilePattern } from '../../lib/pattern.js';
import { quote } from '../tcp/judge.js';
import type { WebsocketObservation } from './observe.js';
import type { WebsocketSettings } from './schema.js';

export interface WebsocketVerdict {
  status: Status;
  message: string;
  metrics?: Record<string, number>;
}

/** The registered close codes (RFC 6455 §7.4.1 and IANA), in words. */
const CLOSE_CODES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status code',
  1006: 'closed without a close frame',
  1007: 'invalid payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'mandatory extension',
  1011: 'internal error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
  1015: 'TLS handshake failure',
};

/** Decides from what the check saw: open, then the reply and the close code the settings expect. Pure. */
export function judgeWebsocket(seen: WebsocketObservation, settings: Pick<WebsocketSettings, 'expect'>): WebsocketVerdict {
  if (seen.failure !== undefined || seen.openMs === undefined) return down(seen.failure ?? `${seen.url} did not open`);
  const expect = settings.expect ?? {};
  const metrics: Record<string, number> = { websocket_open_ms: seen.openMs };
  const wantsReply = expect.contains !== undefined || expect.regex !== undefined;
  const parts = [`opened ${seen.url} in ${seen.openMs} ms`];
  if (wantsReply) {
    if (!seen.reply) return down(`${seen.url} ${closedWith(seen.close)} before sending a message`, metrics);
    metrics.websocket_reply_ms = seen.reply.ms;
    const missed = unmet(seen.reply.data, expect);
    if (missed) return down(`message from ${seen.url}: ${quote(seen.reply.data)}, expected it to ${missed}`, metrics);
    parts.push(
      `the reply ${expect.contains !== undefined ? `contains ${JSON.stringify(expect.contains)}` : `matches /${expect.regex}/`} (after ${seen.reply.ms} ms)`,
    );
  }
  if (expect.close_code !== undefined) {
    if (seen.close?.code !== expect.close_code)
      return down(`${seen.url} ${closedWith(seen.close)}, expected close code ${expect.close_code} (${codeWords(expect.close_code)})`, metrics);
    parts.push(`closed with ${expect.close_code} as expected`);
  } else if (seen.close) {
    return down(`${seen.url} ${closedWith(seen.close)}`, metrics);
  }
  return { status: 'up', message: parts.join('; '), metrics };
}

function unmet(data: Buffer, expect: NonNullable<WebsocketSettings['expect']>): string | undefined {
  if (expect.contains !== undefined && !data.includes(expect.contains)) return `contain ${JSON.stringify(expect.contains)}`;
  if (expect.regex !== undefined && !compilePattern(expect.regex).matcher(data.toString('utf8')).find()) return `match /${expect.regex}/`;
  return undefined;
}

function closedWith(close: WebsocketObservation['close']): string {
  if (!close) return 'did not close';
  const reason = close.reason ? `: ${JSON.stringify(close.reason)}` : '';
  return `closed the connection with ${close.code} (${codeWords(close.code)})${reason}`;
}

function codeWords(code: number): string {
  return CLOSE_CODES[code] ?? (code >= 4000 ? "the application's own code" : 'unregistered code');
}

function down(message: string, metrics?: Record<string, number>): WebsocketVerdict {
  return { status: 'down', message, ...(metrics && { metrics }) };
}
