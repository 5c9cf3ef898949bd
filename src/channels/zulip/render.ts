/**
 * Zulip send-message API: POST /api/v1/messages, form-encoded, HTTP Basic with the bot's email
 * and API key. By default each monitor gets its own topic, so one outage's messages read as one
 * conversation. Limits (Zulip docs): topic 60 characters, content 10000 bytes.
 */
import { clip } from '../message.js';
import { markdownText, withinBytes } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const CONTENT_LIMIT = 10_000;

export function render(n: Notification, config: ChannelOf<'zulip'>, context: RenderContext): HttpRequest {
  const form = new URLSearchParams({
    type: 'stream',
    to: config.stream,
    topic: clip(config.topic ?? n.monitor.name, 60),
    content: withinBytes((max) => markdownText(n, context, { max }), CONTENT_LIMIT),
  });
  return {
    method: 'POST',
    url: `${config.site.replace(/\/+$/, '')}/api/v1/messages`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${config.email}:${config.api_key}`).toString('base64')}`,
    },
    body: form.toString(),
  };
}
