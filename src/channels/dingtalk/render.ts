/**
 * DingTalk custom robot: a markdown message (title is what the notification list shows). With a
 * signing secret, `timestamp` (ms) and `sign` go in the query; they are added when sending
 * (signedUrl), because DingTalk refuses a signature more than an hour old and a retry may be later.
 * DingTalk's Markdown has no code blocks, so the reason is a quote.
 */
import { createHmac } from 'node:crypto';
import { clip, describe, symbolOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const REASON_LIMIT = 4000;

export function dingtalkMarkdown(n: Notification, context: RenderContext): string {
  const d = describe(n, context);
  const quote = clip(d.reason, REASON_LIMIT)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const links = d.links.map((l) => `[${l.label}](${l.url})`).join(' · ');
  return [`### ${symbolOf(n)} ${clip(d.title, 250)}`, `**${clip(d.headline, 1000)}**`, quote, affects, links].filter(Boolean).join('\n\n');
}

/** DingTalk's signature: HMAC-SHA256 keyed with the secret over "timestamp\nsecret", base64. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function signedUrl(raw: string, secret: string, nowMs: number): string {
  const url = new URL(raw);
  url.searchParams.set('timestamp', String(nowMs));
  url.searchParams.set('sign', dingtalkSign(secret, nowMs));
  return url.href;
}

export function render(n: Notification, config: ChannelOf<'dingtalk'>, context: RenderContext): HttpRequest {
  const body = { msgtype: 'markdown', markdown: { title: clip(describe(n, context).title, 250), text: dingtalkMarkdown(n, context) } };
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
