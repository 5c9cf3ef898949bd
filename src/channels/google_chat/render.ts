/**
 * Google Chat incoming webhook: one `text` message in Chat's own formatting (*bold*, `code`,
 * <url|label> links), threaded per episode: `thread.threadKey` is the episode's key and
 * messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD makes "down", reminders and "up" of
 * one outage one thread. Text messages are limited to 4096 characters.
 */
import { boundedKey } from '../dedup.js';
import { clip, describe, symbolOf } from '../message.js';
import { fit } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const LIMIT = 4096;
const FENCE = '```';

export function googleChatText(n: Notification, context: RenderContext): string {
  const d = describe(n, context);
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const links = d.links.map((l) => `<${l.url}|${l.label}>`).join(' · ');
  // A fence inside the reason would end the code block early.
  const [headline, reason, tail] = fit(
    d.headline.replace(/\*/g, ''),
    d.reason.replaceAll(FENCE, "'''"),
    [affects, links].filter(Boolean).join('\n'),
    LIMIT - 8,
    6,
  );
  return clip([`${symbolOf(n)} *${headline}*`, `${FENCE}${reason}${FENCE}`, tail].filter(Boolean).join('\n'), LIMIT);
}

export function threadedUrl(raw: string): string {
  const url = new URL(raw);
  url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
  return url.href;
}

export function render(n: Notification, config: ChannelOf<'google_chat'>, context: RenderContext): HttpRequest {
  const body = { text: googleChatText(n, context), thread: { threadKey: boundedKey(n.dedup_key, 128) } };
  return { method: 'POST', url: threadedUrl(config.url), headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) };
}
