/**
 * Slack incoming webhook: Block Kit blocks for the channel, and `text` as the
 * fallback Slack shows in notifications and to clients without blocks.
 * Limits (Slack docs): header 150, section text 3000, 10 fields of 2000.
 */
import { clip, describe, symbolOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** Slack's mrkdwn treats only &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackBody(n: Notification, context: RenderContext) {
  const d = describe(n, context);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${symbolOf(n)} ${d.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(d.headline)}*\n${escapeMrkdwn(d.reason)}`, 3000) } },
    {
      type: 'section',
      fields: d.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, 2000) })),
    },
  ];
  if (d.links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: d.links.map((l) => ({ type: 'button', text: { type: 'plain_text', text: l.label }, url: l.url })),
    });
  }
  return { text: clip(escapeMrkdwn(d.text), 3000), blocks };
}

export function render(n: Notification, config: ChannelOf<'slack'>, context: RenderContext): HttpRequest {
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackBody(n, context)) };
}
