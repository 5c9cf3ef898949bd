/**
 * Mastodon: POST /api/v1/statuses with the account's token. Direct visibility by default, so
 * only the mentioned accounts read it; Idempotency-Key is the notification id, so a retry after
 * a lost answer does not post twice. Statuses are limited to 500 characters on most servers.
 */
import { clip } from '../message.js';
import { plainText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const LIMIT = 500;

export function render(n: Notification, config: ChannelOf<'mastodon'>, context: RenderContext): HttpRequest {
  const mentions = config.mention.length ? `${config.mention.join(' ')} ` : '';
  const status = clip(`${mentions}${plainText(n, context, LIMIT - mentions.length)}`, LIMIT);
  return {
    method: 'POST',
    url: `${config.url.replace(/\/+$/, '')}/api/v1/statuses`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.access_token}`, 'idempotency-key': n.id },
    body: JSON.stringify({ status, visibility: config.visibility }),
  };
}
