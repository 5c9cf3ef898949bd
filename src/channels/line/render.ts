/**
 * LINE Messaging API push message: POST https://api.line.me/v2/bot/message/push with the
 * channel access token, one text message (at most 5000 characters) to a user, group or room.
 * X-Line-Retry-Key, a UUID derived from the notification id, makes a retry after a lost answer
 * the same request: LINE answers it 409 instead of delivering twice.
 */
import { createHash } from 'node:crypto';
import { plainText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export const LINE_PUSH_URL = 'https://api.line.me/v2/bot/message/push';
const LIMIT = 5000;

/** A version-4-shaped UUID from the hash of `id`: the same id always gives the same key. */
export function retryKey(id: string): string {
  const hex = createHash('sha256').update(id).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function render(n: Notification, config: ChannelOf<'line'>, context: RenderContext): HttpRequest {
  const body = { to: config.to, messages: [{ type: 'text', text: plainText(n, context, LIMIT) }] };
  return {
    method: 'POST',
    url: LINE_PUSH_URL,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.channel_access_token}`, 'x-line-retry-key': retryKey(n.id) },
    body: JSON.stringify(body),
  };
}
