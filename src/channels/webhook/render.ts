/**
 * The generic webhook: the DESIGN contract body, byte-stable, signed with
 * HMAC-SHA256 over the exact bytes sent so receivers can verify before parsing.
 */
import { createHmac } from 'node:crypto';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** Every key always present (null when unknown), so receivers need no optional-field guessing. */
export function webhookBody(n: Notification) {
  return {
    event: n.event,
    id: n.id,
    at: n.at,
    monitor: { id: n.monitor.id, name: n.monitor.name, type: n.monitor.type, target: n.monitor.target },
    state: n.state,
    previous_state: n.previous_state,
    since: n.since,
    message: n.message,
    runbook_url: n.runbook_url ?? null,
    ack_url: n.ack_url ?? null,
    incident_id: n.incident_id ?? null,
  };
}

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function render(n: Notification, config: ChannelOf<'webhook'>, _context: RenderContext): HttpRequest {
  const body = JSON.stringify(webhookBody(n));
  const custom = Object.fromEntries(Object.entries(config.headers).map(([name, value]) => [name.toLowerCase(), value]));
  // Ours come last: a configured header must not forge the signature or the content type.
  const headers: Record<string, string> = { ...custom, 'content-type': 'application/json' };
  if (config.secret) headers['x-tocsin-signature'] = sign(body, config.secret);
  return { method: 'POST', url: config.url, headers, body };
}
