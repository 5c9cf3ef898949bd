/**
 * Mattermost incoming webhook: `text` in Markdown (Mattermost renders CommonMark), and the
 * optional channel and username overrides the webhook settings allow. Posts are limited to
 * 16383 characters.
 */
import { markdownText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const LIMIT = 16_383;

export function render(n: Notification, config: ChannelOf<'mattermost'>, context: RenderContext): HttpRequest {
  const body = {
    text: markdownText(n, context, { max: LIMIT }),
    ...(config.channel ? { channel: config.channel } : {}),
    ...(config.username ? { username: config.username } : {}),
  };
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
