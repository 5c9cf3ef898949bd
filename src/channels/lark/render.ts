/**
 * Lark / Feishu custom bot webhook: a "post" (rich text) message with the title, the reason and
 * the links as tags. With a signing secret the body also carries `timestamp` and `sign`; those
 * are added when sending (signedBody), because Lark refuses a signature older than an hour and
 * a retry may come later than that.
 */
import { createHmac } from 'node:crypto';
import { clip, describe, symbolOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** Lark takes request bodies up to 20 KB. */
const REASON_LIMIT = 4000;

export function larkBody(n: Notification, context: RenderContext) {
  const d = describe(n, context);
  const lines: Array<Array<Record<string, string>>> = [[{ tag: 'text', text: clip(d.headline, 1000) }], [{ tag: 'text', text: clip(d.reason, REASON_LIMIT) }]];
  if (n.dependants?.length) lines.push([{ tag: 'text', text: `Affects: ${n.dependants.join(', ')}` }]);
  if (d.links.length) lines.push(d.links.map((l) => ({ tag: 'a', text: `${l.label} `, href: l.url })));
  return { msg_type: 'post', content: { post: { en_us: { title: clip(`${symbolOf(n)} ${d.title}`, 250), content: lines } } } };
}

/** Lark's signature: HMAC-SHA256 keyed with "timestamp\nsecret" over nothing, base64. */
export function larkSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export function signedBody(body: string, secret: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  return JSON.stringify({ timestamp: String(timestamp), sign: larkSign(secret, timestamp), ...(JSON.parse(body) as object) });
}

export function render(n: Notification, config: ChannelOf<'lark'>, context: RenderContext): HttpRequest {
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(larkBody(n, context)) };
}
