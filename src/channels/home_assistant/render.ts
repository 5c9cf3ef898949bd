/**
 * Home Assistant REST API: POST /api/services/notify/{service} with a long-lived access token.
 * For the companion apps, `data` carries where a tap goes (url on iOS, clickAction on Android)
 * and, for problems, Android's high priority with ttl 0 so a phone in Doze rings now.
 */
import { clip, describe, severityOf } from '../message.js';
import { plainText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** A push notification's payload is about 4 kB (APNs); the text keeps well inside it. */
const PUSH_LIMIT = 1000;

export function render(n: Notification, config: ChannelOf<'home_assistant'>, context: RenderContext): HttpRequest {
  const d = describe(n, context);
  const tap = d.links.find((l) => l.label === 'Acknowledge') ?? d.links[0];
  const urgent = severityOf(n) === 'critical';
  const data = { ...(tap ? { url: tap.url, clickAction: tap.url } : {}), ...(urgent ? { priority: 'high', ttl: 0 } : {}) };
  const body = { title: clip(d.title, 250), message: plainText(n, context, PUSH_LIMIT), ...(Object.keys(data).length ? { data } : {}) };
  return {
    method: 'POST',
    url: `${config.url.replace(/\/+$/, '')}/api/services/notify/${config.service}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.access_token}` },
    body: JSON.stringify(body),
  };
}
