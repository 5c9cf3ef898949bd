/**
 * Apprise API, stateful: POST /notify/{KEY} with JSON title, body, type and format; the URLs
 * saved under the key (and the optional tag) decide where it goes. Apprise's types are info,
 * success, warning and failure.
 */
import { clip, describe, severityOf, type Severity } from '../message.js';
import { markdownText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** Apprise passes the body on to services with small limits of their own; it splits or clips as each needs. */
const BODY_LIMIT = 10_000;

const TYPES: Record<Severity, 'failure' | 'warning' | 'success' | 'info'> = { critical: 'failure', warning: 'warning', ok: 'success', info: 'info' };

export function render(n: Notification, config: ChannelOf<'apprise'>, context: RenderContext): HttpRequest {
  const body = {
    title: clip(describe(n, context).title, 250),
    body: markdownText(n, context, { max: BODY_LIMIT }),
    type: TYPES[severityOf(n)],
    format: 'markdown',
    ...(config.tag ? { tag: config.tag } : {}),
  };
  return {
    method: 'POST',
    url: `${config.url.replace(/\/+$/, '')}/notify/${encodeURIComponent(config.key)}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
