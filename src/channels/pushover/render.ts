/**
 * Pushover messages API, form-encoded. Priority 1 (bypasses quiet hours) for
 * problems; never 2, which would need retry/expire and a receipt to cancel.
 * Limits (Pushover docs): title 250, message 1024, url 512, url_title 100.
 */
import { clip, describe, severityOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export const PUSHOVER_URL = 'https://api.pushover.net/1/messages.json';

const PRIORITIES = { critical: 1, warning: 0, ok: 0, info: -1 } as const;

export function pushoverFields(n: Notification, config: ChannelOf<'pushover'>, context: RenderContext): Record<string, string> {
  const d = describe(n, context);
  const fields: Record<string, string> = {
    token: config.token,
    user: config.user,
    title: clip(d.title, 250),
    message: clip(`${d.headline}\n${d.reason}${n.dependants?.length ? `\nAffects: ${n.dependants.join(', ')}` : ''}`, 1024),
    priority: String(PRIORITIES[severityOf(n)]),
    timestamp: String(Math.floor(Date.parse(n.at) / 1000)),
  };
  const link = d.links.find((l) => l.label === 'Acknowledge') ?? d.links[0];
  if (link && link.url.length <= 512) {
    fields.url = link.url;
    fields.url_title = clip(link.label, 100);
  }
  return fields;
}

export function render(n: Notification, config: ChannelOf<'pushover'>, context: RenderContext): HttpRequest {
  const body = new URLSearchParams(pushoverFields(n, config, context)).toString();
  return { method: 'POST', url: PUSHOVER_URL, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
}
