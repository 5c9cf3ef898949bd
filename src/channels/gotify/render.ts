/**
 * Gotify: POST /message with the application token in X-Gotify-Key (never in the query, where
 * proxies log it). Markdown display and a click-through link go in Gotify's `extras`. Priority 8
 * and up rings on the Android app's high-priority channel by default; recoveries and tests use 4.
 */
import { clip, describe, severityOf } from '../message.js';
import { markdownText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** Gotify sets no limit; this keeps a runaway message from becoming megabytes on a phone. */
const BODY_LIMIT = 10_000;

export function priorityOf(n: Notification, configured: number | undefined): number {
  const severity = severityOf(n);
  if (severity === 'critical') return configured ?? 8;
  if (severity === 'warning') return Math.min(configured ?? 8, 6);
  return Math.min(configured ?? 4, 4);
}

export function render(n: Notification, config: ChannelOf<'gotify'>, context: RenderContext): HttpRequest {
  const d = describe(n, context);
  const click = d.links.find((l) => l.label === 'Acknowledge') ?? d.links[0];
  const body = {
    title: clip(d.title, 250),
    message: markdownText(n, context, { max: BODY_LIMIT }),
    priority: priorityOf(n, config.priority),
    extras: {
      'client::display': { contentType: 'text/markdown' },
      ...(click ? { 'client::notification': { click: { url: click.url } } } : {}),
    },
  };
  return {
    method: 'POST',
    url: `${config.url.replace(/\/+$/, '')}/message`,
    headers: { 'content-type': 'application/json', 'x-gotify-key': config.token },
    body: JSON.stringify(body),
  };
}
